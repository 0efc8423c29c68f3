import { InvalidArgumentError } from 'commander';

/*
 * Argument parsers for commander options. They throw InvalidArgumentError, which commander reports as
 * "option '--limit <n>' argument 'x' is invalid. <our sentence>" and the CLI maps to exit code 2.
 */

export function parseLimit(value: string): number {
  const limit = Number(value);
  if (!/^[0-9]+$/.test(value) || limit < 1 || limit > 200) {
    throw new InvalidArgumentError('It must be a whole number from 1 to 200.');
  }
  return limit;
}

export function parseVersionNumber(value: string): number {
  const version = Number(value);
  if (!/^[0-9]+$/.test(value) || version < 1 || !Number.isSafeInteger(version)) {
    throw new InvalidArgumentError('It must be a version number: a whole number from 1 up.');
  }
  return version;
}

export function parseThreshold(value: string): number {
  const threshold = Number(value);
  if (value.trim() === '' || !Number.isFinite(threshold)) {
    throw new InvalidArgumentError('It must be a number, e.g. 0.5.');
  }
  return threshold;
}

/** Checked here too so that a typo fails at once instead of after uploading a large artifact. */
export function parseGitCommit(value: string): string {
  if (!/^[0-9a-fA-F]{7,64}$/.test(value)) {
    throw new InvalidArgumentError(
      'It must be a git commit id: 7 to 64 hexadecimal characters (try `git rev-parse HEAD`).',
    );
  }
  return value.toLowerCase();
}

/** `2027-01-01` (midnight UTC) or a full ISO 8601 instant with its zone; must lie in the future. */
export function parseExpiry(now: () => Date = () => new Date()): (value: string) => string {
  return (raw) => {
    const value = raw.trim();
    // An instant needs its zone: without one, JavaScript would read it in the local zone of whoever runs this.
    const match = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.exec(value);
    const date = new Date(value);
    if (
      !match ||
      Number.isNaN(date.getTime()) ||
      !isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))
    ) {
      throw new InvalidArgumentError(
        'It must be a date such as 2027-01-01 or an instant such as 2027-01-01T12:00:00Z.',
      );
    }
    if (date.getTime() <= now().getTime()) {
      throw new InvalidArgumentError('It lies in the past; a token must expire later than now.');
    }
    return date.toISOString();
  };
}

/**
 * A moment, sent to the server as a full ISO 8601 instant: `2026-03-01T08:00Z` (seconds may be left out, as
 * people write times), any zone offset, or a bare date meaning midnight UTC.
 */
export function parseInstant(raw: string): string {
  const value = raw.trim();
  // As for --expires, the zone is required: a local-time reading would depend on the machine running this.
  const match = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/i.exec(value);
  const date = new Date(value.toUpperCase());
  if (!match || Number.isNaN(date.getTime()) || !isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
    throw new InvalidArgumentError(
      'It must be an instant with its zone, such as 2026-03-01T08:00Z or 2026-03-01T09:00+01:00, or a date (midnight UTC).',
    );
  }
  return date.toISOString();
}

/** `site-a,site-b` → `['site-a', 'site-b']`; whether the names are acceptable is for the server to say. */
export function parseNameList(what: string): (value: string) => string[] {
  return (value) => {
    const names = value.split(',').map((name) => name.trim());
    if (names.some((name) => name === '')) {
      throw new InvalidArgumentError(
        `${what} must be a comma-separated list with no empty entries, e.g. site-a,site-b.`,
      );
    }
    return [...new Set(names)];
  };
}

/** `Date` rolls 2027-02-30 over into March instead of refusing it. */
function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function parseNonEmpty(what: string): (value: string) => string {
  return (value) => {
    if (value.trim() === '') throw new InvalidArgumentError(`${what} cannot be empty.`);
    return value;
  };
}
