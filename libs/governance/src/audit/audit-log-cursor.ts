import { RegistryErrors } from '@vigil/domain';

export type AuditLogOrder = 'newest' | 'oldest';

/**
 * Opaque page cursor: base64url JSON of the last id shown and the order it was shown in. The order is bound
 * in so that a cursor reused with the other order fails plainly instead of returning a confusing slice.
 */
export function encodeAuditLogCursor(lastId: string, order: AuditLogOrder): string {
  return Buffer.from(JSON.stringify({ k: lastId, o: order })).toString('base64url');
}

export function decodeAuditLogCursor(cursor: string | undefined, order: AuditLogOrder): string | undefined {
  if (cursor === undefined) return undefined;
  let parsed: { k?: unknown; o?: unknown } | undefined;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k?: unknown; o?: unknown };
  } catch {
    // reported below
  }
  if (parsed && typeof parsed.k === 'string' && /^[0-9]{1,19}$/.test(parsed.k)) {
    if (parsed.o === order) return parsed.k;
    throw RegistryErrors.validation([
      { field: 'cursor', message: `was returned for order=${String(parsed.o)}; pass the same order with it` },
    ]);
  }
  throw RegistryErrors.validation([{ field: 'cursor', message: 'is not a cursor this list returned' }]);
}
