import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureCli, type CapturedRun } from '../testing/capture-cli';
import { StubRegistry } from '../testing/stub-registry';

const TOKEN = 'vgl_TestSecretToken123';
const RULE_IN_WORDS =
  'input_psi above 0.25 for 2 windows in a row opens a high ticket for dr.rivera@hospital.org; closes after 3 windows in a row below 0.1; 3d cool-down; windows with fewer than 200 events are not judged';
const SAVED = {
  model: 'sepsis-risk',
  revision: 2,
  policy: {
    windowMs: 86_400_000,
    window: '1d',
    minEvents: 200,
    evaluationDelayMs: 300_000,
    evaluationDelay: '5m',
    labelDelayMs: 259_200_000,
    labelDelay: '3d',
    signals: [{ signal: 'input_psi', coolDownMs: 259_200_000, coolDown: '3d' }],
  },
  description: [RULE_IN_WORDS],
  policySha256: 'a'.repeat(64),
  source: '{}',
  createdBy: 'dr.rivera',
  createdAt: '2026-11-22T10:00:00.000Z',
};
const POLICY_YAML = [
  'window: 1d',
  'minEvents: 200',
  'labelDelay: 4d',
  'signals:',
  '  - signal: input_psi',
  '    threshold: 0.25',
  '',
].join('\n');
const POLICY_PATH = '/api/v1/models/sepsis-risk/monitoring-policy';

const stub = StubRegistry.perSuite();
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-monitor-spec-'));
  writeFileSync(join(dir, 'policy.yaml'), POLICY_YAML);
  writeFileSync(join(dir, 'policy.json'), '{"window": "1h", "minEvents": 10, "signals": []}');
  writeFileSync(join(dir, 'broken.yaml'), 'window: 1d\n  minEvents: [200\n');
});

function vigil(args: string[]): Promise<CapturedRun> {
  return captureCli(args, { env: { VIGIL_SERVER: stub.url, VIGIL_TOKEN: TOKEN }, cwd: dir });
}

