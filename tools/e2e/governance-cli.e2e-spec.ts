import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildLogisticModel } from '@vigil/inference/testing';
import { ROOT, type EmbeddedServer, startEmbeddedServer } from './support/embedded-server';

// The governance flow as people and a CI pipeline run it: the compiled registry in its embedded default and
// the compiled `vigil` CLI, with an admin, two approvers, a submitter and a CI deployer, each on their own token.
const CLI = join(ROOT, 'apps/cli/bin/vigil.js');

const PW = { rivera: 'Rivera-signs-2026!', chen: 'Chen-approves-2026?', sam: 'Sam-submits-2026#' };
const MEANING = 'Approved for clinical use at site-a';

const POLICY_YAML = `# production, any site: two approvers, one of them a clinical lead; approvals last 180 days
approvalLifetimeDays: 180
rules:
  - environment: production
    signatures:
      - role: approver
        count: 2
      - role: approver
        count: 1
        attribute: clinical-lead
`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

type Who = 'admin' | 'rivera' | 'chen' | 'sam' | 'ci';

describe('vigil governance commands against the embedded control plane', () => {
  let dir: string;
  let server: EmbeddedServer | undefined;
  let url: string;
  let env: NodeJS.ProcessEnv;
  const tokens: Partial<Record<Who, string>> = {};
  /** Every CLI output, to check that no password or token secret was ever printed. */
  let printed = '';

  async function startServer(): Promise<void> {
    server = await startEmbeddedServer(dir);
    url = server.url;
  }

  /** `vigil` as `who`; `input` is what is piped into stdin (a password for --password-stdin). */
  function vigil(who: Who, args: string[], input?: string): Run {
    const as: NodeJS.ProcessEnv =
      who === 'admin'
        ? { VIGIL_TOKEN_FILE: join(dir, '.vigil', 'admin-token') }
        : { VIGIL_TOKEN: tokens[who], VIGIL_TOKEN_FILE: '' };
    const r = spawnSync(process.execPath, [CLI, ...args], {
      cwd: dir,
      env: { ...env, ...as },
      input: input ?? '',
      encoding: 'utf8',
      timeout: 60_000,
    });
    printed += r.stdout + r.stderr;
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  function json<T = Record<string, unknown>>(run: Run): T {
    expect(run).toMatchObject({ code: 0 });
    return JSON.parse(run.stdout) as T;
  }

  function register(who: Who, bias: number): number {
    const file = `model-${bias}.onnx`;
    writeFileSync(join(dir, file), buildLogisticModel({ weights: [0.8, -0.5, 1.25], bias }));
    const args = ['--json', 'version', 'register', 'sepsis-risk', '--artifact', file, '--commit', 'a1b2c3d4e5f6'];
    return json<{ version: number }>(vigil(who, [...args, '--training-data', 's3://data/sepsis/2025q2'])).version;
  }

  function requestApproval(version: number): { id: string; status: string; missing: string[] } {
    return json(
      vigil('sam', [
        '--json',
        'approval',
        'request',
        `sepsis-risk@${version}`,
        '--target',
        'production',
        '--sites',
        'site-a',
      ]),
    );
  }

  function sign(who: 'rivera' | 'chen' | 'sam', id: string, password: string): Run {
    return vigil(
      who,
      [
        'approval',
        'sign',
        id,
        '--decision',
        'approve',
        '--meaning',
        MEANING,
        '--reason',
        'Reviewed',
        '--password-stdin',
      ],
      `${password}\n`,
    );
  }

  const promote = (version: number): Run =>
    vigil('ci', ['promote', `sepsis-risk@${version}`, '--env', 'production', '--site', 'site-a']);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-governance-'));
    env = { ...process.env };
    delete env.VIGIL_TOKEN;
    delete env.VIGIL_PASSWORD;
    await startServer();
    env.VIGIL_SERVER = url;
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets the admin add people with passwords from stdin and give each a token, and CI a deployer token', () => {
    const people: [Who, string, string, string[]][] = [
      ['rivera', 'Dr. A. Rivera', 'approver', ['--attribute', 'clinical-lead']],
      ['chen', 'Dr. B. Chen', 'approver', []],
      ['sam', 'Sam Okafor', 'submitter', []],
    ];
    for (const [who, name, role, extra] of people) {
      const email = `${who}@hospital.org`;
      const made = vigil(
        'admin',
        ['user', 'create', '--name', name, '--email', email, '--role', role, ...extra, '--password-stdin'],
        `${PW[who as keyof typeof PW]}\n`,
      );
      expect(made.stderr).toBe('');
      expect(made.code).toBe(0);
      expect(made.stdout).toContain(`created ${name} <${email}>`);
      const token = json<{ secret: string; role: string }>(
        vigil('admin', ['--json', 'token', 'create', '--name', `${who}-cli`, '--for', email]),
      );
      expect(token.role).toBe(role);
      tokens[who] = token.secret;
    }
    tokens.ci = json<{ secret: string }>(
      vigil('admin', ['--json', 'token', 'create', '--name', 'ci-bot', '--role', 'deployer']),
    ).secret;
    expect(json<{ name: string }>(vigil('rivera', ['--json', 'whoami'])).name).toBe('Dr. A. Rivera');
  });

  it('takes a model, a version and a policy file', () => {
    expect(vigil('sam', ['model', 'create', 'sepsis-risk', '--owner', 'Dr. A. Rivera']).code).toBe(0);
    expect(register('sam', -0.3)).toBe(1);
    writeFileSync(join(dir, 'policy.yaml'), POLICY_YAML);
    const set = vigil('admin', ['policy', 'set', 'sepsis-risk', '--file', 'policy.yaml']);
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('policy of sepsis-risk is now version 1');
    expect(vigil('sam', ['policy', 'set', 'sepsis-risk', '--file', 'policy.yaml']).code).toBe(4);
    const shown = json<{ policy: { approvalLifetimeDays: number } }>(
      vigil('ci', ['--json', 'policy', 'show', 'sepsis-risk']),
    );
    expect(shown.policy.approvalLifetimeDays).toBe(180);
  });

  it('approves with two signatures after refusing the promotion, the submitter and a wrong password', () => {
    const request = requestApproval(1);
    expect(request.status).toBe('open');
    expect(request.missing.length).toBeGreaterThan(0);

    const early = promote(1);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/no approval covering production at site-a/);
    expect(early.stderr).toMatch(/still missing: .*approver/);

    const own = sign('sam', request.id, PW.sam);
    expect(own.code).toBe(4);
    const bot = vigil('ci', [
      'approval',
      'sign',
      request.id,
      '--decision',
      'approve',
      '--meaning',
      MEANING,
      '--reason',
      'ci',
    ]);
    expect(bot.code).toBe(4);
    expect(bot.stderr).toMatch(/service account/);
    const wrong = sign('rivera', request.id, 'Not-Riveras-password-1');
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toMatch(/password/);

    const first = sign('rivera', request.id, PW.rivera);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/printed name\s+Dr\. A\. Rivera \(approver\)/);
    expect(first.stdout).toMatch(/time\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);
    expect(first.stdout).toMatch(new RegExp(`meaning\\s+${MEANING}`));
    expect(first.stdout).toContain('request status: open');

    const second = sign('chen', request.id, PW.chen);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/request status: approved \(expires /);

    const shown = json<{ status: string; signatures: { printedName: string }[] }>(
      vigil('ci', ['--json', 'approval', 'show', request.id]),
    );
    expect(shown.status).toBe('approved');
    expect(shown.signatures.map((s) => s.printedName)).toEqual(['Dr. A. Rivera', 'Dr. B. Chen']);
    expect(vigil('ci', ['approval', 'list', 'sepsis-risk']).stdout).toMatch(/approved\s+.*until \d{4}-/);

    const promoted = promote(1);
    expect(promoted.code).toBe(0);
    expect(promoted.stdout).toContain('promoted sepsis-risk@1 to production at site-a (its first deployment there');
    const manifest = json<{ models: { model: string; version: number; artifact: { sha256: string } }[] }>(
      vigil('ci', ['deployment', 'show', '--site', 'site-a', '--json']),
    );
    expect(manifest.models).toEqual([expect.objectContaining({ model: 'sepsis-risk', version: 1 })]);
  });

  it('promotes v2, rolls back to v1 with a reason, and answers what ran when from the audit trail', async () => {
    expect(register('sam', 0.4)).toBe(2);
    const request = requestApproval(2);
    expect(sign('rivera', request.id, PW.rivera).code).toBe(0);
    expect(sign('chen', request.id, PW.chen).code).toBe(0);
    expect(promote(2).code).toBe(0);
    expect(vigil('ci', ['deployment', 'show', '--site', 'site-a']).stdout).toMatch(
      /^sepsis-risk\s+production\s+2\s+[0-9a-f]{12}\s+valid until /m,
    );

    await new Promise((r) => setTimeout(r, 50));
    const between = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 50));

    const noReason = vigil('ci', ['rollback', 'sepsis-risk', '--env', 'production', '--site', 'site-a']);
    expect(noReason.code).toBe(2);
    const back = vigil('ci', [
      'rollback',
      'sepsis-risk',
      '--env',
      'production',
      '--site',
      'site-a',
      '--reason',
      'Alert rate doubled overnight',
    ]);
    expect(back.code).toBe(0);
    expect(back.stdout).toBe('rolled back sepsis-risk at production/site-a: v2 → v1\n');

    const then = vigil('ci', ['history', '--site', 'site-a', '--at', between]);
    expect(then.code).toBe(0);
    expect(then.stdout).toMatch(
      /^sepsis-risk\s+production\s+2\s+.*\s+promoted\s+ci-bot\s+Dr\. A\. Rivera, Dr\. B\. Chen\s+/m,
    );
    const now = json<{ items: { version: number; how: string }[] }>(
      vigil('ci', ['--json', 'history', '--site', 'site-a']),
    );
    expect(now.items).toEqual([expect.objectContaining({ version: 1, how: 'rolled back' })]);
    // No seconds in --at: normalised before it is sent.
    expect(
      json<{ items: unknown[] }>(vigil('ci', ['--json', 'history', '--site', 'site-a', '--at', '2020-01-01T08:00Z']))
        .items,
    ).toEqual([]);
  });

  it('leaves an audit trail that verifies, and never prints a password', () => {
    expect(vigil('ci', ['audit', 'verify']).code).toBe(0);
    for (const password of Object.values(PW)) {
      expect(printed).not.toContain(password);
      expect(server!.log()).not.toContain(password);
    }
    for (const token of Object.values(tokens)) expect(server!.log()).not.toContain(token);
  });
});
