/*
 * `vigil user create` in-process against StubRegistry: what it sends (never the password anywhere but the
 * body), what it prints, and how it exits. The server's rules are covered by apps/registry/src/governance.int-spec.ts.
 */
import { captureCli, type CapturedRun } from '../testing/capture-cli';
import { FakeTerminal } from '../testing/fake-terminal';
import { StubRegistry } from '../testing/stub-registry';

const TOKEN = 'vgl_TestSecretToken123';
const PASSWORD = 'Rivera-signs-2026!';

const PERSON = {
  id: '3d1c0f2e-0000-4000-8000-000000000001',
  kind: 'person',
  name: 'Dr. A. Rivera',
  email: 'rivera@hospital.org',
  role: 'approver',
  attributes: ['clinical-lead'],
  createdAt: '2026-11-22T10:00:00.000Z',
};

const BASE = ['user', 'create', '--name', 'Dr. A. Rivera', '--email', 'rivera@hospital.org', '--role', 'approver'];

const stub = StubRegistry.perSuite();

function vigil(args: string[], stdin?: string | FakeTerminal): Promise<CapturedRun> {
  return captureCli(args, { env: { VIGIL_SERVER: stub.url, VIGIL_TOKEN: TOKEN }, stdin });
}

function sentBody(): Record<string, unknown> {
  return JSON.parse(stub.requests[0].body.toString()) as Record<string, unknown>;
}

describe('vigil user create', () => {
  it('sends name, e-mail, role, attributes and the password read from stdin; prints the person, never the password', async () => {
    stub.on('POST /api/v1/users', { status: 201, json: PERSON });
    const run = await vigil([...BASE, '--attribute', 'clinical-lead', '--password-stdin'], `${PASSWORD}\n`);
    expect(run.code).toBe(0);
    expect(sentBody()).toEqual({
      name: 'Dr. A. Rivera',
      email: 'rivera@hospital.org',
      role: 'approver',
      attributes: ['clinical-lead'],
      password: PASSWORD,
    });
    expect(stub.requests[0].headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(run.stdout).toMatch(/^created Dr\. A\. Rivera <rivera@hospital\.org>$/m);
    expect(run.stdout).toMatch(/^attributes\s+clinical-lead$/m);
    expect(run.stdout).toMatch(/^password\s+set$/m);
    expect(run.stdout).toContain('vigil token create --name NAME --for rivera@hospital.org');
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);
  });

  it('repeats --attribute, and creates an OIDC-only person with --no-password', async () => {
    stub.on('POST /api/v1/users', { status: 201, json: { ...PERSON, attributes: ['clinical-lead', 'icu'] } });
    const run = await vigil([...BASE, '--attribute', 'clinical-lead', '--attribute', 'icu', '--no-password']);
    expect(run.code).toBe(0);
    expect(sentBody()).toEqual({
      name: 'Dr. A. Rivera',
      email: 'rivera@hospital.org',
      role: 'approver',
      attributes: ['clinical-lead', 'icu'],
    });
    expect(run.stdout).toMatch(/^password\s+none \(signs in through OIDC\)$/m);
  });

  it('prompts twice on a terminal, without echo', async () => {
    stub.on('POST /api/v1/users', { status: 201, json: PERSON });
    const terminal = new FakeTerminal([`${PASSWORD}\r`, `${PASSWORD}\r`]);
    const run = await vigil(BASE, terminal);
    expect(run.code).toBe(0);
    expect(sentBody().password).toBe(PASSWORD);
    expect(run.stderr).toBe('Password for Dr. A. Rivera: \nRepeat it: \n');
    expect(terminal.rawModes).toEqual([true, false, true, false]);
  });

  it('refuses to guess when stdin is not a terminal and no password option was given (exit 2, nothing sent)', async () => {
    const run = await vigil(BASE);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--password-stdin/);
    expect(run.stderr).toMatch(/--no-password/);
    expect(stub.requests).toHaveLength(0);
  });

  it('refuses --password-stdin with --no-password, and an unknown role, before sending', async () => {
    expect((await vigil([...BASE, '--password-stdin', '--no-password'], PASSWORD)).code).toBe(2);
    const role = await vigil([
      'user',
      'create',
      '--name',
      'x',
      '--email',
      'x@y.org',
      '--role',
      'boss',
      '--no-password',
    ]);
    expect(role.code).toBe(2);
    expect(role.stderr).toContain('Allowed choices are viewer, submitter, validator, approver, deployer, admin');
    expect(stub.requests).toHaveLength(0);
  });

  it('prints each weak-password problem and exits 2 (422), without the password', async () => {
    stub.on('POST /api/v1/users', {
      status: 422,
      problem: {
        code: 'validation_failed',
        detail: 'The request has 1 problem.',
        errors: [{ field: 'password', message: 'must be at least 12 characters' }],
      },
    });
    const run = await vigil([...BASE, '--password-stdin'], 'short');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('vigil: password: must be at least 12 characters');
    expect(run.stderr).not.toContain('short\n');
  });

  it('exits 1 when the person exists, 4 for a non-admin, and puts the problem on stdout with --json', async () => {
    stub.on('POST /api/v1/users', {
      status: 409,
      problem: { code: 'principal_exists', detail: 'A principal with the e-mail rivera@hospital.org exists.' },
    });
    const exists = await vigil(['--json', ...BASE, '--no-password']);
    expect(exists.code).toBe(1);
    expect(JSON.parse(exists.stdout)).toMatchObject({ code: 'principal_exists' });

    stub.on('POST /api/v1/users', { status: 403, problem: { code: 'forbidden', detail: 'Needs the admin role.' } });
    expect((await vigil([...BASE, '--no-password'])).code).toBe(4);
  });

  it('prints the server document with --json', async () => {
    stub.on('POST /api/v1/users', { status: 201, json: PERSON });
    const run = await vigil([...BASE, '--no-password', '--json']);
    expect(JSON.parse(run.stdout)).toEqual(PERSON);
  });
});

it('has --help with examples and the exit codes on each command', async () => {
  for (const command of [['user'], ['user', 'create']]) {
    const run = await captureCli([...command, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Examples:');
    expect(run.stdout).toContain('Exit codes:');
  }
});
