/**
 * A content key that is not a SHA-256 digest written as 64 lowercase hex characters. Raised before any I/O, so
 * a caller-controlled string never reaches a file path or an object key.
 */
export class InvalidSha256Error extends Error {
  readonly code = 'invalid_sha256';

  constructor(value: unknown) {
    super(`Invalid artifact key: expected a SHA-256 digest as 64 lowercase hex characters, got ${preview(value)}`);
    this.name = 'InvalidSha256Error';
  }
}

// The rejected value may be arbitrary user input: keep it short and quoted so it cannot flood or forge log lines.
function preview(value: unknown): string {
  if (typeof value !== 'string') return typeof value;
  const shown = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  return `${JSON.stringify(shown)} (${value.length} characters)`;
}
