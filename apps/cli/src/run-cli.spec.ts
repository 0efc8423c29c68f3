/*
 * The whole CLI in-process against StubRegistry, a stand-in HTTP server on 127.0.0.1 that records requests
 * and answers what each test sets up. It checks what the CLI sends, prints and exits with; it is not the
 * registry (end-to-end specs against the real server come separately).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureCli, type CapturedRun } from './testing/capture-cli';
import { type RecordedRequest, StubRegistry } from './testing/stub-registry';

const TOKEN = 'vgl_TestSecretToken123';

const MODEL = {
  name: 'sepsis-risk',
  owner: 'Dr. A. Rivera',
  description: null,
  card: { details: { developer: 'Vigil Labs' } },
  cardCompleteness: { total: 31, present: 12, missing: ['details.fundingSource', 'purpose.intendedUse'] },
  latestVersion: 3,
  createdAt: '2026-11-22T10:00:00.000Z',
  updatedAt: '2026-11-23T08:30:00.000Z',
  createdBy: 'ci-bot',
  etag: '"7"',
};

/** List items are summaries: no card, completeness counts only (as the registry sends them). */
const MODEL_SUMMARY = {
  name: MODEL.name,
  owner: MODEL.owner,
  description: 'Sepsis within 6 h',
  cardCompleteness: { total: 31, present: 12 },
  createdAt: MODEL.createdAt,
  updatedAt: MODEL.updatedAt,
};

const ARTIFACT = Buffer.from('fake onnx bytes for the stub '.repeat(1000));
const ARTIFACT_SHA = createHash('sha256').update(ARTIFACT).digest('hex');

const VERSION = {
  model: 'sepsis-risk',
  version: 4,
  status: 'registered',
  artifact: { sha256: ARTIFACT_SHA, sizeBytes: ARTIFACT.length },
  lineage: { gitCommit: 'abc1234def', trainingDataUri: 's3://vigil-data/sepsis', parentVersion: 3 },
  threshold: 0.5,
  featureColumns: ['age', 'lactate'],
  ioSignature: {
    inputs: [{ name: 'features', type: 'float32', shape: ['batch', 2] }],
    outputs: [{ name: 'probability', type: 'float32', shape: [null, 1] }],
  },
  createdAt: '2026-11-22T10:00:00.000Z',
  createdBy: 'ci-bot',
  archivedAt: null,
  etag: '"1"',
};

const HISTORY = [
  {
    id: 17,
    occurredAt: '2026-11-22T10:00:00.000Z',
    actor: 'ci-bot',
    action: 'model_version.registered',
    before: null,
    after: {},
  },
];

let stub: StubRegistry;
let workDir: string;

beforeAll(async () => {
  stub = await StubRegistry.start();
});

afterAll(async () => {
  await stub.stop();
});

beforeEach(() => {
  stub.reset();
  workDir = mkdtempSync(join(tmpdir(), 'vigil-run-'));
});

function vigil(args: string[], options: { token?: string | null; stderrIsTty?: boolean } = {}): Promise<CapturedRun> {
  const env: Record<string, string> = { VIGIL_SERVER: stub.url };
  if (options.token !== null) env.VIGIL_TOKEN = options.token ?? TOKEN;
  return captureCli(args, { env, cwd: workDir, stderrIsTty: options.stderrIsTty });
}

function file(name: string, content: string | Buffer): string {
  writeFileSync(join(workDir, name), content);
  return name;
}

function writes(): RecordedRequest[] {
  return stub.requests.filter((r) => r.method !== 'GET');
}

