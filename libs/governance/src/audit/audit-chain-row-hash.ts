import { hash } from 'node:crypto';
import { type AuditChainRow, auditEntryHash } from '@vigil/persistence';
import { canonicalJsonOfParsed } from './canonical-json-of-parsed';

// The writer hashes a JavaScript Date, which carries milliseconds; PostgreSQL keeps microseconds. A stored
// instant with anything in the last three digits was therefore not written by the application.
const WRITER_INSTANT = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})000Z$/;

/**
 * The hash a row should carry, re-derived from its columns through the writer's own `auditEntryHash`, so
 * writer and verifier cannot drift apart. Only the eight entry fields go in, exactly as `AuditEntryInput`
 * names them: `before`/`after` come back from jsonb with their keys reordered, which the canonical form
 * undoes. Null when the row cannot have been written by the application at all (an instant it could not
 * have produced).
 */
export function recomputeAuditRowHash(row: AuditChainRow): string | null {
  const iso = writerInstant(row.occurredAt);
  if (iso === null) return null;
  return auditEntryHash(row.prevHash, entryOf(row), new Date(iso));
}

/**
 * What the chain check compares with the stored hash: first a fast derivation of the same content, and only
 * when that disagrees, the writer's own function above, which then decides. The fast one writes the same
 * canonical text (valid JSON, so different content never gives the same text), so agreeing with the stored
 * hash proves the content; a disagreement caused by the fast path itself can therefore never be reported as
 * tampering. It exists for speed: canonicalJson, the intermediate objects and the Date round trip were about
 * half of a walk's time.
 */
export function auditRowHash(row: AuditChainRow): string | null {
  let fast: string | undefined;
  try {
    fast = hash('sha256', canonicalAuditEntryText(row), 'hex');
  } catch {
    // a value the fast path does not handle: the writer's function decides
  }
  return fast === row.hash ? fast : recomputeAuditRowHash(row);
}

/**
 * canonicalJson({ ...entry, occurredAt, prevHash }) written out directly, members in sorted key order. An
 * instant in any other form than the writer's yields text that cannot match, and the writer's function
 * then reports it.
 */
export function canonicalAuditEntryText(row: AuditChainRow): string {
  const { occurredAt } = row;
  const iso = occurredAt.length === 27 && occurredAt.endsWith('000Z') ? `${occurredAt.slice(0, 23)}Z` : occurredAt;
  return (
    `{"action":${canonicalJsonOfParsed(row.action)},"actor":${canonicalJsonOfParsed(row.actor)}` +
    `,"actorRole":${canonicalJsonOfParsed(row.actorRole)},"after":${canonicalJsonOfParsed(row.after)}` +
    `,"before":${canonicalJsonOfParsed(row.before)},"entityId":${canonicalJsonOfParsed(row.entityId)}` +
    `,"entityType":${canonicalJsonOfParsed(row.entityType)},"occurredAt":${canonicalJsonOfParsed(iso)}` +
    `,"prevHash":${canonicalJsonOfParsed(row.prevHash)},"requestId":${canonicalJsonOfParsed(row.requestId)}}`
  );
}

/** The stored instant as the writer's `toISOString()` wrote it, or null if the writer cannot have written it. */
function writerInstant(stored: string): string | null {
  const match = WRITER_INSTANT.exec(stored);
  if (match === null) return null;
  const iso = `${match[1]}Z`;
  const date = new Date(iso);
  return !Number.isNaN(date.getTime()) && date.toISOString() === iso ? iso : null;
}

function entryOf(row: AuditChainRow) {
  return {
    actor: row.actor,
    actorRole: row.actorRole,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    before: row.before,
    after: row.after,
    requestId: row.requestId,
  };
}
