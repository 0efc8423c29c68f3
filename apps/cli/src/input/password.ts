import { StringDecoder } from 'node:string_decoder';
import { CliError } from '../cli.error';
import { type CliIo, type InputStream } from '../cli-io';
import { ExitCode } from '../exit-codes';

/** Far above any sensible password (the server takes at most 1024 characters); stops `cat bigfile |` early. */
const MAX_STDIN_BYTES = 4096;

/** Only for automated tests of the signing flow; documented as such in docs/cli.md. */
export const PASSWORD_ENV = 'VIGIL_PASSWORD';

export interface PasswordRequest {
  /** `--password-stdin`: the whole of stdin is the password (one trailing newline dropped). */
  fromStdin: boolean;
  /** Also accept `VIGIL_PASSWORD` (signing only: people creating accounts type or pipe the password). */
  allowEnv: boolean;
  /** Shown before the hidden input, on stderr. */
  prompt: string;
  /** Ask twice and compare, for a password being set rather than checked. */
  confirm?: boolean;
  /** What the password is for, to finish "a password is needed to …" when none can be read. */
  purpose: string;
}

/**
 * The password from stdin (`--password-stdin`), else from VIGIL_PASSWORD where allowed, else typed at a
 * terminal without echo. Never on the command line: argv is visible to anyone who can list processes. The
 * value is never written anywhere by the CLI, not even in error messages.
 */
export async function readPassword(io: CliIo, request: PasswordRequest): Promise<string> {
  if (request.fromStdin) {
    if (io.stdin === undefined) throw new CliError(ExitCode.Usage, '--password-stdin was given, but there is no stdin');
    return readPasswordFromStdin(io.stdin);
  }
  const fromEnv = request.allowEnv ? io.env[PASSWORD_ENV] : undefined;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const stdin = io.stdin;
  if (stdin?.isTTY !== true || stdin.setRawMode === undefined) {
    throw new CliError(
      ExitCode.Usage,
      `a password is needed to ${request.purpose}, and stdin is not a terminal to ask on: pipe it in with --password-stdin`,
    );
  }
  const first = await promptHidden(stdin, io, request.prompt);
  if (!request.confirm) return nonEmpty(first, 'the password typed');
  const again = await promptHidden(stdin, io, 'Repeat it: ');
  if (again !== first) throw new CliError(ExitCode.Usage, 'the two passwords typed differ; nothing was changed');
  return nonEmpty(first, 'the password typed');
}

/**
 * Reads stdin to its end. Only a final line ending is dropped: `echo "$PW" |` adds one, while spaces may
 * belong to the password.
 */
export async function readPasswordFromStdin(stdin: InputStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
    size += bytes.length;
    if (size > MAX_STDIN_BYTES) {
      throw new CliError(ExitCode.Usage, `stdin holds more than ${MAX_STDIN_BYTES} bytes; that is not a password`);
    }
    chunks.push(bytes);
  }
  const text = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (/[\r\n]/.test(text)) {
    throw new CliError(ExitCode.Usage, 'stdin holds more than one line; --password-stdin expects only the password');
  }
  return nonEmpty(text, 'stdin');
}

function nonEmpty(password: string, source: string): string {
  if (password === '') throw new CliError(ExitCode.Usage, `no password: ${source} was empty`);
  return password;
}

/**
 * Reads one line from a terminal in raw mode, so that nothing typed is echoed. Node's readline has no muted
 * mode; this handles the keys people use at a password prompt: Enter, Backspace, Ctrl-U, Ctrl-C and Ctrl-D.
 */
function promptHidden(stdin: InputStream, io: CliIo, prompt: string): Promise<string> {
  io.stderr.write(prompt);
  const decoder = new StringDecoder('utf8');
  return new Promise<string>((resolve, reject) => {
    let typed: string[] = [];
    const finish = (outcome: () => void): void => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.setRawMode?.(false);
      stdin.pause();
      io.stderr.write('\n');
      outcome();
    };
    const onEnd = (): void => finish(() => reject(new CliError(ExitCode.Usage, 'no password: the input ended')));
    const onData = (chunk: string | Uint8Array): void => {
      const text = typeof chunk === 'string' ? chunk : decoder.write(Buffer.from(chunk));
      for (const key of text) {
        if (key === '\r' || key === '\n' || key === '\u0004') {
          const line = typed.join('');
          finish(() => resolve(line));
          return;
        }
        if (key === '\u0003') {
          // Raw mode turns Ctrl-C into a key instead of SIGINT, so it is honoured here.
          finish(() => reject(new CliError(ExitCode.Usage, 'cancelled; nothing was sent')));
          return;
        }
        if (key === '\u007f' || key === '\b') typed = typed.slice(0, -1);
        else if (key === '\u0015') typed = [];
        else if (key >= ' ') typed.push(key);
      }
    };
    stdin.setRawMode?.(true);
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.resume();
  });
}
