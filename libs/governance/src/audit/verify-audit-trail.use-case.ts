import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { type AuditChainBreakReason, type AuditChainVerification, verifyAuditChain } from '@vigil/domain';
import { AuditLogReader } from '@vigil/persistence';
import { DataSource } from 'typeorm';
import { auditRowHash } from './audit-chain-row-hash';
import type { VerifyRangeInput } from './verify-range.worker';

export interface AuditVerifyOptions {
  /** Compiled worker that verifies the upper half of the log; null walks in one thread. */
  workerScript: string | null;
  /** Split only logs with ids above this: a worker costs more than it saves on a short walk. */
  splitAboveId: number;
}

export const AUDIT_VERIFY_OPTIONS = Symbol('AuditVerifyOptions');

/** The compiled worker sits beside this module in dist/; under ts-jest there is none and the walk stays single. */
const DEFAULT_OPTIONS: AuditVerifyOptions = {
  workerScript: existsSync(join(__dirname, 'verify-range.worker.js'))
    ? join(__dirname, 'verify-range.worker.js')
    : null,
  splitAboveId: 200_000,
};

type RangeResult =
  { empty: true } | { empty: false; firstId: string; firstPrevHash: string | null; check: AuditChainVerification };

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
  /** 2 when the walk was split between this thread and a worker. */
  threads: 1 | 2;
}

/**
 * Walks the whole audit chain from its first entry to the newest one present when the walk starts, recomputing
 * every hash. Streams, so memory stays flat whatever the size of the log.
 */
@Injectable()
export class VerifyAuditTrailUseCase {
  private inFlight: Promise<AuditTrailVerification> | undefined;

  private readonly options: AuditVerifyOptions;

  constructor(
    private readonly reader: AuditLogReader,
    private readonly dataSource: DataSource,
    @Optional() @Inject(AUDIT_VERIFY_OPTIONS) options?: AuditVerifyOptions,
  ) {
    this.options = options ?? DEFAULT_OPTIONS;
  }

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
    const { check, threads } = await this.check();
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    const base = { entriesChecked: check.count, lastId: check.lastId, lastHash: check.lastHash, durationMs, threads };
    if (check.ok) return { ok: true, ...base };
    const { firstBrokenId, reason, previousId } = check;
    return { ok: false, firstBrokenId, reason, detail: describeBreak(firstBrokenId, reason, previousId), ...base };
  }

  /** The chain check, over two threads for a long log: lower half here, upper half in a worker, then the seam. */
  private async check(): Promise<{ check: AuditChainVerification; threads: 1 | 2 }> {
    const hashOf = (_prevHash: string | null, row: Parameters<typeof auditRowHash>[0]) => auditRowHash(row);
    const upToId = await this.reader.newestId();
    const url = (this.dataSource.options as { url?: string }).url;
    if (upToId === null || !this.options.workerScript || !url || Number(upToId) <= this.options.splitAboveId) {
      return { check: await verifyAuditChain(this.reader.streamChain({ upToId: upToId ?? '0' }), hashOf), threads: 1 };
    }
    const mid = (BigInt(upToId) / 2n).toString();
    const worker = runRange(this.options.workerScript, { databaseUrl: url, afterId: mid, upToId });
    const lower = await verifyAuditChain(this.reader.streamChain({ upToId: mid }), hashOf);
    const upper = await worker;
    if (!lower.ok || upper.empty) return { check: lower, threads: 2 };
    if (upper.firstPrevHash !== lower.lastHash) {
      const seam: AuditChainVerification = {
        ok: false,
        count: lower.count + 1,
        firstBrokenId: upper.firstId,
        reason: 'link_mismatch',
        previousId: lower.lastId,
        lastId: lower.lastId,
        lastHash: lower.lastHash,
      };
      return { check: seam, threads: 2 };
    }
    const c = upper.check;
    if (!c.ok) {
      const broken: AuditChainVerification = {
        ...c,
        count: lower.count + c.count,
        previousId: c.previousId ?? lower.lastId,
        lastId: c.lastId ?? lower.lastId,
        lastHash: c.lastId ? c.lastHash : lower.lastHash,
      };
      return { check: broken, threads: 2 };
    }
    return { check: { ...c, count: lower.count + c.count }, threads: 2 };
  }
}

function runRange(script: string, input: VerifyRangeInput): Promise<RangeResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: input });
    worker.once('message', (m: { result?: RangeResult; error?: string }) => {
      if (m.result) resolve(m.result);
      else reject(new Error(`audit verification worker failed: ${m.error}`));
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`audit verification worker exited with ${code}`));
    });
  });
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
