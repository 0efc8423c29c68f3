import { type ModelCardJson } from '@vigil/contracts';
import { CliError } from '../cli.error';
import { ExitCode } from '../exit-codes';
import { describeValue, parseStructuredText, readStructuredFile } from './structured-file';

/** Reads a model card written as YAML or JSON; only its syntax and top-level shape are checked here. */
export async function readCardFile(path: string, shownAs: string = path): Promise<ModelCardJson> {
  return asCard(await readStructuredFile(path, shownAs, 'the card file'), shownAs);
}

export function parseCardText(text: string, file: string): ModelCardJson {
  return asCard(parseStructuredText(text, file), file);
}

function asCard(value: unknown, file: string): ModelCardJson {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new CliError(
      ExitCode.Usage,
      `${file} must hold a mapping of card sections (details:, purpose:, …) at the top level, not ${describeValue(value)}`,
    );
  }
  return value as ModelCardJson;
}
