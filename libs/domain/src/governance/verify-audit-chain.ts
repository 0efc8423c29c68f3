/** The chain fields of an audit entry; the rest of the entry is whatever `hashOf` covers. */
export interface ChainedAuditEntry {
  id: string;
  prevHash: string | null;
  hash: string;
}

/**
 * `content_mismatch`: the entry's content does not give its stored hash (it was edited after it was written).
 * `link_mismatch`: its `prevHash` is not the previous entry's hash (an entry before it was removed, or the
 * previous one was rewritten together with its hash, or the first entry read is not the start of the chain).
 */
export type AuditChainBreakReason = 'content_mismatch' | 'link_mismatch';

interface AuditChainHead {
  /** Entries read, the broken one included. */
  count: number;
  /**
   * The last entry found intact (null when none was): when the chain holds, its head, worth keeping outside
   * the database so that a truncated tail can be noticed later.
   */
  lastId: string | null;
  lastHash: string | null;
}

export type AuditChainVerification =
  | ({ ok: true } & AuditChainHead)
  | ({
      ok: false;
      firstBrokenId: string;
      reason: AuditChainBreakReason;
      /** The entry before the broken one; null when the broken one was the first read. */
      previousId: string | null;
    } & AuditChainHead);

export interface AuditChainOptions {
  /**
   * The hash the first entry must point back to: null (the default) for the very start of the log, or the hash
   * of the entry before the first one read, to verify from a checkpoint.
   */
  startAfterHash?: string | null;
}

/**
 * Walks the chain in order and stops at the first entry that does not hold. Reads one entry at a time and
 * keeps only the previous one's id and hash, so memory stays constant however long the log is; stopping early
 * ends the loop, which runs the source's `return()`, so a cursor behind it is released.
 *
 * The hash is injected because the domain does no cryptography: pass the writer's own function
 * (`auditEntryHash` over the eight entry fields and `occurredAt`), so writer and verifier cannot drift apart.
 * `hashOf` may return null for an entry the writer could never have produced; that counts as a content mismatch.
 * Content is checked before the link: an edited `prevHash` breaks both, and "this entry was changed" is the
 * more exact statement.
 */
export async function verifyAuditChain<E extends ChainedAuditEntry>(
  entries: AsyncIterable<E> | Iterable<E>,
  hashOf: (prevHash: string | null, entry: E) => string | null,
  options: AuditChainOptions = {},
): Promise<AuditChainVerification> {
  let lastHash = options.startAfterHash ?? null;
  let lastId: string | null = null;
  let count = 0;
  for await (const entry of entries) {
    count += 1;
    let reason: AuditChainBreakReason | null = null;
    if (hashOf(entry.prevHash, entry) !== entry.hash) reason = 'content_mismatch';
    else if (entry.prevHash !== lastHash) reason = 'link_mismatch';
    if (reason !== null) {
      return {
        ok: false,
        count,
        firstBrokenId: entry.id,
        reason,
        previousId: lastId,
        lastId,
        lastHash: lastId === null ? null : lastHash,
      };
    }
    lastId = entry.id;
    lastHash = entry.hash;
  }
  return { ok: true, count, lastId, lastHash: lastId === null ? null : lastHash };
}
