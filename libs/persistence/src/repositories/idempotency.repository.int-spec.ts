import { createTestDatabase, type TestDatabase } from '../testing';
import { IdempotencyRepository } from './idempotency.repository';

// request_hash is a SHA-256 in hex (char(64)).
const h = 'a'.repeat(64);

describe('IdempotencyRepository (real PostgreSQL)', () => {
  let db: TestDatabase;
  let repo: IdempotencyRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    repo = new IdempotencyRepository(db.dataSource);
  });
  afterAll(() => db?.drop());

  it('first claim wins; a retry sees the stored answer, or "in progress" while there is none', async () => {
    expect(await repo.claim('p', 'k1', h)).toEqual({ claimed: true });
    expect(await repo.claim('p', 'k1', h)).toEqual({
      claimed: false,
      existing: { requestHash: h, statusCode: null, responseBody: null },
    });
    await repo.complete('p', 'k1', 201, { id: 1 });
    expect((await repo.claim('p', 'k1', h)).existing).toEqual({
      requestHash: h,
      statusCode: 201,
      responseBody: { id: 1 },
    });
  });

  it('takes over a claim left without an answer for over 10 minutes (abandoned), but not a finished one', async () => {
    await repo.claim('p', 'stuck', h);
    await repo.claim('p', 'done', h);
    await repo.complete('p', 'done', 200, { ok: true });
    await db.dataSource.query(
      `UPDATE idempotency_record SET created_at = now() - interval '11 minutes' WHERE key IN ('stuck', 'done')`,
    );
    expect(await repo.claim('p', 'stuck', h)).toEqual({ claimed: true });
    expect((await repo.claim('p', 'done', h)).existing?.statusCode).toBe(200);
  });
});