describe('vigil monitor policy', () => {
  it('set sends the YAML file as JSON with If-Match and prints the revision and each rule in words', async () => {
    stub.on(`PUT ${POLICY_PATH}`, { json: SAVED });
    const run = await vigil(['monitor', 'policy', 'set', 'sepsis-risk', 'policy.yaml', '--if-match', '"1"']);
    expect(run.code).toBe(0);
    expect(stub.requests).toHaveLength(1);
    expect(stub.requests[0].headers['content-type']).toMatch(/application\/json/);
    expect(JSON.parse(stub.requests[0].body.toString())).toEqual({
      window: '1d',
      minEvents: 200,
      labelDelay: '4d',
      signals: [{ signal: 'input_psi', threshold: 0.25 }],
    });
    expect(stub.requests[0].headers['if-match']).toBe('"1"');
    expect(run.stdout).toBe(`monitoring policy of sepsis-risk is now revision 2\n  - ${RULE_IN_WORDS}\n`);
  });

  it('set reads JSON too, and sends no If-Match unless asked', async () => {
    stub.on(`PUT ${POLICY_PATH}`, { json: SAVED });
    const run = await vigil(['monitor', 'policy', 'set', 'sepsis-risk', 'policy.json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(stub.requests[0].body.toString())).toEqual({ window: '1h', minEvents: 10, signals: [] });
    expect(stub.requests[0].headers['if-match']).toBeUndefined();
  });

  it('set stops at a file that is not YAML, or missing, before sending anything (exit 2)', async () => {
    const broken = await vigil(['monitor', 'policy', 'set', 'sepsis-risk', 'broken.yaml']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.yaml:\d+:\d+: not valid YAML/);
    const missing = await vigil(['monitor', 'policy', 'set', 'sepsis-risk', 'nope.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read the policy file nope.yaml');
    expect(stub.requests).toHaveLength(0);
  });

  it("set shows every problem of the server's 400 (exit 2), and exits 1 on a crossed edit (412), 4 on 403", async () => {
    stub.on(`PUT ${POLICY_PATH}`, {
      status: 400,
      problem: {
        code: 'validation_failed',
        reason: 'monitoring_policy_invalid',
        detail: 'The monitoring policy is invalid: signals[0].recovery: is required: a number; …',
        errors: [
          { field: 'signals[0].recovery', message: 'is required: a number' },
          { field: 'signals[0].severity', message: 'is required, one of: low, medium, high, critical' },
        ],
      },
    });
    const invalid = await vigil(['monitor', 'policy', 'set', 'sepsis-risk', 'policy.yaml']);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('signals[0].recovery');
    expect(invalid.stderr).toContain('signals[0].severity');

    stub.on(`PUT ${POLICY_PATH}`, {
      status: 412,
      problem: { code: 'precondition_failed', detail: 'The resource changed; its current ETag is "3".' },
    });
    expect((await vigil(['monitor', 'policy', 'set', 'sepsis-risk', 'policy.yaml', '--if-match', '"2"'])).code).toBe(1);
    stub.on(`PUT ${POLICY_PATH}`, { status: 403, problem: { code: 'forbidden', detail: 'needs approver' } });
    expect((await vigil(['monitor', 'policy', 'set', 'sepsis-risk', 'policy.yaml'])).code).toBe(4);
  });

  it('show asks for a revision when given one and prints the window, delays and the rules in words', async () => {
    stub.on(`GET ${POLICY_PATH}`, { json: SAVED });
    const run = await vigil(['monitor', 'policy', 'show', 'sepsis-risk', '--revision', '2']);
    expect(run.code).toBe(0);
    expect(stub.requests[0].query.get('revision')).toBe('2');
    expect(run.stdout).toMatch(/policy revision +2\n/);
    expect(run.stdout).toMatch(/window +1d, judged when it has at least 200 events\n/);
    expect(run.stdout).toMatch(/judged +5m after the window ends \(performance signals: 3d\)\n/);
    expect(run.stdout).toContain(`rules:\n  - ${RULE_IN_WORDS}\n`);
  });

  it('show --json prints the server document alone; a missing policy exits 5; a bad --revision exits 2', async () => {
    stub.on(`GET ${POLICY_PATH}`, { json: SAVED });
    const json = await vigil(['monitor', 'policy', 'show', 'sepsis-risk', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(SAVED);
    expect(stub.requests[0].query.has('revision')).toBe(false);
    stub.on(`GET ${POLICY_PATH}`, {
      status: 404,
      problem: { code: 'monitoring_policy_not_found', detail: 'Model "sepsis-risk" has no monitoring policy yet' },
    });
    const missing = await vigil(['monitor', 'policy', 'show', 'sepsis-risk']);
    expect(missing.code).toBe(5);
    expect(missing.stderr).toContain('has no monitoring policy yet');
    expect((await vigil(['monitor', 'policy', 'show', 'sepsis-risk', '--revision', 'latest'])).code).toBe(2);
  });

  it('history lists revisions newest first with their window and signals', async () => {
    stub.on(`GET ${POLICY_PATH}/revisions`, {
      json: { items: [SAVED, { ...SAVED, revision: 1, policySha256: 'b'.repeat(64) }], nextCursor: null },
    });
    const run = await vigil(['monitor', 'policy', 'history', 'sepsis-risk']);
    expect(run.code).toBe(0);
    expect(stub.requests[0].query.get('limit')).toBe('200');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0].split(/\s+/)).toEqual(['REVISION', 'SET', 'BY', 'WINDOW', 'SIGNALS', 'SHA256']);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(['2', '1']);
    expect(lines[1].split(/\s{2,}/)).toEqual([
      '2',
      '2026-11-22 10:00 UTC',
      'dr.rivera',
      '1d',
      'input_psi',
      'aaaaaaaaaaaa…',
    ]);
  });

  it('--help names the subcommands, the file argument and the role needed', async () => {
    const group = await vigil(['monitor', '--help']);
    expect(group.code).toBe(0);
    expect(group.stdout).toContain('policy');
    const set = await vigil(['monitor', 'policy', 'set', '--help']);
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/set \[options\] <model> <file>/);
    expect(set.stdout).toContain('approver or admin');
    expect(set.stdout).toContain('--if-match');
  });
});
