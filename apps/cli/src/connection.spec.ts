import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from './cli.error';
import { resolveConnection } from './connection';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'vigil-conn-'));
}

describe('resolveConnection', () => {
  it('defaults to localhost:8080 and no token', () => {
    expect(resolveConnection({}, {}, tempDir())).toEqual({
      server: 'http://localhost:8080',
      token: undefined,
      tokenSource: undefined,
    });
  });

  it('prefers --server over VIGIL_SERVER and drops a trailing slash', () => {
    expect(
      resolveConnection({ server: 'https://a.example/' }, { VIGIL_SERVER: 'https://b.example' }, tempDir()).server,
    ).toBe('https://a.example');
    expect(resolveConnection({}, { VIGIL_SERVER: 'https://b.example/vigil/' }, tempDir()).server).toBe(
      'https://b.example/vigil',
    );
  });

  it.each(['localhost:8080', 'ftp://x', 'not a url', 'http://user:pw@host'])(
    'refuses the server address %p',
    (server) => {
      expect(() => resolveConnection({ server }, {}, tempDir())).toThrow(CliError);
    },
  );

  it('takes the token from --token, then --token-file, then VIGIL_TOKEN, then VIGIL_TOKEN_FILE, then ./.vigil/admin-token', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'flag.token'), 'vgl_flagfile\n');
    writeFileSync(join(dir, 'env.token'), 'vgl_envfile\n');
    mkdirSync(join(dir, '.vigil'));
    writeFileSync(join(dir, '.vigil', 'admin-token'), 'vgl_embedded\n');
    const env = { VIGIL_TOKEN: 'vgl_env', VIGIL_TOKEN_FILE: 'env.token' };

    expect(resolveConnection({ token: 'vgl_flag' }, env, dir).token).toBe('vgl_flag');
    expect(resolveConnection({ tokenFile: 'flag.token' }, env, dir).token).toBe('vgl_flagfile');
    expect(resolveConnection({}, env, dir).token).toBe('vgl_env');
    expect(resolveConnection({}, { VIGIL_TOKEN_FILE: 'env.token' }, dir).token).toBe('vgl_envfile');
    expect(resolveConnection({}, {}, dir)).toMatchObject({
      token: 'vgl_embedded',
      tokenSource: expect.stringContaining('.vigil/admin-token'),
    });
  });

  it('refuses --token together with --token-file', () => {
    expect(() => resolveConnection({ token: 'a', tokenFile: 'b' }, {}, tempDir())).toThrow(
      /either --token or --token-file/,
    );
  });

  it('refuses a missing or empty token file as a usage error', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'empty'), '\n');
    expect(() => resolveConnection({ tokenFile: 'missing' }, {}, dir)).toThrow(
      /cannot read the token file .*missing: no such file/,
    );
    expect(() => resolveConnection({ tokenFile: 'empty' }, {}, dir)).toThrow(/is empty/);
  });

  it('refuses a token with spaces without echoing it', () => {
    let message = '';
    try {
      resolveConnection({ token: 'vgl_abc def' }, {}, tempDir());
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/contains spaces or non-printable characters/);
    expect(message).not.toContain('vgl_abc');
  });
});
