import { CliError } from '../cli.error';
import { ExitCode } from '../exit-codes';

export interface VersionRef {
  model: string;
  version: number;
}

const EXAMPLE = 'e.g. sepsis-risk@3';

/** `NAME@V` → `{ model, version }`; anything else is a usage error that says what was expected. */
export function parseVersionRef(text: string): VersionRef {
  const at = text.lastIndexOf('@');
  if (at < 0) {
    throw usage(`expected NAME@VERSION (${EXAMPLE}), got ${JSON.stringify(text)}: the version number is missing`);
  }
  const model = text.slice(0, at);
  const version = text.slice(at + 1);
  if (model.trim() === '') {
    throw usage(`expected NAME@VERSION (${EXAMPLE}), got ${JSON.stringify(text)}: the model name is missing`);
  }
  if (version === '') {
    throw usage(`expected NAME@VERSION (${EXAMPLE}), got ${JSON.stringify(text)}: nothing follows the @`);
  }
  if (!/^[0-9]+$/.test(version) || Number(version) < 1 || !Number.isSafeInteger(Number(version))) {
    throw usage(`the version in ${JSON.stringify(text)} must be a whole number from 1 up (${EXAMPLE})`);
  }
  return { model, version: Number(version) };
}

export function formatVersionRef(ref: VersionRef): string {
  return `${ref.model}@${ref.version}`;
}

function usage(message: string): CliError {
  return new CliError(ExitCode.Usage, message);
}