afterEach(() => {
  // Every write carries the keys the registry will use for idempotent retries and log correlation.
  for (const request of writes()) {
    expect(request.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(request.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  }
});

describe('global behaviour', () => {
  it('sends the token from VIGIL_TOKEN and never prints it', async () => {
    stub.on('GET /api/v1/whoami', { json: { name: 'ci-bot', role: 'submitter', tokenId: 't-1' } });
    const run = await vigil(['whoami']);
    expect(run.code).toBe(0);
    expect(stub.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(run.stdout).toMatch(/^name\s+ci-bot$/m);
    expect(run.stdout).toMatch(/^role\s+submitter$/m);
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });

  it('uses ./.vigil/admin-token when no token is given', async () => {
    stub.on('GET /api/v1/whoami', { json: { name: 'admin', role: 'admin', tokenId: 't-0' } });
    mkdirSync(join(workDir, '.vigil'));
    file('.vigil/admin-token', 'vgl_EmbeddedAdmin\n');
    const run = await vigil(['whoami'], { token: null });
    expect(run.code).toBe(0);
    expect(stub.requests[0].headers.authorization).toBe('Bearer vgl_EmbeddedAdmin');
  });

  it('prints exactly one JSON document on stdout with --json, wherever the flag is', async () => {
    const page = { items: [MODEL_SUMMARY], nextCursor: null };
    stub.on('GET /api/v1/models', { json: page });
    for (const args of [
      ['--json', 'model', 'list'],
      ['model', 'list', '--json'],
    ]) {
      const run = await vigil(args);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual(page);
      expect(run.stderr).toBe('');
    }
  });

  it('exits 4 on 401 and hints at the token sources when none was given', async () => {
    stub.on('GET /api/v1/whoami', {
      status: 401,
      problem: { code: 'unauthenticated', detail: 'A bearer token is required.' },
    });
    const run = await vigil(['whoami'], { token: null });
    expect(run.code).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('vigil: A bearer token is required.\n');
    expect(run.stderr).toContain('no token was given');
    expect(stub.requests[0].headers.authorization).toBeUndefined();
  });

  it('exits 4 on 403', async () => {
    stub.on('GET /api/v1/tokens', {
      status: 403,
      problem: { code: 'forbidden', detail: 'Listing tokens needs the admin role.' },
    });
    const run = await vigil(['token', 'list']);
    expect(run.code).toBe(4);
    expect(run.stderr).toBe('vigil: Listing tokens needs the admin role.\n');
  });

  it('exits 3 on a 5xx, asking to quote the request id', async () => {
    stub.on('GET /api/v1/models', {
      status: 500,
      problem: { detail: 'An unexpected error occurred.', errorId: 'err-42' },
    });
    const run = await vigil(['model', 'list']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/quote error id err-42, request id [0-9a-f-]{36} when reporting this/);
  });

  it('exits 3 when nothing listens at the server address', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));

    const run = await captureCli(['whoami'], { env: { VIGIL_SERVER: url, VIGIL_TOKEN: TOKEN }, cwd: workDir });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`vigil: could not reach the registry at ${url}: connect ECONNREFUSED`);
    expect(run.stderr).not.toContain(TOKEN);
  });

  it('exits 2 on a missing argument or option, with a vigil: message', async () => {
    const missingArgument = await vigil(['model', 'show']);
    expect(missingArgument.code).toBe(2);
    expect(missingArgument.stderr).toMatch(/^vigil: missing required argument 'name'/);

    const missingOption = await vigil(['model', 'create', 'x']);
    expect(missingOption.code).toBe(2);
    expect(missingOption.stderr).toMatch(/^vigil: required option '--owner <person>' not specified/);

    const unknown = await vigil(['modle', 'list']);
    expect(unknown.code).toBe(2);
    expect(stub.requests).toHaveLength(0);
  });

  it('shows examples and exit codes in --help, exiting 0', async () => {
    const root = await vigil(['--help']);
    expect(root.code).toBe(0);
    expect(root.stdout).toContain('Exit codes:');
    expect(root.stdout).toContain('VIGIL_TOKEN_FILE');
    expect(root.stdout).toContain('.vigil/admin-token');
    for (const command of [
      ['whoami'],
      ['model'],
      ['model', 'create'],
      ['version', 'register'],
      ['version', 'download'],
      ['token', 'create'],
    ]) {
      const run = await vigil([...command, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Examples:');
      expect(run.stdout).toContain('Exit codes:');
      expect(run.stdout).toContain('--server <url>');
    }
  });
});

describe('vigil model', () => {
  it('create sends the card parsed from YAML', async () => {
    stub.on('POST /api/v1/models', { status: 201, json: MODEL });
    const card = file('card.yaml', 'details:\n  developer: Vigil Labs\npurpose:\n  decisionRole: informs\n');
    const run = await vigil([
      'model',
      'create',
      'sepsis-risk',
      '--owner',
      'Dr. A. Rivera',
      '--description',
      'Sepsis in 6 h',
      '--card',
      card,
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(writes()[0].body.toString())).toEqual({
      name: 'sepsis-risk',
      owner: 'Dr. A. Rivera',
      description: 'Sepsis in 6 h',
      card: { details: { developer: 'Vigil Labs' }, purpose: { decisionRole: 'informs' } },
    });
    expect(run.stdout).toContain('created model sepsis-risk');
  });

  it('create prints each invalid card field in plain words and exits 2 on 422', async () => {
    stub.on('POST /api/v1/models', {
      status: 422,
      problem: {
        code: 'validation_failed',
        detail: 'The model card has 1 problem.',
        errors: [{ field: 'card.purpose.decisionRole', message: 'must be one of informs, augments, replaces' }],
      },
    });
    const card = file('card.json', '{"purpose": {"decisionRole": "decides"}}');
    const run = await vigil(['model', 'create', 'sepsis-risk', '--owner', 'x', '--card', card]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'vigil: The model card has 1 problem.\nvigil: card.purpose.decisionRole: must be one of informs, augments, replaces\n',
    );
    expect(run.stdout).toBe('');
  });

  it('with --json, an API error puts the problem document on stdout', async () => {
    const problem = { status: 409, code: 'model_exists', detail: 'A model named sepsis-risk already exists.' };
    stub.on('POST /api/v1/models', { status: 409, problem });
    const run = await vigil(['--json', 'model', 'create', 'sepsis-risk', '--owner', 'x']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual(problem);
    expect(run.stderr).toBe('vigil: A model named sepsis-risk already exists.\n');
  });

  it('create exits 2 on a card syntax error without calling the server', async () => {
    const card = file('card.yaml', 'details:\n  developer: x\n purpose: y\n');
    const run = await vigil(['model', 'create', 'sepsis-risk', '--owner', 'x', '--card', card]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^vigil: card\.yaml:3:1: not valid YAML/);
    expect(stub.requests).toHaveLength(0);
  });

  it('list --all follows the cursors and prints an aligned table', async () => {
    stub.on('GET /api/v1/models', (request) =>
      request.query.get('cursor') === 'p2'
        ? { json: { items: [{ ...MODEL_SUMMARY, name: 'zeta', owner: 'B', description: null }], nextCursor: null } }
        : { json: { items: [MODEL_SUMMARY], nextCursor: 'p2' } },
    );
    const run = await vigil(['model', 'list', '--all', '--limit', '1']);
    expect(run.code).toBe(0);
    expect(stub.requests.map((r) => r.query.toString())).toEqual(['limit=1', 'limit=1&cursor=p2']);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^NAME\s+OWNER\s+CARD\s+UPDATED\s+DESCRIPTION$/);
    expect(lines[1]).toMatch(/^sepsis-risk\s+Dr\. A\. Rivera\s+12\/31\s+2026-11-23 08:30 UTC\s+Sepsis within 6 h$/);
    expect(lines[2]).toMatch(/^zeta\s+B\s+12\/31\s+2026-11-23 08:30 UTC$/);
    expect(lines[1].indexOf('Dr.')).toBe(lines[2].indexOf('B'));
  });

  it('list without --all says when there is more', async () => {
    stub.on('GET /api/v1/models', { json: { items: [MODEL_SUMMARY], nextCursor: 'p2' } });
    const run = await vigil(['model', 'list']);
    expect(run.stderr).toBe('vigil: showing the first 1 models; add --all for the rest\n');
    expect(stub.requests).toHaveLength(1);
  });

  it('show prints the card completeness', async () => {
    stub.on('GET /api/v1/models/sepsis-risk', { json: MODEL });
    const run = await vigil(['model', 'show', 'sepsis-risk']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'card: 12 of 31 HTI-1 attributes present; missing: details.fundingSource, purpose.intendedUse',
    );
    expect(run.stdout).toContain('developer: Vigil Labs');
  });

  it('show exits 5 for an unknown model', async () => {
    stub.on('GET /api/v1/models/nope', {
      status: 404,
      problem: { code: 'model_not_found', detail: 'There is no model named nope.' },
    });
    const run = await vigil(['model', 'show', 'nope']);
    expect(run.code).toBe(5);
    expect(run.stderr).toBe('vigil: There is no model named nope.\n');
  });

  it('update reads the ETag, then PATCHes with If-Match', async () => {
    stub.on('GET /api/v1/models/sepsis-risk', { json: MODEL });
    stub.on('PATCH /api/v1/models/sepsis-risk', { json: { ...MODEL, owner: 'Dr. B. Chen', etag: '"8"' } });
    const run = await vigil(['model', 'update', 'sepsis-risk', '--owner', 'Dr. B. Chen']);
    expect(run.code).toBe(0);
    const patch = writes()[0];
    expect(patch.headers['if-match']).toBe('"7"');
    expect(JSON.parse(patch.body.toString())).toEqual({ owner: 'Dr. B. Chen' });
  });

  it('update exits 1 when the model changed meanwhile (412)', async () => {
    stub.on('GET /api/v1/models/sepsis-risk', { json: MODEL });
    stub.on('PATCH /api/v1/models/sepsis-risk', {
      status: 412,
      problem: { code: 'precondition_failed', detail: 'The model was changed by someone else; read it again.' },
    });
    const run = await vigil(['model', 'update', 'sepsis-risk', '--description', 'x']);
    expect(run.code).toBe(1);
  });

  it('update with nothing to change is a usage error', async () => {
    const run = await vigil(['model', 'update', 'sepsis-risk']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('vigil: nothing to change: give --owner, --description or --card\n');
    expect(stub.requests).toHaveLength(0);
  });
});

describe('vigil version register', () => {
  const args = (...extra: string[]): string[] => [
    'version',
    'register',
    'sepsis-risk',
    '--artifact',
    file('model.onnx', ARTIFACT),
    '--commit',
    'ABC1234DEF',
    '--training-data',
    's3://vigil-data/sepsis',
    ...extra,
  ];

  it('uploads metadata then the artifact as multipart, and prints the version', async () => {
    stub.on('POST /api/v1/models/sepsis-risk/versions', { status: 201, json: VERSION });
    const columns = file('cols.txt', '# model inputs\nage\n\nlactate\n');
    const run = await vigil(args('--parent', '3', '--threshold', '0.5', '--feature-columns', columns));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`registered sepsis-risk@4 (sha256 ${ARTIFACT_SHA})\n`);
    expect(run.stderr).toBe('');

    const upload = writes()[0];
    expect(Number(upload.headers['content-length'])).toBe(upload.body.length);
    const form = await new Response(upload.body, {
      headers: { 'Content-Type': upload.headers['content-type']! },
    }).formData();
    expect([...form.keys()]).toEqual(['metadata', 'artifact']);
    expect(JSON.parse(form.get('metadata') as string)).toEqual({
      gitCommit: 'abc1234def',
      trainingDataUri: 's3://vigil-data/sepsis',
      parentVersion: 3,
      threshold: 0.5,
      featureColumns: ['age', 'lactate'],
    });
    const artifact = form.get('artifact') as File;
    expect(artifact.name).toBe('model.onnx');
    expect(Buffer.from(await artifact.arrayBuffer())).toEqual(ARTIFACT);
  });

  it('prints the version object with --json', async () => {
    stub.on('POST /api/v1/models/sepsis-risk/versions', { status: 201, json: VERSION });
    const run = await vigil(['--json', ...args()]);
    expect(JSON.parse(run.stdout)).toEqual(VERSION);
  });

  it('draws a progress bar on a terminal stderr, and only there', async () => {
    stub.on('POST /api/v1/models/sepsis-risk/versions', { status: 201, json: VERSION });
    const run = await vigil(args(), { stderrIsTty: true });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/\ruploading model\.onnx {2}\[#+\] {2}100% {2}29\.0 kB \/ 29\.0 kB/);
    expect(run.stderr.endsWith('\n')).toBe(true);
  });

  it('exits 1 when the bytes are already registered (409)', async () => {
    stub.on('POST /api/v1/models/sepsis-risk/versions', {
      status: 409,
      problem: { code: 'version_exists', detail: 'These bytes are already registered as version 3.' },
    });
    const run = await vigil(args());
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('vigil: These bytes are already registered as version 3.\n');
  });

  it.each([
    [413, 'artifact_too_large'],
    [422, 'artifact_not_onnx'],
    [400, 'validation_failed'],
  ])('exits 2 when the server refuses the input (%i)', async (status, code) => {
    stub.on('POST /api/v1/models/sepsis-risk/versions', { status, problem: { code, detail: `refused: ${code}` } });
    expect((await vigil(args())).code).toBe(2);
  });

  it('refuses a bad commit, a missing artifact or a bad columns file before uploading', async () => {
    const badCommit = await vigil([
      'version',
      'register',
      'm',
      '--artifact',
      file('a.onnx', 'x'),
      '--commit',
      'main',
      '--training-data',
      's3://x',
    ]);
    expect(badCommit.code).toBe(2);
    expect(badCommit.stderr).toMatch(/--commit <sha>' argument 'main' is invalid/);

    const missing = await vigil([
      'version',
      'register',
      'm',
      '--artifact',
      'nope.onnx',
      '--commit',
      'abc1234',
      '--training-data',
      's3://x',
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read the artifact .*nope\.onnx: no such file/);

    const duplicate = await vigil(args('--feature-columns', file('dup.txt', 'age\nage\n')));
    expect(duplicate.code).toBe(2);
    expect(stub.requests).toHaveLength(0);
  });
});

describe('vigil version show, list, archive', () => {
  beforeEach(() => {
    stub.on('GET /api/v1/models/sepsis-risk', { json: MODEL });
    stub.on('GET /api/v1/models/sepsis-risk/versions/4', { json: VERSION });
    stub.on('GET /api/v1/models/sepsis-risk/versions/4/history', { json: HISTORY });
  });

  it('show prints status, checksum, lineage, the signature table, card completeness and history', async () => {
    const run = await vigil(['version', 'show', 'sepsis-risk@4']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^status\s+registered$/m);
    expect(run.stdout).toMatch(new RegExp(`^sha256\\s+${ARTIFACT_SHA}$`, 'm'));
    expect(run.stdout).toMatch(/^git commit\s+abc1234def$/m);
    expect(run.stdout).toMatch(/^parent version\s+3$/m);
    expect(run.stdout).toMatch(/^ {2}input\s+features\s+float32\s+\[batch, 2\]$/m);
    expect(run.stdout).toMatch(/^ {2}output\s+probability\s+float32\s+\[\?, 1\]$/m);
    expect(run.stdout).toContain('card: 12 of 31 HTI-1 attributes present');
    expect(run.stdout).toMatch(/2026-11-22 10:00 UTC\s+ci-bot\s+model_version\.registered/);
    expect(stub.requests.map((r) => r.path).sort()).toEqual([
      '/api/v1/models/sepsis-risk',
      '/api/v1/models/sepsis-risk/versions/4',
      '/api/v1/models/sepsis-risk/versions/4/history',
    ]);
  });

  it('show gives the archive reason, from the version and from the history entry', async () => {
    stub.on('GET /api/v1/models/sepsis-risk/versions/4', {
      json: {
        ...VERSION,
        status: 'archived',
        archivedAt: '2026-11-24T09:00:00.000Z',
        archiveReason: 'superseded by v5',
      },
    });
    stub.on('GET /api/v1/models/sepsis-risk/versions/4/history', {
      json: [
        ...HISTORY,
        {
          id: 18,
          occurredAt: '2026-11-24T09:00:00.000Z',
          actor: 'dr-rivera',
          action: 'model_version.archived',
          before: { status: 'registered' },
          after: { status: 'archived', archiveReason: 'superseded by v5' },
        },
      ],
    });
    const run = await vigil(['version', 'show', 'sepsis-risk@4']);
    expect(run.stdout).toMatch(/^archive reason\s+superseded by v5$/m);
    expect(run.stdout).toMatch(/dr-rivera\s+model_version\.archived\s+superseded by v5$/m);
  });

  it('show --json is the version with its history', async () => {
    const run = await vigil(['version', 'show', 'sepsis-risk@4', '--json']);
    expect(JSON.parse(run.stdout)).toEqual({ ...VERSION, history: HISTORY });
  });

  it.each(['sepsis-risk', 'sepsis-risk@', 'sepsis-risk@x'])('show refuses %p as a usage error', async (ref) => {
    const run = await vigil(['version', 'show', ref]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^vigil: .*(NAME@VERSION|whole number)/);
    expect(stub.requests).toHaveLength(0);
  });

  it('list prints a table of versions', async () => {
    stub.on('GET /api/v1/models/sepsis-risk/versions', { json: { items: [VERSION], nextCursor: null } });
    const run = await vigil(['version', 'list', 'sepsis-risk']);
    expect(run.stdout.split('\n')[0]).toMatch(/^VERSION\s+STATUS\s+SHA256\s+SIZE\s+COMMIT\s+CREATED\s+BY$/);
    expect(run.stdout).toContain(ARTIFACT_SHA.slice(0, 12));
  });

  it('archive reads the ETag, then PATCHes status and reason with If-Match', async () => {
    stub.on('PATCH /api/v1/models/sepsis-risk/versions/4', { json: { ...VERSION, status: 'archived' } });
    const run = await vigil(['version', 'archive', 'sepsis-risk@4', '--reason', 'superseded by v5']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('archived sepsis-risk@4\n');
    const patch = writes()[0];
    expect(patch.headers['if-match']).toBe('"1"');
    expect(JSON.parse(patch.body.toString())).toEqual({ status: 'archived', reason: 'superseded by v5' });
  });

  it('archive needs a reason', async () => {
    expect((await vigil(['version', 'archive', 'sepsis-risk@4'])).code).toBe(2);
  });
});

describe('vigil version download', () => {
  beforeEach(() => {
    stub.on('GET /api/v1/models/sepsis-risk/versions/4', { json: VERSION });
  });

  it('writes the verified artifact and reports it', async () => {
    stub.on('GET /api/v1/models/sepsis-risk/versions/4/artifact', {
      raw: ARTIFACT,
      headers: { 'X-Checksum-Sha256': ARTIFACT_SHA },
    });
    const run = await vigil(['version', 'download', 'sepsis-risk@4', '-o', 'model.onnx']);
    expect(run.code).toBe(0);
    expect(readFileSync(join(workDir, 'model.onnx'))).toEqual(ARTIFACT);
    expect(run.stdout).toContain(`sha256 ${ARTIFACT_SHA} verified`);
  });

  it('exits 1 and writes nothing when the bytes do not match the registered checksum', async () => {
    const tampered = Buffer.from(ARTIFACT);
    tampered[10] = 0;
    stub.on('GET /api/v1/models/sepsis-risk/versions/4/artifact', {
      raw: tampered,
      headers: { 'X-Checksum-Sha256': ARTIFACT_SHA },
    });
    const run = await vigil(['version', 'download', 'sepsis-risk@4', '--output', 'model.onnx']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^vigil: checksum mismatch/);
    expect(existsSync(join(workDir, 'model.onnx'))).toBe(false);
    expect(readdirSync(workDir)).toEqual([]);
  });

  it('exits 1 when the header disagrees with the registry record', async () => {
    stub.on('GET /api/v1/models/sepsis-risk/versions/4/artifact', {
      raw: ARTIFACT,
      headers: { 'X-Checksum-Sha256': '0'.repeat(64) },
    });
    const run = await vigil(['version', 'download', 'sepsis-risk@4', '-o', 'model.onnx']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the X-Checksum-Sha256 header says');
  });

  it('needs -o', async () => {
    expect((await vigil(['version', 'download', 'sepsis-risk@4'])).code).toBe(2);
  });
});

describe('vigil token', () => {
  const TOKEN_ROW = {
    id: '6f1c1f9e-0000-4000-8000-000000000001',
    name: 'ci-bot',
    role: 'deployer',
    prefix: 'vgl_AbCd',
    createdAt: '2026-11-22T10:00:00.000Z',
    createdBy: 'admin',
    expiresAt: '2027-01-01T00:00:00.000Z',
    revokedAt: null,
  };

  it('create prints the secret once with a warning, and sends the expiry as an instant', async () => {
    stub.on('POST /api/v1/tokens', { status: 201, json: { ...TOKEN_ROW, secret: 'vgl_AbCdNewSecret' } });
    const run = await vigil(['token', 'create', '--name', 'ci-bot', '--role', 'deployer', '--expires', '2099-01-01']);
    expect(run.code).toBe(0);
    expect(JSON.parse(writes()[0].body.toString())).toEqual({
      name: 'ci-bot',
      role: 'deployer',
      expiresAt: '2099-01-01T00:00:00.000Z',
    });
    expect(run.stdout).toContain('secret: vgl_AbCdNewSecret\n');
    expect(run.stdout).toContain('will not be shown again');
  });

  it('create --json includes the secret', async () => {
    stub.on('POST /api/v1/tokens', { status: 201, json: { ...TOKEN_ROW, secret: 'vgl_AbCdNewSecret' } });
    const run = await vigil(['--json', 'token', 'create', '--name', 'ci-bot', '--role', 'deployer']);
    expect(JSON.parse(run.stdout)).toMatchObject({ secret: 'vgl_AbCdNewSecret' });
  });

  it('create refuses an unknown role locally', async () => {
    const run = await vigil(['token', 'create', '--name', 'x', '--role', 'root']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Allowed choices are viewer, submitter, validator, approver, deployer, admin');
  });

  it('list shows state and never a secret', async () => {
    stub.on('GET /api/v1/tokens', {
      json: {
        items: [TOKEN_ROW, { ...TOKEN_ROW, name: 'old', revokedAt: '2026-11-23T00:00:00.000Z' }],
        nextCursor: null,
      },
    });
    const run = await vigil(['token', 'list']);
    expect(run.stdout).toMatch(/^ci-bot\s+deployer\s+vgl_AbCd\s+active\s+/m);
    expect(run.stdout).toMatch(/^old\s+deployer\s+vgl_AbCd\s+revoked\s+/m);
  });

  it('revoke sends DELETE and exits 5 for an unknown token', async () => {
    stub.on('DELETE /api/v1/tokens/ci-bot', { json: { ...TOKEN_ROW, revokedAt: '2026-11-23T00:00:00.000Z' } });
    expect((await vigil(['token', 'revoke', 'ci-bot'])).stdout).toContain('revoked token ci-bot');
    const unknown = await vigil(['token', 'revoke', 'ghost']);
    expect(unknown.code).toBe(5);
  });
});
