import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseDocument } from 'yaml';
import { CliError } from '../cli.error';
import { errorCode } from '../connection';
import { ExitCode } from '../exit-codes';

/*
 * Documents people write by hand (model cards, approval policies), as YAML or JSON. Only the syntax is checked
 * here, with the line of the first error; what a document says is for the server to judge, so there is one set
 * of rules.
 */

/** Reads a YAML or JSON file; `what` names it in errors ("the card file", "the policy file"). */
export async function readStructuredFile(path: string, shownAs: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(ExitCode.Usage, `cannot read ${what} ${shownAs}: ${errorCode(error)}`, { cause: error });
  }
  return parseStructuredText(text, shownAs);
}

/** JSON by a `.json` extension or a leading `{`; YAML otherwise (`.yaml`, `.yml`, anything else). */
export function parseStructuredText(text: string, file: string): unknown {
  const content = text.replace(/^\uFEFF/, '');
  const extension = extname(file).toLowerCase();
  const isJson =
    extension === '.json' || (extension !== '.yaml' && extension !== '.yml' && content.trimStart().startsWith('{'));
  return isJson ? parseJson(content, file) : parseYaml(content, file);
}

/** A parsed value in words, for "must hold a mapping …, not a list". */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}

function parseYaml(text: string, file: string): unknown {
  const document = parseDocument(text);
  const [first] = document.errors;
  if (first !== undefined) {
    const [start] = first.linePos ?? [];
    const where = start ? `${file}:${start.line}:${start.col}` : file;
    const message = (first.message.split('\n')[0] ?? first.message).replace(/ at line \d+, column \d+:?$/, '');
    throw new CliError(ExitCode.Usage, `${where}: not valid YAML: ${message}`);
  }
  return document.toJS();
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const { line, column } = lineAndColumn(text, jsonErrorOffset(text, message));
    const reason = message
      .replace(/ in JSON at position \d+.*$/s, '')
      .replace(/, (\.\.\.)?".*" is not valid JSON$/s, '')
      .replace(/^Unexpected end of JSON input$/, 'the file ends too early');
    throw new CliError(ExitCode.Usage, `${file}:${line}:${column}: not valid JSON: ${reason}`);
  }
}

/**
 * Where JSON.parse gave up. V8 names the position for most errors but not for "Unexpected token", so
 * otherwise search for the shortest prefix that fails before its end: every prefix that stops short of the
 * bad character either parses or fails only at its end.
 */
function jsonErrorOffset(text: string, message: string): number {
  const named = /at position (\d+)/.exec(message);
  if (named?.[1] !== undefined) return Number(named[1]);
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (failsBeforeEnd(text.slice(0, middle + 1))) high = middle;
    else low = middle + 1;
  }
  return low;
}

function failsBeforeEnd(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return false;
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (message.includes('end of JSON input')) return false;
    const position = /at position (\d+)/.exec(message)?.[1];
    return position === undefined || Number(position) < prefix.length;
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}
