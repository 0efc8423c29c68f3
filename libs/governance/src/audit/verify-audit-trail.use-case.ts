import { performance } from 'node:perf_hooks';
import { Injectable } from '@nestjs/common';
import { type AuditChainBreakReason, verifyAuditChain } from '@vigil/domain';
import { AuditLogReader } from '@vigil/persistence';
import { auditRowHash } from './audit-chain-row-hash';

export interface AuditTrailVerification {
  ok: boolean;
  /** Entries read, the broken one included. */
  entriesChecked: number;
  firstBrokenId?: string;
  reason?: AuditChainBreakReason;
  /** A sentence on what the break means, for a person. */
  detail?: string;
  /** The last entry found intact; when `ok`, the head of the chain, worth recording outside the database. */
  lastId: string | null;
  lastHash: string | null;
  durationMs: number;
}

/**
 * Walks the whole audit chain from its first entry to the newest one present when the walk starts, recomputing
 * every hash. Streams, so memory stays flat whatever the size of the log.
 */
@Injectable()
export class VerifyAuditTrailUseCase {
  private inFlight: Promise<AuditTrailVerification> | undefined;

  constructor(private readonly reader: AuditLogReader) {}

  /**
   * Any role may verify, and a walk reads the whole table: callers arriving while one runs share it rather
   * than each starting another full scan.
   */
  execute(): Promise<AuditTrailVerification> {
    this.inFlight ??= this.walk().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async walk(): Promise<AuditTrailVerification> {
    const started = performance.now();
    const check = await verifyAuditChain(this.reader.streamChain(), (_prevHash, row) => auditRowHash(row));
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    const base = { entriesChecked: check.count, lastId: check.lastId, lastHash: check.lastHash, durationMs };
    if (check.ok) return { ok: true, ...base };
    const { firstBrokenId, reason, previousId } = check;
    return { ok: false, firstBrokenId, reason, detail: describeBreak(firstBrokenId, reason, previousId), ...base };
  }
}

function describeBreak(id: string, reason: AuditChainBreakReason, previousId: string | null): string {
  switch (reason) {
    case 'content_mismatch':
      return `entry #${id} no longer matches its hash: its content was changed after it was written`;
    case 'link_mismatch':
      return previousId === null
        ? `entry #${id} is the first one present but points back to an earlier entry: entries before it were removed`
        : `entry #${id} does not point back to entry #${previousId}, the one before it: an entry between them was removed, or #${previousId} was rewritten with a new hash`;
  }
}
