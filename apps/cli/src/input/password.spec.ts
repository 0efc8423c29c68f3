import { Readable } from 'node:stream';
import { CliError } from '../cli.error';
import { type CliIo } from '../cli-io';
import { ExitCode } from '../exit-codes';
import { FakeTerminal } from '../testing/fake-terminal';
import { type PasswordRequest, readPassword } from './password';

const SIGN: PasswordRequest = { fromStdin: false, allowEnv: true, prompt: 'Password: ', purpose: 'sign' };

function io(stdin: CliIo['stdin'], env: Record<string, string> = {}): CliIo & { err: () => string } {
  let stderr = '';
  return {
    stdout: { write: () => undefined },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    stdin,
    env,
    cwd: '/',
    err: () => stderr,
  };
}

const piped = (text: string | Buffer) => Readable.from([typeof text === 'string' ? Buffer.from(text) : text]);

async function usageMessage(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  expect((error as CliError).exitCode).toBe(ExitCode.Usage);
  return (error as CliError).message;
}

describe('readPassword from stdin (--password-stdin)', () => {
  it('takes the whole input, dropping one final line ending but keeping spaces', async () => {
    const request = { ...SIGN, fromStdin: true };
    expect(await readPassword(io(piped('Rivera-signs 2026! \n')), request)).toBe('Rivera-signs 2026! ');
    expect(await readPassword(io(piped('pw\r\n')), request)).toBe('pw');
    expect(await readPassword(io(piped('pw')), request)).toBe('pw');
  });

  it('beats VIGIL_PASSWORD', async () => {
    expect(
      await readPassword(io(piped('from-stdin'), { VIGIL_PASSWORD: 'from-env' }), { ...SIGN, fromStdin: true }),
    ).toBe('from-stdin');
  });

  it('refuses empty input, several lines and oversized input, without echoing any of it', async () => {
    const request = { ...SIGN, fromStdin: true };
    expect(await usageMessage(readPassword(io(piped('\n')), request))).toBe('no password: stdin was empty');
    const twoLines = await usageMessage(readPassword(io(piped('secret-one\nsecret-two\n')), request));
    expect(twoLines).toMatch(/more than one line/);
    expect(twoLines).not.toContain('secret');
    expect(await usageMessage(readPassword(io(piped(Buffer.alloc(5000, 97))), request))).toMatch(/4096 bytes/);
  });
});

describe('readPassword from the environment', () => {
  it('uses VIGIL_PASSWORD only where allowed', async () => {
    expect(await readPassword(io(piped(''), { VIGIL_PASSWORD: 'from-env' }), SIGN)).toBe('from-env');
    const refused = await usageMessage(
      readPassword(io(piped(''), { VIGIL_PASSWORD: 'from-env' }), { ...SIGN, allowEnv: false, purpose: 'create x' }),
    );
    expect(refused).toBe(
      'a password is needed to create x, and stdin is not a terminal to ask on: pipe it in with --password-stdin',
    );
  });
});

describe('readPassword at a terminal', () => {
  it('prompts on stderr in raw mode, echoes nothing, and honours Backspace and Ctrl-U', async () => {
    const terminal = new FakeTerminal(['x', 'y', '\u0015', 'p', 'w', 'd', '\u007f', 'w', '!', '\r']);
    const streams = io(terminal);
    expect(await readPassword(streams, SIGN)).toBe('pww!');
    expect(streams.err()).toBe('Password: \n');
    expect(terminal.rawModes).toEqual([true, false]);
  });

  it('asks twice when setting a password and refuses a mismatch', async () => {
    const request = { ...SIGN, allowEnv: false, confirm: true };
    expect(await readPassword(io(new FakeTerminal(['Good-pw-1\r', 'Good-pw-1\r'])), request)).toBe('Good-pw-1');
    const streams = io(new FakeTerminal(['Good-pw-1\r', 'Good-pw-2\r']));
    expect(await usageMessage(readPassword(streams, request))).toBe(
      'the two passwords typed differ; nothing was changed',
    );
    expect(streams.err()).toBe('Password: \nRepeat it: \n');
  });

  it('cancels on Ctrl-C and restores the terminal', async () => {
    const terminal = new FakeTerminal(['ab', '\u0003']);
    expect(await usageMessage(readPassword(io(terminal), SIGN))).toBe('cancelled; nothing was sent');
    expect(terminal.raw).toBe(false);
  });

  it('reports input that ends before Enter', async () => {
    const terminal = new FakeTerminal(['ab']);
    expect(await usageMessage(readPassword(io(terminal), SIGN))).toBe('no password: the input ended');
    expect(terminal.raw).toBe(false);
  });

  it('prefers VIGIL_PASSWORD over a prompt when allowed', async () => {
    const terminal = new FakeTerminal(['typed\r']);
    expect(await readPassword(io(terminal, { VIGIL_PASSWORD: 'env' }), SIGN)).toBe('env');
    expect(terminal.rawModes).toEqual([]);
  });
});
