/*
 * `vigil policy` in-process against StubRegistry: the file is parsed locally (YAML or JSON) and sent as it was
 * written; the server alone judges it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureCli, type CapturedRun } from '../testing/capture-cli';
import { StubRegistry } from '../testing/stub-registry';

const TOKEN = 'vgl_TestSecretToken123';

const POLICY = {
  approvalLifetimeDays: 180,
  rules: [
    {
      environment: 'production',
      signatures: [
        { role: 'approver', count: 2 },
        { role: 'approver', count: 1, attribute: 'clinical-lead' },
      ],
    },
  ],
};

const POLICY_YAML = `# production at any site: two approvers, one a clinical lead
approvalLifetimeDays: 180
rules:
  - environment: production
    signatures:
      - { role: approver, count: 2 }
      - { role: approver, count: 1, attribute: clinical-lead }
`;

const SAVED = {
  model: 'sepsis-risk',
  policyVersion: 2,
  policy: POLICY,
  createdBy: 'admin',
  createdAt: '2026-11-22T10:00:00.000Z',
};

let stub: StubRegistry;
let dir: string;

beforeAll(async () => {
  stub = await StubRegistry.start();
});
afterAll(async () => {
  await stub.stop();
});
beforeEach(() => {
  stub.reset();
  dir = mkdtempSync(join(tmpdir(), 'vigil-policy-'));
});

function vigil(args: string[]): Promise<CapturedRun> {
  return captureCli(args, { env: { VIGIL_SERVER: stub.url, VIGIL_TOKEN: TOKEN }, cwd: dir });
}

function file(name: string, content: string): string {
  writeFileSync(join(dir, name), content);
  return name;
}

describe('vigil policy set', () => {
  it('PUTs the YAML file as JSON and prints the new version and the requests that went stale', async () => {
    stub.on('PUT /api/v1/models/sepsis-risk/policy', { json: { ...SAVED, staleRequests: ['req-1', 'req-2'] } });
    const run = await vigil(['policy', 'set', 'sepsis-risk', '--file', file('policy.yaml', POLICY_YAML)]);
    expect(run.code).toBe(0);
    expect(JSON.parse(stub.requests[0].body.toString())).toEqual(POLICY);
    expect(stub.requests[0].headers['content-type']).toBe('application/json');
    expect(stub.requests[0].headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(run.stdout).toBe(
      [
        'policy of sepsis-risk is now version 2',
        '2 approval request(s) went stale and must be requested again:',
        '  req-1',
        '  req-2',
        '',
      ].join('\n'),
    );
  });

  it('reads JSON too, and says when nothing went stale', async () => {
    stub.on('PUT /api/v1/models/sepsis-risk/policy', { json: { ...SAVED, staleRequests: [] } });
    const run = await vigil(['policy', 'set', 'sepsis-risk', '--file', file('policy.json', JSON.stringify(POLICY))]);
    expect(JSON.parse(stub.requests[0].body.toString())).toEqual(POLICY);
    expect(run.stdout).toContain('no approval request went stale');
  });

  it('refuses a syntax error, a list, or a missing file before sending (exit 2)', async () => {
    const broken = await vigil(['policy', 'set', 'm', '--file', file('bad.yaml', 'rules: [\n')]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^vigil: bad\.yaml:\d+:\d+: not valid YAML/);
    const list = await vigil(['policy', 'set', 'm', '--file', file('list.yaml', '- a\n- b\n')]);
    expect(list.stderr).toBe(
      'vigil: list.yaml must hold a mapping (rules:, approvalLifetimeDays:, …) at the top level, not a list\n',
    );
    const missing = await vigil(['policy', 'set', 'm', '--file', 'nope.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('vigil: cannot read the policy file nope.yaml: no such file\n');
    expect(stub.requests).toHaveLength(0);
  });

  it('passes on why a policy cannot be met (422 → exit 2) and the problem document with --json', async () => {
    stub.on('PUT /api/v1/models/sepsis-risk/policy', {
      status: 422,
      problem: {
        code: 'policy_unsatisfiable',
        detail:
          'This policy could never be met with the people registered now: rule production/*: needs 3 approver signatures but only 2 people hold approver.',
      },
    });
    const run = await vigil(['--json', 'policy', 'set', 'sepsis-risk', '--file', file('p.yaml', POLICY_YAML)]);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ code: 'policy_unsatisfiable' });
    expect(run.stderr).toContain('needs 3 approver signatures but only 2 people hold approver');
  });
});

describe('vigil policy show', () => {
  it('prints version, author and the policy as YAML; --json the server document', async () => {
    stub.on('GET /api/v1/models/sepsis-risk/policy', { json: SAVED });
    const run = await vigil(['policy', 'show', 'sepsis-risk']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^policy version\s+2$/m);
    expect(run.stdout).toMatch(/^set\s+2026-11-22 10:00 UTC by admin$/m);
    expect(run.stdout).toContain('  approvalLifetimeDays: 180\n');
    expect(run.stdout).toContain('        attribute: clinical-lead\n');

    const json = await vigil(['policy', 'show', 'sepsis-risk', '--json']);
    expect(JSON.parse(json.stdout)).toEqual(SAVED);
  });

  it('exits 2 when the model has no policy (422 no_approval_policy) and 5 for an unknown model', async () => {
    stub.on('GET /api/v1/models/sepsis-risk/policy', {
      status: 422,
      problem: { code: 'no_approval_policy', detail: 'sepsis-risk has no approval policy yet.' },
    });
    expect((await vigil(['policy', 'show', 'sepsis-risk'])).code).toBe(2);
    stub.on('GET /api/v1/models/ghost/policy', {
      status: 404,
      problem: { code: 'model_not_found', detail: 'No model named "ghost".' },
    });
    expect((await vigil(['policy', 'show', 'ghost'])).code).toBe(5);
  });
});

it('has --help with examples and the exit codes on each command', async () => {
  for (const command of [['policy'], ['policy', 'set'], ['policy', 'show']]) {
    const run = await captureCli([...command, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Examples:');
    expect(run.stdout).toContain('Exit codes:');
  }
});
