/*
 * `vigil audit` in-process against StubRegistry (a recording stand-in on 127.0.0.1): what it asks for, what it
 * prints, and how it exits. The real server's verification is covered by apps/registry/src/audit.int-spec.ts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureCli, type CapturedRun } from '../testing/capture-cli';
import { StubRegistry } from '../testing/stub-registry';
import { summarizeChange } from './audit.command';

const TOKEN = 'vgl_TestSecretToken123';
const HEAD = 'ab'.repeat(32);

const INTACT = { ok: true, entriesChecked: 1204, lastId: 1210, lastHash: HEAD, durationMs: 412.7 };
const BROKEN = {
  ok: false,
  entriesChecked: 42,
  firstBrokenId: 42,
  reason: 'content_mismatch',
  detail: 'entry #42 no longer matches its hash: its content was changed after it was written',
  lastId: 41,
  lastHash: HEAD,
  durationMs: 9.3,
};

const ENTRY = {
  id: 17,
  occurredAt: '2026-11-22T10:00:05.123Z',
  actor: 'dr-chen',
  actorRole: 'submitter',
  action: 'model.updated',
  entityType: 'model',
  entityId: 'sepsis-risk',
  before: { owner: 'Dr. A. Rivera', card: { purpose: { intendedUse: 'x' } }, rowVersion: 1 },
  after: { owner: 'Dr. B. Chen', card: { purpose: { intendedUse: 'y' } }, rowVersion: 2 },
  requestId: 'req-1',
  prevHash: 'cd'.repeat(32),
  hash: 'ef'.repeat(32),
};
const BOOTSTRAP = {
  ...ENTRY,
  id: 1,
  occurredAt: '2026-11-21T08:00:00.000Z',
  actor: 'vigil-bootstrap',
  actorRole: null,
  action: 'token.created',
  entityType: 'token',
  entityId: '6f1c2b9e-0000-4000-8000-000000000001',
  before: null,
  after: { name: 'admin', role: 'admin' },
  requestId: null,
  prevHash: null,
};

const stub = StubRegistry.perSuite();

function vigil(args: string[]): Promise<CapturedRun> {
  return captureCli(args, {
    env: { VIGIL_SERVER: stub.url, VIGIL_TOKEN: TOKEN },
    cwd: mkdtempSync(join(tmpdir(), 'vigil-audit-')),
  });
}

describe('vigil audit verify', () => {
  it('reports an intact trail with its count, time and head hash, and exits 0', async () => {
    stub.on('GET /api/v1/audit/verify', { json: INTACT });
    const run = await vigil(['audit', 'verify']);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('audit trail intact: 1204 entries checked in 0.41 s');
    expect(lines[1]).toBe(`last entry: entry #1210, hash ${HEAD}`);
    expect(run.stderr).toBe('');
    expect(stub.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('reports the first broken entry and its reason, and exits 1', async () => {
    stub.on('GET /api/v1/audit/verify', { json: BROKEN });
    const run = await vigil(['audit', 'verify']);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')[0]).toBe(
      'audit trail BROKEN at entry #42 (content_mismatch): entry #42 no longer matches its hash: its content was changed after it was written',
    );
    expect(run.stdout).toContain(`last intact entry: entry #41, hash ${HEAD}`);
    expect(run.stderr).toMatch(/^vigil: the audit trail does not verify; .*docs\/audit\.md/);
  });

  it('puts exactly the result document on stdout with --json, exit code unchanged', async () => {
    stub.on('GET /api/v1/audit/verify', { json: BROKEN });
    const broken = await vigil(['--json', 'audit', 'verify']);
    expect(JSON.parse(broken.stdout)).toEqual(BROKEN);
    expect(broken.code).toBe(1);

    stub.on('GET /api/v1/audit/verify', { json: INTACT });
    const intact = await vigil(['audit', 'verify', '--json']);
    expect(JSON.parse(intact.stdout)).toEqual(INTACT);
    expect(intact.code).toBe(0);
  });

  it('exits 4 when the token is refused', async () => {
    stub.on('GET /api/v1/audit/verify', { status: 401, problem: { code: 'unauthenticated', detail: 'Bad token.' } });
    const run = await vigil(['audit', 'verify']);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('vigil: Bad token.');
  });
});

describe('vigil audit log', () => {
  it('asks for the model and prints time (UTC), actor (role), action, entity and what changed', async () => {
    stub.on('GET /api/v1/audit', { json: { items: [ENTRY, BOOTSTRAP], nextCursor: null } });
    const run = await vigil(['audit', 'log', '--model', 'sepsis-risk']);
    expect(run.code).toBe(0);
    expect(stub.requests[0].query.toString()).toBe('model=sepsis-risk');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^ID\s+TIME \(UTC\)\s+ACTOR\s+ACTION\s+ENTITY\s+CHANGES$/);
    expect(lines[1]).toMatch(
      /^17\s+2026-11-22 10:00:05\s+dr-chen \(submitter\)\s+model\.updated\s+sepsis-risk\s+card\.purpose\.intendedUse: "x" → "y"; owner: "Dr\. A\. Rivera" → "Dr\. B\. Chen"$/,
    );
    expect(lines[2]).toMatch(/^1\s+2026-11-21 08:00:00\s+vigil-bootstrap\s+token\.created\s+6f1c2b9e-\S+\s+created$/);
    expect(run.stderr).toBe('');
  });

  it('passes the entity filter, order and limit, and says when more pages exist', async () => {
    stub.on('GET /api/v1/audit', { json: { items: [ENTRY], nextCursor: 'p2' } });
    const run = await vigil([
      'audit',
      'log',
      '--entity-type',
      'model_version',
      '--entity-id',
      'sepsis-risk@3',
      '--oldest-first',
      '--limit',
      '1',
    ]);
    expect(run.code).toBe(0);
    expect(Object.fromEntries(stub.requests[0].query)).toEqual({
      entityType: 'model_version',
      entityId: 'sepsis-risk@3',
      order: 'oldest',
      limit: '1',
    });
    expect(run.stderr).toBe('vigil: showing 1 entries; add --all for the rest\n');
  });

  it('--all follows the cursors; --json prints the one page document', async () => {
    stub.on('GET /api/v1/audit', (request) =>
      request.query.get('cursor') === 'p2'
        ? { json: { items: [BOOTSTRAP], nextCursor: null } }
        : { json: { items: [ENTRY], nextCursor: 'p2' } },
    );
    const run = await vigil(['--json', 'audit', 'log', '--model', 'sepsis-risk', '--all']);
    expect(run.code).toBe(0);
    expect(stub.requests.map((r) => r.query.toString())).toEqual(['model=sepsis-risk', 'model=sepsis-risk&cursor=p2']);
    expect(JSON.parse(run.stdout)).toEqual({ items: [ENTRY, BOOTSTRAP], nextCursor: null });
  });

  it('refuses --entity-id without --entity-type before asking the server (exit 2)', async () => {
    const run = await vigil(['audit', 'log', '--entity-id', 'sepsis-risk@3']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^vigil: --entity-id needs --entity-type/);
    expect(stub.requests).toHaveLength(0);
  });

  it('exits 5 for an unknown model', async () => {
    stub.on('GET /api/v1/audit', {
      status: 404,
      problem: { code: 'model_not_found', detail: 'No model named "sepsis-rsik" is registered.' },
    });
    const run = await vigil(['audit', 'log', '--model', 'sepsis-rsik']);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('No model named "sepsis-rsik"');
  });
});

describe('summarizeChange', () => {
  it('names what a creation, a removal and an edit did', () => {
    expect(summarizeChange(null, { a: 1 })).toBe('created');
    expect(summarizeChange({ a: 1 }, null)).toBe('removed');
    expect(summarizeChange(null, null)).toBe('');
    expect(summarizeChange({ status: 'registered', rowVersion: 1 }, { status: 'archived', rowVersion: 2 })).toBe(
      'status: "registered" → "archived"',
    );
  });

  it('ignores key order and the row version, and says so when nothing else changed', () => {
    expect(summarizeChange({ a: { x: 1, y: [1, 2] }, rowVersion: 1 }, { rowVersion: 2, a: { y: [1, 2], x: 1 } })).toBe(
      'no field changed',
    );
  });

  it('shows added and removed fields, and names changed lists and objects without dumping them', () => {
    expect(
      summarizeChange(
        { featureColumns: ['age'], description: 'old' },
        { featureColumns: ['age', 'hr'], expiresAt: null },
      ),
    ).toBe('description: "old" → -; expiresAt: - → null; featureColumns changed');
  });

  it('keeps the line short, counting what it left out', () => {
    const before = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`field${i}`, `value ${i}`]));
    const after = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`field${i}`, `changed ${i}`]));
    const line = summarizeChange(before, after);
    expect(line.length).toBeLessThanOrEqual(110);
    expect(line).toMatch(/; … \(\+\d+ more\)$/);
    expect(summarizeChange({ note: 'a'.repeat(100) }, { note: 'b' })).toBe(`note: "${'a'.repeat(31)}…" → "b"`);
  });
});
