/*
 * `vigil history` in-process against StubRegistry: the moment is normalised to a full ISO instant before it is
 * sent, and the answer is printed as a table. Rebuilding from the audit trail is the server's
 * (apps/registry/src/governance.int-spec.ts).
 */
import { captureCli, type CapturedRun } from '../testing/capture-cli';
import { StubRegistry } from '../testing/stub-registry';

const TOKEN = 'vgl_TestSecretToken123';

const ITEM = {
  model: 'sepsis-risk',
  environment: 'production',
  version: 2,
  since: '2026-02-20T14:03:09.000Z',
  how: 'promoted',
  by: 'ci-bot',
  approvalRequestId: 'req-2',
  approvedBy: [
    { name: 'Dr. A. Rivera', role: 'approver', signedAt: '2026-02-19T10:00:00.000Z', meaning: 'Approved' },
    { name: 'Dr. B. Chen', role: 'approver', signedAt: '2026-02-19T11:00:00.000Z', meaning: 'Approved' },
  ],
  evidence: { validationPassedSites: ['site-a'], validationRuns: [] },
};

const stub = StubRegistry.perSuite();

function vigil(args: string[]): Promise<CapturedRun> {
  return captureCli(args, { env: { VIGIL_SERVER: stub.url, VIGIL_TOKEN: TOKEN } });
}

describe('vigil history', () => {
  it('sends the moment as a full ISO instant and prints version, how, by whom and who approved', async () => {
    stub.on('GET /api/v1/sites/site-a/history', {
      json: {
        site: 'site-a',
        at: '2026-03-01T08:00:00.000Z',
        items: [
          ITEM,
          { ...ITEM, model: 'aki-risk', version: 1, how: 'rolled back', by: 'ops-bot', approvedBy: [], evidence: null },
        ],
      },
    });
    const run = await vigil(['history', '--site', 'site-a', '--at', '2026-03-01T08:00Z']);
    expect(run.code).toBe(0);
    expect(Object.fromEntries(stub.requests[0].query)).toEqual({ at: '2026-03-01T08:00:00.000Z' });
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('at site-a, 2026-03-01 08:00:00 UTC:');
    expect(lines[1]).toMatch(/^MODEL\s+ENV\s+VERSION\s+SINCE\s+HOW\s+BY\s+APPROVED BY\s+EVIDENCE$/);
    expect(lines[2]).toMatch(
      /^sepsis-risk\s+production\s+2\s+2026-02-20 14:03:09 UTC\s+promoted\s+ci-bot\s+Dr\. A\. Rivera, Dr\. B\. Chen\s+validation passed at site-a$/,
    );
    expect(lines[3]).toMatch(/^aki-risk\s+production\s+1\s+.*\s+rolled back\s+ops-bot\s+-\s+-$/);
  });

  it('converts a zone offset to UTC, passes the environment, and defaults to now', async () => {
    stub.on('GET /api/v1/sites/site-a/history', {
      json: { site: 'site-a', at: '2026-03-01T08:00:00.000Z', items: [] },
    });
    const run = await vigil(['history', '--site', 'site-a', '--at', '2026-03-01T09:00+01:00', '--env', 'production']);
    expect(Object.fromEntries(stub.requests[0].query)).toEqual({
      at: '2026-03-01T08:00:00.000Z',
      environment: 'production',
    });
    expect(run.stdout).toBe('at site-a, 2026-03-01 08:00:00 UTC:\nnothing was deployed\n');

    const before = Date.now();
    await vigil(['history', '--site', 'site-a']);
    const at = Date.parse(stub.requests[1].query.get('at') ?? '');
    expect(at).toBeGreaterThanOrEqual(before - 1000);
    expect(at).toBeLessThanOrEqual(Date.now());
  });

  it('refuses a time without zone or an impossible date before asking (exit 2)', async () => {
    for (const at of ['2026-03-01T08:00', '2026-02-30T08:00Z', 'last tuesday']) {
      const run = await vigil(['history', '--site', 'site-a', '--at', at]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('2026-03-01T08:00Z');
    }
    expect((await vigil(['history', '--at', '2026-03-01T08:00Z'])).code).toBe(2);
    expect(stub.requests).toHaveLength(0);
  });

  it('prints the server document with --json', async () => {
    const document = { site: 'site-a', at: '2026-03-01T08:00:00.000Z', items: [ITEM] };
    stub.on('GET /api/v1/sites/site-a/history', { json: document });
    const run = await vigil(['--json', 'history', '--site', 'site-a', '--at', '2026-03-01T08:00Z']);
    expect(JSON.parse(run.stdout)).toEqual(document);
  });
});

it('has --help with examples and the exit codes on each command', async () => {
  for (const command of [['history']]) {
    const run = await captureCli([...command, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Examples:');
    expect(run.stdout).toContain('Exit codes:');
  }
});
