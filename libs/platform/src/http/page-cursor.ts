import { RegistryErrors } from '@vigil/domain';

/** Opaque page cursors: base64url JSON of the last row's sort key. */
export function encodeCursor(key: string | number): string {
  return Buffer.from(JSON.stringify({ k: key })).toString('base64url');
}

export function decodeCursor<T extends string | number>(
  cursor: string | undefined,
  kind: 'string' | 'number',
): T | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k?: unknown };
    if (typeof parsed.k === kind) return parsed.k as T;
  } catch {
    // fall through to the validation error
  }
  throw RegistryErrors.validation([{ field: 'cursor', message: 'is not a cursor this list returned' }]);
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Asks for one row more than the page so we know whether another page exists without a count. */
export function toPage<R, T>(rows: R[], limit: number, key: (r: R) => string | number, map: (r: R) => T): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(map),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(key(last)) : null,
  };
}
