import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildLogisticModel, buildTextArtifact } from '@vigil/inference/testing';
import { ROOT, type EmbeddedServer, startEmbeddedServer } from './support/embedded-server';

// End to end, as a user runs it: the compiled registry started in its embedded default (its own
// embedded PostgreSQL, local artifact store, admin token file) and the compiled `vigil` CLI against it.
const CLI = join(ROOT, 'apps/cli/bin/vigil.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('vigil CLI against the embedded control plane', () => {
  let dir: string;
  let server: EmbeddedServer | undefined;
  let url: string;
  let env: NodeJS.ProcessEnv;

  async function startServer(): Promise<void> {
    server = await startEmbeddedServer(dir, { VIGIL_MAX_ARTIFACT_BYTES: String(1024 * 1024) });
    url = server.url;
    env = { ...env, VIGIL_SERVER: url };
  }

  async function stopServer(): Promise<void> {
    await server?.stop();
  }

  function vigil(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Run {
    const r = spawnSync(process.execPath, [CLI, ...args], {
      cwd: dir,
      env: { ...env, ...extraEnv },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-'));
    env = { ...process.env, VIGIL_TOKEN_FILE: join(dir, '.vigil', 'admin-token') };
    delete env.VIGIL_TOKEN;
    await startServer();
  }, 90_000);

  afterAll(async () => {
    await stopServer();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the admin token to a 0600 file and logs only its path', () => {
    const file = join(dir, '.vigil', 'admin-token');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const token = readFileSync(file, 'utf8').trim();
    expect(token).toMatch(/^vgl_/);
    expect(server!.log()).toContain(file);
    expect(server!.log()).not.toContain(token);
  });

  it('runs the registry flow a CI pipeline would', () => {
    expect(vigil(['whoami', '--json'])).toMatchObject({ code: 0 });
    const created = vigil([
      'model',
      'create',
      'sepsis-risk',
      '--owner',
      'Dr. A. Rivera',
      '--card',
      join(ROOT, 'docs/examples/card.yaml'),
    ]);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const shown = JSON.parse(vigil(['model', 'show', 'sepsis-risk', '--json']).stdout);
    expect(shown.cardCompleteness).toMatchObject({ total: 31, present: 31, missing: [] });

    const model = buildLogisticModel({ weights: [0.8, -0.5, 1.25], bias: -0.3 });
    writeFileSync(join(dir, 'model.onnx'), model);
    writeFileSync(join(dir, 'cols.txt'), '# input order\nage\nlactate\nheart_rate\n');
    const args = [
      'version',
      'register',
      'sepsis-risk',
      '--artifact',
      'model.onnx',
      '--commit',
      'a1b2c3d4e5f6a7b8',
      '--training-data',
      's3://data/sepsis/2025q2',
    ];
    const registered = vigil([...args, '--threshold', '0.4', '--feature-columns', 'cols.txt']);
    expect(registered).toMatchObject({ code: 0 });
    expect(registered.stdout.trim()).toMatch(/\b1\b/);

    const again = vigil(args);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/sepsis-risk@1/);

    writeFileSync(join(dir, 'notes.onnx'), buildTextArtifact());
    const notOnnx = vigil([
      'version',
      'register',
      'sepsis-risk',
      '--artifact',
      'notes.onnx',
      '--commit',
      'a1b2c3d',
      '--training-data',
      's3://x',
    ]);
    expect(notOnnx.code).toBe(2);
    expect(notOnnx.stderr).toMatch(/ONNX/i);

    writeFileSync(join(dir, 'huge.onnx'), Buffer.alloc(2 * 1024 * 1024, 1));
    expect(
      vigil([
        'version',
        'register',
        'sepsis-risk',
        '--artifact',
        'huge.onnx',
        '--commit',
        'a1b2c3d',
        '--training-data',
        's3://x',
      ]).code,
    ).toBe(2);

    const version = JSON.parse(vigil(['version', 'show', 'sepsis-risk@1', '--json']).stdout);
    expect(version.threshold).toBe(0.4);
    expect(version.featureColumns).toEqual(['age', 'lactate', 'heart_rate']);
    expect(version.artifact.sha256).toBe(createHash('sha256').update(model).digest('hex'));
    expect(version.history.items ?? version.history).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'model_version.registered' })]),
    );

    expect(vigil(['version', 'download', 'sepsis-risk@1', '-o', 'copy.onnx']).code).toBe(0);
    expect(readFileSync(join(dir, 'copy.onnx')).equals(Buffer.from(model))).toBe(true);

    const list = JSON.parse(vigil(['model', 'list', '--json']).stdout);
    expect(list.items.map((m: { name: string }) => m.name)).toEqual(['sepsis-risk']);
  });

  it('maps failures to the documented exit codes', () => {
    expect(vigil(['model', 'show', 'nope']).code).toBe(5);
    expect(vigil(['version', 'show', 'sepsis-risk@x']).code).toBe(2);
    expect(vigil(['model', 'create']).code).toBe(2);
    expect(vigil(['whoami'], { VIGIL_TOKEN_FILE: '', VIGIL_TOKEN: 'vgl_wrong' }).code).toBe(4);
    expect(vigil(['whoami'], { VIGIL_SERVER: 'http://127.0.0.1:1' }).code).toBe(3);
  });

  it('creates and revokes tokens; a revoked or too-weak token is refused with exit 4', () => {
    const created = vigil(['token', 'create', '--name', 'ci-bot', '--role', 'deployer', '--json']);
    expect(created.code).toBe(0);
    const secret = JSON.parse(created.stdout).secret as string;
    expect(vigil(['whoami', '--json'], { VIGIL_TOKEN_FILE: '', VIGIL_TOKEN: secret }).code).toBe(0);
    expect(vigil(['model', 'create', 'x', '--owner', 'y'], { VIGIL_TOKEN_FILE: '', VIGIL_TOKEN: secret }).code).toBe(4);
    expect(vigil(['token', 'revoke', 'ci-bot']).code).toBe(0);
    expect(vigil(['whoami'], { VIGIL_TOKEN_FILE: '', VIGIL_TOKEN: secret }).code).toBe(4);
    expect(server!.log()).not.toContain(secret);
  });

  it('keeps everything across a restart on the same data folder', async () => {
    const token = readFileSync(join(dir, '.vigil', 'admin-token'), 'utf8');
    await stopServer();
    await startServer();
    expect(readFileSync(join(dir, '.vigil', 'admin-token'), 'utf8')).toBe(token);
    expect(JSON.parse(vigil(['version', 'show', 'sepsis-risk@1', '--json']).stdout).version).toBe(1);
  }, 90_000);
});
