import { canonicalJson, verifyAuditChain } from '@vigil/domain';
import { type AuditChainRow, auditEntryHash } from '@vigil/persistence';
import { auditRowHash, canonicalAuditEntryText, recomputeAuditRowHash } from './audit-chain-row-hash';

/** Rows as the writer chains them, with the instant as the reader hands it over (microsecond text). */
function chain(count: number): AuditChainRow[] {
  const rows: AuditChainRow[] = [];
  let prevHash: string | null = null;
  for (let i = 1; i <= count; i += 1) {
    const occurredAt = new Date(Date.UTC(2026, 10, 22, 10, 0, i, i * 7));
    const entry = {
      actor: i === 1 ? 'vigil-bootstrap' : 'ci-bot',
      actorRole: i === 1 ? null : 'submitter',
      action: 'model.updated',
      entityType: 'model',
      entityId: 'sepsis-risk',
      before: i === 1 ? null : { owner: `owner-${i - 1}`, rowVersion: i - 1 },
      after: { owner: `owner-${i}`, rowVersion: i, card: { purpose: { intendedUse: 'x', decisionRole: 'informs' } } },
      requestId: i === 1 ? null : `req-${i}`,
    };
    const hash = auditEntryHash(prevHash, entry, occurredAt);
    // Ids with a gap, as a rolled-back append leaves: the chain is followed by prev_hash, not by id arithmetic.
    const id = String(i < 3 ? i : i + 1);
    rows.push({ id, occurredAt: occurredAt.toISOString().replace('Z', '000Z'), ...entry, prevHash, hash });
    prevHash = hash;
  }
  return rows;
}

async function* stream(rows: AuditChainRow[]): AsyncGenerator<AuditChainRow> {
  await Promise.resolve();
  yield* rows;
}

/*
 * The walk itself (verifyAuditChain) has its own spec in @vigil/domain; these check that the hash functions
 * given to it re-derive exactly what the writer hashed, and catch an edit of any column.
 */
describe.each([
  ['the writer function itself', recomputeAuditRowHash],
  ['the fast path with the writer function as referee', auditRowHash],
])('verifyAuditChain with %s', (_label, hashOf) => {
  const check = (rows: AuditChainRow[]) => verifyAuditChain(stream(rows), (_prev, row) => hashOf(row));

  it('accepts an intact chain, gaps in ids included, and reports its head', async () => {
    const rows = chain(5);
    await expect(check(rows)).resolves.toEqual({ ok: true, count: 5, lastId: '6', lastHash: rows[4].hash });
  });

  it('does not care in which order jsonb hands keys back', async () => {
    const rows = chain(3);
    const after = rows[1].after!;
    rows[1].after = Object.fromEntries(Object.entries(after).reverse());
    expect((await check(rows)).ok).toBe(true);
  });

  it('names an edited row as a content mismatch, whatever column was edited', async () => {
    const edits: ((row: AuditChainRow) => void)[] = [
      (r) => (r.actor = 'someone-else'),
      (r) => (r.actorRole = 'admin'),
      (r) => (r.action = 'model.created'),
      (r) => (r.after = { ...r.after, owner: 'forged' }),
      (r) => (r.before = null),
      (r) => (r.requestId = null),
      (r) => (r.entityType = 'token'),
      (r) => (r.entityId = 'other-model'),
      (r) => (r.occurredAt = '2026-11-22T10:00:03.022000Z'),
      (r) => (r.prevHash = 'f'.repeat(64)),
    ];
    for (const edit of edits) {
      const rows = chain(5);
      edit(rows[2]);
      await expect(check(rows)).resolves.toEqual({
        ok: false,
        count: 3,
        firstBrokenId: '4',
        reason: 'content_mismatch',
        previousId: '2',
        lastId: '2',
        lastHash: rows[1].hash,
      });
    }
  });

  it('catches an edit below the millisecond, which a Date would round away', async () => {
    const rows = chain(3);
    rows[1].occurredAt = rows[1].occurredAt.replace('000Z', '001Z');
    expect(await check(rows)).toMatchObject({ firstBrokenId: '2', reason: 'content_mismatch' });
  });

  it('treats an instant the writer cannot produce as a content mismatch instead of failing', async () => {
    for (const occurredAt of ['infinity', '2026-02-30T10:00:00.000000Z', '2026-11-22 10:00:02.014000Z']) {
      const rows = chain(3);
      rows[1].occurredAt = occurredAt;
      expect(await check(rows)).toMatchObject({ firstBrokenId: '2', reason: 'content_mismatch' });
    }
  });

  it('names the row after a removed one as a link mismatch', async () => {
    const rows = chain(5);
    rows.splice(2, 1);
    expect(await check(rows)).toMatchObject({ firstBrokenId: '5', reason: 'link_mismatch', previousId: '2' });
  });

  it('reports a row whose hash was rewritten to fit its edit at the next row, as a link mismatch', async () => {
    const rows = chain(4);
    rows[1].actor = 'forger';
    rows[1].hash = hashOf(rows[1])!;
    expect(await check(rows)).toMatchObject({ firstBrokenId: '4', reason: 'link_mismatch', previousId: '2' });
  });
});

describe('auditRowHash', () => {
  it('takes the fast path for rows as the writer wrote them: the same text canonicalJson gives', () => {
    for (const row of chain(6)) {
      const { actor, actorRole, action, entityType, entityId, before, after, requestId, prevHash } = row;
      const occurredAt = row.occurredAt.replace('000Z', 'Z');
      const content = {
        actor,
        actorRole,
        action,
        entityType,
        entityId,
        before,
        after,
        requestId,
        occurredAt,
        prevHash,
      };
      expect(canonicalAuditEntryText(row)).toBe(canonicalJson(content));
    }
  });

  it('lets the writer function decide what the fast path cannot handle', () => {
    const [row] = chain(1);
    const occurredAt = new Date(row.occurredAt.replace('000Z', 'Z'));
    // A Date inside a state never comes back from jsonb, but the writer would hash it as its ISO text.
    const after = { archivedAt: new Date(Date.UTC(2026, 0, 2)) };
    const { actor, actorRole, action, entityType, entityId, before, requestId } = row;
    const entry = { actor, actorRole, action, entityType, entityId, before, after, requestId };
    const withDate = { ...row, after, hash: auditEntryHash(null, entry, occurredAt) };
    expect(auditRowHash(withDate)).toBe(withDate.hash);
  });
});
