import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface IdempotencyClaim {
  /** True when this call owns the key and should run the request. */
  claimed: boolean;
  existing?: { requestHash: string; statusCode: number | null; responseBody: unknown };
}

/** How long a key is remembered: long enough for any CI retry loop. */
const RETENTION = '24 hours';
/**
 * A claim still without an answer after this long was abandoned (the process died, or the database went away
 * before the answer or the release could be written): a retry may run the request again instead of being told
 * "in progress" until the record expires. Longer than any request runs (uploads included).
 */
const ABANDONED_AFTER = '10 minutes';

@Injectable()
export class IdempotencyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Claims a key atomically (first writer wins), or returns what the first request left. */
  async claim(principalId: string, key: string, requestHash: string): Promise<IdempotencyClaim> {
    await this.dataSource.query(
      `DELETE FROM idempotency_record WHERE principal_id = $1 AND key = $2
          AND (created_at < now() - interval '${RETENTION}'
               OR (status_code IS NULL AND created_at < now() - interval '${ABANDONED_AFTER}'))`,
      [principalId, key],
    );
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_record (principal_id, key, request_hash, created_at) VALUES ($1, $2, $3, now())
       ON CONFLICT DO NOTHING RETURNING key`,
      [principalId, key, requestHash],
    );
    if (inserted.length > 0) return { claimed: true };
    const rows: { request_hash: string; status_code: number | null; response_body: unknown }[] =
      await this.dataSource.query(
        `SELECT request_hash, status_code, response_body FROM idempotency_record WHERE principal_id = $1 AND key = $2`,
        [principalId, key],
      );
    const row = rows[0];
    if (!row) return this.claim(principalId, key, requestHash);
    return {
      claimed: false,
      existing: { requestHash: row.request_hash, statusCode: row.status_code, responseBody: row.response_body },
    };
  }

  async complete(principalId: string, key: string, statusCode: number, body: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_record SET status_code = $3, response_body = $4::jsonb WHERE principal_id = $1 AND key = $2`,
      [principalId, key, statusCode, JSON.stringify(body ?? null)],
    );
  }

  /** Lets a retry run again (the first attempt failed on our side). */
  async release(principalId: string, key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_record WHERE principal_id = $1 AND key = $2`, [
      principalId,
      key,
    ]);
  }
}
