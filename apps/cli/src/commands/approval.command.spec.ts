/*
 * `vigil approval` in-process against StubRegistry: what each subcommand sends (the password only in the
 * signature body), what it prints, and how it exits. The signing rules themselves are the server's, covered by
 * apps/registry/src/governance.int-spec.ts.
 */
import { captureCli, type CapturedRun } from '../testing/capture-cli';
import { FakeTerminal } from '../testing/fake-terminal';
import { StubRegistry } from '../testing/stub-registry';

const TOKEN = 'vgl_TestSecretToken123';
/** Shaped like an OIDC access token: header.payload.signature. */
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyaXZlcmEifQ.c2lnbmF0dXJl';
const PASSWORD = 'Rivera-signs-2026!';
const ID = '0b6e2a4c-0000-4000-8000-00000000000a';
const SHA = 'ab12'.repeat(16);

const SIGNATURE = {
  id: 'sig-1',
  printedName: 'Dr. A. Rivera',
  role: 'approver',
  attributes: ['clinical-lead'],
  decision: 'approve',
  meaning: 'Approved for clinical use at site-a',
  reason: 'Validated on the 2025 cohort',
  signedAt: '2026-11-22T10:05:07.123Z',
  signedHash: 'cd'.repeat(32),
  authMethod: 'password',
};

const OPEN = {
  id: ID,
  model: 'sepsis-risk',
  version: 4,
  artifactSha256: SHA,
  environment: 'production',
  sites: ['site-a', 'site-b'],
  status: 'open',
  policyVersion: 1,
  evidence: { validationPassedSites: [] },
  note: 'first go-live',
  requestedBy: 'Sam Okafor',
  createdAt: '2026-11-22T10:00:00.000Z',
  decidedAt: null,
  expiresAt: null,
  expiry: null,
  missing: ['2 more approver signatures', '1 more approver signature holding clinical-lead'],
  signatures: [],
};

const APPROVED = {
  ...OPEN,
  status: 'approved',
  decidedAt: '2026-11-22T10:05:07.123Z',
  expiresAt: '2027-05-21T10:05:07.123Z',
  expiry: 'valid',
  missing: [],
  signatures: [
    { ...SIGNATURE, id: 'sig-0', printedName: 'Dr. B. Chen', attributes: [], signedAt: '2026-11-22T10:04:00.000Z' },
    SIGNATURE,
  ],
};

const stub = StubRegistry.perSuite();

function vigil(
  args: string[],
  options: { stdin?: string | FakeTerminal; env?: Record<string, string>; token?: string } = {},
): Promise<CapturedRun> {
  return captureCli(args, {
    env: { VIGIL_SERVER: stub.url, VIGIL_TOKEN: options.token ?? TOKEN, ...options.env },
    stdin: options.stdin,
  });
}

function body(index = 0): Record<string, unknown> {
  return JSON.parse(stub.requests.filter((r) => r.method === 'POST')[index].body.toString()) as Record<string, unknown>;
}

const SIGN = [
  'approval',
  'sign',
  ID,
  '--decision',
  'approve',
  '--meaning',
  'Approved for clinical use at site-a',
  '--reason',
  'Validated on the 2025 cohort',
];

