/*
 * `vigil promote`, `vigil rollback` and `vigil deployment show` in-process against StubRegistry: what they send,
 * print and exit with. Promotion rules and races are the server's (apps/registry/src/governance.int-spec.ts).
 */
import { captureCli, type CapturedRun } from '../testing/capture-cli';
import { StubRegistry } from '../testing/stub-registry';

const TOKEN = 'vgl_TestSecretToken123';
const SHA = 'f00d'.repeat(16);

const NOT_APPROVED = {
  status: 409,
  problem: {
    code: 'promotion_not_approved',
    detail:
      'sepsis-risk@4 has no approval covering production at site-a (a request covering it is open, still awaiting signatures).',
  },
};

const DEPLOYED = {
  model: 'sepsis-risk',
  environment: 'production',
  version: 4,
  artifact: { sha256: SHA, sizeBytes: 1234, url: '/api/v1/models/sepsis-risk/versions/4/artifact', urlExpiresAt: null },
  ioSignature: { inputs: [], outputs: [] },
  threshold: 0.5,
  featureColumns: null,
  approval: { requestId: 'req-4', expiresAt: '2027-05-21T10:00:00.000Z', state: 'valid' },
  deployedAt: '2026-11-22T11:00:00.000Z',
};

const stub = StubRegistry.perSuite();

function vigil(args: string[]): Promise<CapturedRun> {
  return captureCli(args, { env: { VIGIL_SERVER: stub.url, VIGIL_TOKEN: TOKEN } });
}

describe('vigil promote', () => {
  it('sends version and target, and prints from which version it moved', async () => {
    stub.on('POST /api/v1/models/sepsis-risk/deployments', {
      status: 201,
      json: {
        model: 'sepsis-risk',
        version: 4,
        environment: 'production',
        site: 'site-a',
        previousVersion: 3,
        approvalRequestId: 'req-4',
      },
    });
    const run = await vigil(['promote', 'sepsis-risk@4', '--env', 'production', '--site', 'site-a']);
    expect(run.code).toBe(0);
    expect(JSON.parse(stub.requests[0].body.toString())).toEqual({
      version: 4,
      environment: 'production',
      site: 'site-a',
    });
    expect(stub.requests[0].headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(run.stdout).toBe('promoted sepsis-risk@4 to production at site-a (was v3; approval req-4)\n');
  });

  it('exits 1 when not approved, with the server sentence and what the open request still lacks', async () => {
    stub.on('POST /api/v1/models/sepsis-risk/deployments', NOT_APPROVED);
    stub.on('GET /api/v1/models/sepsis-risk/approvals', {
      json: {
        items: [
          { id: 'req-other-site', version: 4, environment: 'production', sites: ['site-b'], status: 'open' },
          { id: 'req-4', version: 4, environment: 'production', sites: ['site-a'], status: 'open' },
          { id: 'req-v3', version: 3, environment: 'production', sites: [], status: 'approved' },
        ],
      },
    });
    stub.on('GET /api/v1/approvals/req-4', {
      json: { id: 'req-4', missing: ['1 more approver signature', '1 more approver signature holding clinical-lead'] },
    });
    const run = await vigil(['promote', 'sepsis-risk@4', '--env', 'production', '--site', 'site-a']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      [
        `vigil: ${NOT_APPROVED.problem.detail}`,
        'vigil: request req-4 is open; still missing: 1 more approver signature; 1 more approver signature holding clinical-lead',
        '',
      ].join('\n'),
    );
    expect(stub.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /api/v1/models/sepsis-risk/deployments',
      'GET /api/v1/models/sepsis-risk/approvals',
      'GET /api/v1/approvals/req-4',
    ]);
  });

  it('says how to open a request when none covers the target; --json keeps the problem document on stdout', async () => {
    stub.on('POST /api/v1/models/sepsis-risk/deployments', NOT_APPROVED);
    stub.on('GET /api/v1/models/sepsis-risk/approvals', { json: { items: [] } });
    const run = await vigil(['--json', 'promote', 'sepsis-risk@4', '--env', 'production', '--site', 'site-a']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ code: 'promotion_not_approved', status: 409 });
    expect(run.stderr).toContain(
      'vigil: no approval request covers production at site-a for sepsis-risk@4; open one with: vigil approval request sepsis-risk@4 --target production --sites site-a\n',
    );
  });

  it('keeps the server sentence alone when the explanation cannot be looked up', async () => {
    stub.on('POST /api/v1/models/sepsis-risk/deployments', NOT_APPROVED);
    stub.on('GET /api/v1/models/sepsis-risk/approvals', { status: 500, problem: { detail: 'boom' } });
    const run = await vigil(['promote', 'sepsis-risk@4', '--env', 'production', '--site', 'site-a']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`vigil: ${NOT_APPROVED.problem.detail}\n`);
  });

  it('exits 1 when already deployed, 4 without the deployer role, 2 on missing options', async () => {
    stub.on('POST /api/v1/models/sepsis-risk/deployments', {
      status: 409,
      problem: { code: 'already_deployed', detail: 'sepsis-risk@4 is already deployed to production at site-a.' },
    });
    const again = await vigil(['promote', 'sepsis-risk@4', '--env', 'production', '--site', 'site-a']);
    expect(again.code).toBe(1);
    expect(stub.requests).toHaveLength(1);

    stub.on('POST /api/v1/models/sepsis-risk/deployments', { status: 403, problem: { detail: 'Needs deployer.' } });
    expect((await vigil(['promote', 'sepsis-risk@4', '--env', 'production', '--site', 'site-a'])).code).toBe(4);

    stub.reset();
    expect((await vigil(['promote', 'sepsis-risk@4', '--env', 'production'])).code).toBe(2);
    expect((await vigil(['promote', 'sepsis-risk', '--env', 'production', '--site', 'site-a'])).code).toBe(2);
    expect(stub.requests).toHaveLength(0);
  });
});

