import type { ModelCard } from '@vigil/domain';
import { parseDocument } from 'yaml';
import { ModelCardInvalidError } from './model-card-invalid.error';
import { validateModelCardObject } from './validate-model-card-object';

export type ModelCardFormat = 'yaml' | 'json';

/** Far above any real card (31 attributes of at most 10 000 characters) but low enough to refuse a stray upload early. */
export const MODEL_CARD_SOURCE_MAX_LENGTH = 1_000_000;

/** Aliases can expand a small YAML file enormously; a hand-written card has no need for many. */
const MAX_YAML_ALIASES = 50;

/**
 * Reads a card from YAML or JSON text (the format is guessed from the first character when not given) or takes
 * an already parsed value, validates it, and returns a plain object. Any problem, a syntax error included, is
 * thrown as `ModelCardInvalidError`.
 */
export function parseModelCard(input: string | object, format?: ModelCardFormat): ModelCard {
  if (typeof input !== 'string') return validateModelCardObject(input);
  if (input.length > MODEL_CARD_SOURCE_MAX_LENGTH) {
    throw invalid(`the card text is ${input.length} characters long; the limit is ${MODEL_CARD_SOURCE_MAX_LENGTH}`);
  }
  const text = input.replace(/^\uFEFF/, '');
  const value = (format ?? detectFormat(text)) === 'json' ? parseJson(text) : parseYaml(text);
  return validateModelCardObject(value);
}

/** JSON is YAML too, but JSON.parse gives JSON authors the error messages they expect. */
function detectFormat(text: string): ModelCardFormat {
  return /^\s*[{[]/.test(text) ? 'json' : 'yaml';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const { line, column } = locateJsonError(text, message);
    // Keep V8's reason but drop its offset and its quoted excerpt of the text: the line and column replace both.
    const reason = message
      .replace(/\s*\(line \d+ column \d+\)/, '')
      .replace(/\s+in JSON at position \d+.*$/, '')
      .replace(/^(Unexpected token '.*?'),.*$/s, '$1');
    throw invalid(`JSON syntax error at line ${line}, column ${column}: ${reason}`);
  }
}

/**
 * V8 gives a character offset for most JSON errors but not for an unexpected token. For those, the YAML parser
 * restricted to the JSON schema finds the same fault with a line and column (JSON being a subset of YAML).
 */
function locateJsonError(text: string, message: string): { line: number; column: number } {
  const offset = /at position (\d+)/.exec(message);
  if (offset) return lineAndColumn(text, Number(offset[1]));
  const position = parseDocument(text, { schema: 'json' }).errors[0]?.linePos?.[0];
  return position ? { line: position.line, column: position.col } : lineAndColumn(text, text.length);
}

function parseYaml(text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  const [first] = doc.errors;
  if (first) {
    const where = first.linePos ? ` at line ${first.linePos[0].line}, column ${first.linePos[0].col}` : '';
    const reason =
      first.code === 'MULTIPLE_DOCS'
        ? 'a card is a single YAML document; remove the extra "---" separator'
        : (first.message.split('\n')[0] ?? '').replace(/\s*at line \d+, column \d+:?\s*$/, '');
    const more = doc.errors.length > 1 ? ` (and ${doc.errors.length - 1} more after it)` : '';
    throw invalid(`YAML syntax error${where}: ${reason}${more}`);
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    throw invalid(`the YAML could not be expanded: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1] ?? '').length + 1 };
}

function invalid(message: string): ModelCardInvalidError {
  return new ModelCardInvalidError([{ field: '', message }]);
}
