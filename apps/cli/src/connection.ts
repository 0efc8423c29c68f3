import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError } from './cli.error';
import { ExitCode } from './exit-codes';

export const DEFAULT_SERVER = 'http://localhost:8080';
/** Written by the embedded server (`npm start`) so that a local checkout works without any setup. */
export const EMBEDDED_ADMIN_TOKEN_FILE = '.vigil/admin-token';

export interface GlobalOptions {
  server?: string;
  token?: string;
  tokenFile?: string;
  json?: boolean;
}

export interface Connection {
  server: string;
  token: string | undefined;
  /** Where the token came from, in words, for error hints; never the token itself. */
  tokenSource: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Which server and token to use. Flags beat environment variables, and a literal token beats a token file
 * at the same level; the embedded server's admin token is the last resort so that `vigil` in a fresh
 * checkout talks to `npm start` without configuration.
 */
export function resolveConnection(options: GlobalOptions, env: Env, cwd: string): Connection {
  const server = parseServer(options.server ?? nonEmpty(env.VIGIL_SERVER) ?? DEFAULT_SERVER);
  if (options.token !== undefined && options.tokenFile !== undefined) {
    throw new CliError(ExitCode.Usage, 'give either --token or --token-file, not both');
  }
  const literal = (token: string, source: string): Connection => ({
    server,
    token: checkToken(token, source),
    tokenSource: source,
  });
  const fromFile = (path: string, source: string): Connection => literal(readTokenFile(resolve(cwd, path)), source);

  if (options.token !== undefined) return literal(options.token, 'the --token option');
  if (options.tokenFile !== undefined) return fromFile(options.tokenFile, `the token file ${options.tokenFile}`);
  const envToken = nonEmpty(env.VIGIL_TOKEN);
  if (envToken !== undefined) return literal(envToken, 'VIGIL_TOKEN');
  const envFile = nonEmpty(env.VIGIL_TOKEN_FILE);
  if (envFile !== undefined) return fromFile(envFile, `the token file ${envFile} (VIGIL_TOKEN_FILE)`);
  const embedded = resolve(cwd, EMBEDDED_ADMIN_TOKEN_FILE);
  if (existsSync(embedded))
    return fromFile(embedded, `the embedded server's token file ./${EMBEDDED_ADMIN_TOKEN_FILE}`);
  return { server, token: undefined, tokenSource: undefined };
}

function parseServer(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliError(
      ExitCode.Usage,
      `the server address ${JSON.stringify(value)} is not a URL; expected e.g. ${DEFAULT_SERVER}`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(ExitCode.Usage, `the server address must start with http:// or https://, not ${url.protocol}//`);
  }
  if (url.username || url.password) {
    throw new CliError(ExitCode.Usage, 'put credentials in --token or VIGIL_TOKEN, not in the server address');
  }
  return url.href.replace(/\/+$/, '');
}

function readTokenFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(ExitCode.Usage, `cannot read the token file ${path}: ${errorCode(error)}`, { cause: error });
  }
  const token = text.trim();
  if (token === '') throw new CliError(ExitCode.Usage, `the token file ${path} is empty`);
  return token;
}

/**
 * fetch rejects a header value with control characters and quotes the value in its error, which would put
 * the secret on the screen; refuse it here, without echoing it.
 */
function checkToken(token: string, source: string): string {
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new CliError(ExitCode.Usage, `the token from ${source} contains spaces or non-printable characters`);
  }
  return token;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Whether the token is an OIDC access token (a JWT: three base64url parts) rather than a Vigil API token
 * (`vgl_…`). With a fresh OIDC token the server re-authenticates a signer by its `auth_time`, so no password is
 * asked for.
 */
export function isOidcAccessToken(token: string | undefined): boolean {
  if (token === undefined || token.startsWith('vgl_')) return false;
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}