describe('vigil rollback', () => {
  it('sends target and reason, and prints from → to', async () => {
    stub.on('POST /api/v1/models/sepsis-risk/deployments/rollback', {
      status: 201,
      json: { model: 'sepsis-risk', environment: 'production', site: 'site-a', fromVersion: 5, version: 4 },
    });
    const run = await vigil([
      'rollback',
      'sepsis-risk',
      '--env',
      'production',
      '--site',
      'site-a',
      '--reason',
      'Alert rate doubled overnight',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(stub.requests[0].body.toString())).toEqual({
      environment: 'production',
      site: 'site-a',
      reason: 'Alert rate doubled overnight',
    });
    expect(run.stdout).toBe('rolled back sepsis-risk at production/site-a: v5 → v4\n');
  });

  it('needs a reason (exit 2, nothing sent)', async () => {
    const run = await vigil(['rollback', 'sepsis-risk', '--env', 'production', '--site', 'site-a']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^vigil: required option '--reason <text>' not specified/);
    expect((await vigil(['rollback', 'sepsis-risk', '--env', 'p', '--site', 's', '--reason', ' '])).code).toBe(2);
    expect(stub.requests).toHaveLength(0);
  });

  it('exits 1 when there is nothing to roll back to', async () => {
    stub.on('POST /api/v1/models/sepsis-risk/deployments/rollback', {
      status: 409,
      problem: {
        code: 'nothing_to_roll_back',
        detail: 'sepsis-risk has never been deployed to production at site-z; there is nothing to roll back.',
      },
    });
    const run = await vigil([
      'rollback',
      'sepsis-risk',
      '--env',
      'production',
      '--site',
      'site-z',
      '--reason',
      'x y z',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('nothing to roll back');
  });
});

describe('vigil deployment show', () => {
  it('asks for the site (and environment) and prints one row per model with an absolute artifact URL', async () => {
    stub.on('GET /api/v1/sites/site-a/deployment', {
      json: { site: 'site-a', environment: 'production', generatedAt: '2026-11-22T12:00:00.000Z', models: [DEPLOYED] },
    });
    const run = await vigil(['deployment', 'show', '--site', 'site-a', '--env', 'production']);
    expect(run.code).toBe(0);
    expect(stub.requests[0].query.toString()).toBe('environment=production');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^MODEL\s+ENV\s+VERSION\s+SHA256\s+APPROVAL\s+DEPLOYED\s+ARTIFACT$/);
    expect(lines[1]).toMatch(
      new RegExp(
        `^sepsis-risk\\s+production\\s+4\\s+${SHA.slice(0, 12)}\\s+valid until 2027-05-21 10:00 UTC\\s+2026-11-22 11:00 UTC\\s+${stub.url}/api/v1/models/sepsis-risk/versions/4/artifact$`,
      ),
    );
    expect(run.stderr).toBe('');
  });

  it('flags expiring and expired approvals in the table and on stderr', async () => {
    stub.on('GET /api/v1/sites/site-a/deployment', {
      json: {
        site: 'site-a',
        environment: null,
        generatedAt: '2026-11-22T12:00:00.000Z',
        models: [
          { ...DEPLOYED, approval: { ...DEPLOYED.approval, state: 'expired', expiresAt: '2026-11-01T00:00:00.000Z' } },
          {
            ...DEPLOYED,
            model: 'aki-risk',
            approval: { ...DEPLOYED.approval, state: 'expiring', expiresAt: '2026-12-01T00:00:00.000Z' },
          },
          { ...DEPLOYED, model: 'los', approval: { requestId: 'r', expiresAt: null, state: 'valid' } },
        ],
      },
    });
    const run = await vigil(['deployment', 'show', '--site', 'site-a']);
    expect(stub.requests[0].query.toString()).toBe('');
    expect(run.stdout).toMatch(/^sepsis-risk\s+.*EXPIRED 2026-11-01 00:00 UTC\s+/m);
    expect(run.stdout).toMatch(/^aki-risk\s+.*EXPIRING 2026-12-01 00:00 UTC\s+/m);
    expect(run.stdout).toMatch(/^los\s+.*valid, no expiry\s+/m);
    const warnings = run.stderr.trimEnd().split('\n');
    expect(warnings).toEqual([
      'vigil: WARNING: the approval of sepsis-risk@4 (production) EXPIRED 2026-11-01 00:00 UTC; it keeps running, but no new promotion is allowed until it is approved again',
      'vigil: WARNING: the approval of aki-risk@4 (production) is EXPIRING 2026-12-01 00:00 UTC',
    ]);
  });

  it('prints the manifest unchanged with --json, and says when nothing is deployed', async () => {
    const manifest = { site: 'site-a', environment: null, generatedAt: '2026-11-22T12:00:00.000Z', models: [DEPLOYED] };
    stub.on('GET /api/v1/sites/site-a/deployment', { json: manifest });
    const json = await vigil(['deployment', 'show', '--site', 'site-a', '--json']);
    expect(JSON.parse(json.stdout)).toEqual(manifest);

    stub.on('GET /api/v1/sites/site-q/deployment', { json: { ...manifest, site: 'site-q', models: [] } });
    expect((await vigil(['deployment', 'show', '--site', 'site-q'])).stdout).toBe('nothing is deployed at site-q\n');
    expect((await vigil(['deployment', 'show'])).code).toBe(2);
  });
});

it('has --help with examples and the exit codes on each command', async () => {
  for (const command of [['promote'], ['rollback'], ['deployment'], ['deployment', 'show']]) {
    const run = await captureCli([...command, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Examples:');
    expect(run.stdout).toContain('Exit codes:');
  }
});