describe('vigil approval request', () => {
  it('sends the version, target, sites and note; prints the id, status and what is missing', async () => {
    stub.on('POST /api/v1/approvals', { status: 201, json: OPEN });
    const run = await vigil([
      'approval',
      'request',
      'sepsis-risk@4',
      '--target',
      'production',
      '--sites',
      'site-a,site-b',
      '--note',
      'first go-live',
    ]);
    expect(run.code).toBe(0);
    expect(body()).toEqual({
      model: 'sepsis-risk',
      version: 4,
      environment: 'production',
      sites: ['site-a', 'site-b'],
      note: 'first go-live',
    });
    expect(stub.requests[0].headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(run.stdout).toBe(
      [
        `opened approval request ${ID}`,
        `for sepsis-risk@4 (sha256 ${SHA}) → production at site-a, site-b`,
        'status: open',
        'still missing:',
        '  - 2 more approver signatures',
        '  - 1 more approver signature holding clinical-lead',
        '',
      ].join('\n'),
    );
  });

  it('leaves sites out for any site, and refuses a bad NAME@V or an empty site before sending', async () => {
    stub.on('POST /api/v1/approvals', { status: 201, json: { ...OPEN, sites: [] } });
    const any = await vigil(['approval', 'request', 'sepsis-risk@4', '--target', 'production']);
    expect(any.code).toBe(0);
    expect(body()).toEqual({ model: 'sepsis-risk', version: 4, environment: 'production' });
    expect(any.stdout).toContain('→ production at any site');

    stub.reset();
    expect((await vigil(['approval', 'request', 'sepsis-risk', '--target', 'production'])).code).toBe(2);
    expect(
      (await vigil(['approval', 'request', 'sepsis-risk@4', '--target', 'production', '--sites', 'a,'])).code,
    ).toBe(2);
    expect((await vigil(['approval', 'request', 'sepsis-risk@4'])).code).toBe(2);
    expect(stub.requests).toHaveLength(0);
  });

  it('exits 2 when no rule covers the target (422) and 4 for a viewer', async () => {
    stub.on('POST /api/v1/approvals', {
      status: 422,
      problem: { code: 'validation_failed', detail: 'No policy rule covers staging.' },
    });
    expect((await vigil(['approval', 'request', 'sepsis-risk@4', '--target', 'staging'])).code).toBe(2);
    stub.on('POST /api/v1/approvals', { status: 403, problem: { code: 'forbidden', detail: 'Needs submitter.' } });
    expect((await vigil(['approval', 'request', 'sepsis-risk@4', '--target', 'production'])).code).toBe(4);
  });
});

describe('vigil approval show', () => {
  it('prints status, target, expiry, what is missing and every signature', async () => {
    stub.on(`GET /api/v1/approvals/${ID}`, {
      json: { ...OPEN, signatures: [SIGNATURE], missing: ['1 more approver signature'] },
    });
    const run = await vigil(['approval', 'show', ID]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^version\s+sepsis-risk@4$/m);
    expect(run.stdout).toMatch(/^target\s+production at site-a, site-b$/m);
    expect(run.stdout).toMatch(/^status\s+open$/m);
    expect(run.stdout).toMatch(/^expires\s+-$/m);
    expect(run.stdout).toContain('still missing:\n  - 1 more approver signature\n');
    expect(run.stdout).toMatch(
      /^ {2}2026-11-22 10:05:07 UTC\s+Dr\. A\. Rivera\s+approver \(clinical-lead\)\s+approve\s+Approved for clinical use at site-a\s+Validated on the 2025 cohort$/m,
    );
    expect(run.stderr).toBe('');
  });

  it('flags an expiring approval loudly, on stdout and stderr; --json is the document alone', async () => {
    stub.on(`GET /api/v1/approvals/${ID}`, { json: { ...APPROVED, expiry: 'expiring' } });
    const run = await vigil(['approval', 'show', ID]);
    expect(run.stdout).toMatch(/^expires\s+EXPIRING 2027-05-21 10:05 UTC$/m);
    expect(run.stderr).toMatch(/^vigil: WARNING: the approval of request .* is EXPIRING 2027-05-21 10:05 UTC/);

    const json = await vigil(['approval', 'show', ID, '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ ...APPROVED, expiry: 'expiring' });
    expect(json.stderr).toBe('');
  });

  it('exits 5 for an unknown request', async () => {
    stub.on('GET /api/v1/approvals/nope', {
      status: 404,
      problem: { code: 'approval_request_not_found', detail: 'No approval request with id "nope".' },
    });
    expect((await vigil(['approval', 'show', 'nope'])).code).toBe(5);
  });
});

describe('vigil approval list', () => {
  const item = (over: Record<string, unknown>) => ({
    id: ID,
    version: 4,
    environment: 'production',
    sites: ['site-a'],
    status: 'approved',
    requestedBy: 'Sam Okafor',
    createdAt: '2026-01-10T09:00:00.000Z',
    expiresAt: '2026-07-09T09:00:00.000Z',
    expiry: 'valid',
    ...over,
  });

  it('prints a table with the expiry column, flags EXPIRING and EXPIRED, and warns on stderr', async () => {
    stub.on('GET /api/v1/models/sepsis-risk/approvals', {
      json: {
        items: [
          item({ id: 'r-open', version: 5, status: 'open', expiresAt: null, expiry: null, sites: [] }),
          item({ id: 'r-soon', expiry: 'expiring' }),
          item({ id: 'r-gone', version: 3, expiry: 'expired', expiresAt: '2026-01-01T00:00:00.000Z' }),
          item({ id: 'r-marked', version: 2, status: 'expired', expiry: null, expiresAt: '2025-06-01T00:00:00.000Z' }),
        ],
      },
    });
    const run = await vigil(['approval', 'list', 'sepsis-risk']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+VERSION\s+TARGET\s+STATUS\s+REQUESTED\s+BY\s+EXPIRES$/);
    expect(lines[1]).toMatch(/^r-open\s+5\s+production at any site\s+open\s+.*Sam Okafor\s+-$/);
    expect(lines[2]).toMatch(/^r-soon\s+4\s+production at site-a\s+approved\s+.*EXPIRING 2026-07-09 09:00 UTC$/);
    expect(lines[3]).toMatch(/EXPIRED 2026-01-01 00:00 UTC$/);
    expect(lines[4]).toMatch(/^r-marked\s+2\s+.*expired\s+.*EXPIRED 2025-06-01 00:00 UTC$/);
    const warnings = run.stderr.trimEnd().split('\n');
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toBe(
      'vigil: WARNING: the approval of request r-soon (sepsis-risk@4, production at site-a) is EXPIRING 2026-07-09 09:00 UTC; request and sign a new one before then',
    );
    expect(warnings[1]).toMatch(/request r-gone .* EXPIRED 2026-01-01 00:00 UTC; it no longer allows promotion/);
    expect(warnings[2]).toMatch(/request r-marked /);
  });

  it('says when there are none; --json is { items }', async () => {
    stub.on('GET /api/v1/models/sepsis-risk/approvals', { json: { items: [] } });
    expect((await vigil(['approval', 'list', 'sepsis-risk'])).stdout).toBe(
      'no approval requests for sepsis-risk yet\n',
    );
    const json = await vigil(['approval', 'list', 'sepsis-risk', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ items: [] });
  });
});

describe('vigil approval sign', () => {
  it('re-authenticates with the password from stdin and prints the signature and the resulting status', async () => {
    stub.on(`POST /api/v1/approvals/${ID}/signatures`, { status: 201, json: APPROVED });
    const run = await vigil([...SIGN, '--password-stdin'], { stdin: `${PASSWORD}\n` });
    expect(run.code).toBe(0);
    expect(body()).toEqual({
      decision: 'approve',
      meaning: 'Approved for clinical use at site-a',
      reason: 'Validated on the 2025 cohort',
      password: PASSWORD,
    });
    expect(stub.requests[0].headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(run.stdout).toContain(`signed approval request ${ID} (sepsis-risk@4, production at site-a, site-b)\n`);
    expect(run.stdout).toMatch(/^ {2}printed name\s+Dr\. A\. Rivera \(approver\)$/m);
    expect(run.stdout).toMatch(/^ {2}time\s+2026-11-22 10:05:07 UTC$/m);
    expect(run.stdout).toMatch(/^ {2}meaning\s+Approved for clinical use at site-a$/m);
    expect(run.stdout).toMatch(/^request status: approved \(expires 2027-05-21 10:05 UTC\)$/m);
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });

  it('says what is still missing while the request stays open', async () => {
    const open = { ...OPEN, signatures: [SIGNATURE], missing: ['1 more approver signature'] };
    stub.on(`POST /api/v1/approvals/${ID}/signatures`, { status: 201, json: open });
    const run = await vigil([...SIGN, '--password-stdin'], { stdin: PASSWORD });
    expect(run.stdout).toContain('request status: open\nstill missing:\n  - 1 more approver signature\n');
  });

  it('takes VIGIL_PASSWORD (automation tests) when no --password-stdin is given', async () => {
    stub.on(`POST /api/v1/approvals/${ID}/signatures`, { status: 201, json: APPROVED });
    const run = await vigil(SIGN, { env: { VIGIL_PASSWORD: PASSWORD } });
    expect(run.code).toBe(0);
    expect(body().password).toBe(PASSWORD);
  });

  it('at a terminal, shows what is being signed, then prompts without echo', async () => {
    stub.on(`GET /api/v1/approvals/${ID}`, { json: OPEN });
    stub.on(`POST /api/v1/approvals/${ID}/signatures`, { status: 201, json: APPROVED });
    const terminal = new FakeTerminal([...PASSWORD.split(''), '\r']);
    const run = await vigil(SIGN, { stdin: terminal });
    expect(run.code).toBe(0);
    expect(stub.requests.map((r) => r.method)).toEqual(['GET', 'POST']);
    expect(body().password).toBe(PASSWORD);
    expect(run.stderr).toContain(`You are signing approval request ${ID}:\n`);
    expect(run.stderr).toMatch(/^ {2}version\s+sepsis-risk@4 \(sha256 ab12/m);
    expect(run.stderr).toMatch(/^ {2}decision\s+approve$/m);
    expect(run.stderr).toMatch(/Your password \(to sign\): \n$/);
    expect(run.stderr).not.toContain(PASSWORD);
    expect(terminal.rawModes).toEqual([true, false]);
  });

  it('asks no password with an OIDC access token', async () => {
    stub.on(`POST /api/v1/approvals/${ID}/signatures`, { status: 201, json: APPROVED });
    const run = await vigil(SIGN, { token: JWT });
    expect(run.code).toBe(0);
    expect(body()).not.toHaveProperty('password');
    expect(stub.requests[0].headers.authorization).toBe(`Bearer ${JWT}`);
  });

  it('without a password source and no terminal, exits 2 before sending the signature', async () => {
    stub.on('GET /api/v1/whoami', { json: { name: 'Dr. A. Rivera', role: 'approver', tokenId: 't', kind: 'person' } });
    const run = await vigil(SIGN);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'vigil: a password is needed to sign, and stdin is not a terminal to ask on: pipe it in with --password-stdin\n',
    );
    expect(stub.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v1/whoami']);
  });

  it('lets the server refuse a service account (CI) for what it is: exit 4, no password asked', async () => {
    stub.on('GET /api/v1/whoami', { json: { name: 'ci-bot', role: 'deployer', tokenId: 't', kind: 'service' } });
    stub.on(`POST /api/v1/approvals/${ID}/signatures`, {
      status: 403,
      problem: {
        code: 'signer_not_a_person',
        detail: '"ci-bot" is a service account; only people can sign approvals.',
      },
    });
    const run = await vigil(SIGN);
    expect(run.code).toBe(4);
    expect(body()).not.toHaveProperty('password');
    expect(run.stderr).toBe('vigil: "ci-bot" is a service account; only people can sign approvals.\n');
  });

  it('exits 4 for the submitter signing their own version and for a wrong password', async () => {
    stub.on(`POST /api/v1/approvals/${ID}/signatures`, {
      status: 403,
      problem: {
        code: 'separation_of_duties',
        detail: 'Sam Okafor submitted sepsis-risk@4 and cannot sign its approval (separation of duties).',
      },
    });
    const own = await vigil([...SIGN, '--password-stdin'], { stdin: 'Sam-submits-2026#' });
    expect(own.code).toBe(4);
    expect(own.stderr).toContain('separation of duties');

    stub.on(`POST /api/v1/approvals/${ID}/signatures`, {
      status: 401,
      problem: {
        code: 'reauthentication_failed',
        detail: 'Signing needs your password again, and the one given does not match (or none was given).',
      },
    });
    const wrong = await vigil([...SIGN, '--password-stdin'], { stdin: 'not-it' });
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toBe(
      'vigil: Signing needs your password again, and the one given does not match (or none was given).\n',
    );
  });

  it('exits 1 when already signed or the request is no longer open', async () => {
    stub.on(`POST /api/v1/approvals/${ID}/signatures`, {
      status: 409,
      problem: { code: 'already_signed', detail: 'Dr. A. Rivera has already signed this request.' },
    });
    const run = await vigil(['--json', ...SIGN, '--password-stdin'], { stdin: PASSWORD });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ code: 'already_signed' });
  });

  it('needs a decision of approve or reject, a meaning and a reason', async () => {
    expect((await vigil(['approval', 'sign', ID, '--decision', 'maybe', '--meaning', 'm', '--reason', 'r'])).code).toBe(
      2,
    );
    expect((await vigil(['approval', 'sign', ID, '--decision', 'approve', '--reason', 'r'])).code).toBe(2);
    expect((await vigil(['approval', 'sign', ID, '--decision', 'approve', '--meaning', 'm'])).code).toBe(2);
    expect(stub.requests).toHaveLength(0);
  });
});

it('has --help with examples and the exit codes on each command', async () => {
  for (const command of [
    ['approval'],
    ['approval', 'request'],
    ['approval', 'show'],
    ['approval', 'list'],
    ['approval', 'sign'],
  ]) {
    const run = await captureCli([...command, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Examples:');
    expect(run.stdout).toContain('Exit codes:');
  }
});
