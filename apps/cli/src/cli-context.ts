import { resolve } from 'node:path';
import { type TransferProgress, VigilClient } from '@vigil/contracts';
import { type CliIo } from './cli-io';
import { type Connection, type GlobalOptions, resolveConnection } from './connection';
import { ProgressBar } from './transfer/progress-bar';

/**
 * What a command needs from its surroundings: the client for the chosen server, the output mode, and
 * paths resolved against the caller's directory. Global options are read when a command runs (after
 * commander has parsed them), not when the command is declared.
 */
export class CliContext {
  private connectionValue: Connection | undefined;
  private clientValue: VigilClient | undefined;

  constructor(
    readonly io: CliIo,
    private readonly globals: () => GlobalOptions,
  ) {}

  get json(): boolean {
    return this.globals().json === true;
  }

  connection(): Connection {
    this.connectionValue ??= resolveConnection(this.globals(), this.io.env, this.io.cwd);
    return this.connectionValue;
  }

  client(): VigilClient {
    if (this.clientValue === undefined) {
      const { server, token } = this.connection();
      this.clientValue = new VigilClient({ baseUrl: server, token });
    }
    return this.clientValue;
  }

  /** False also when the connection could not be worked out at all (then no request was sent). */
  tokenGiven(): boolean {
    return this.connectionValue?.token !== undefined;
  }

  path(relative: string): string {
    return resolve(this.io.cwd, relative);
  }

  /** The command's result: the JSON document with `--json`, else the human rendering. */
  print(document: unknown, human: () => string): void {
    if (this.json) this.io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    else this.io.stdout.write(`${human()}\n`);
  }

  /** A remark for a person (e.g. "more pages exist"); kept off stdout, and silent in `--json` mode. */
  notice(sentence: string): void {
    if (!this.json) this.io.stderr.write(`vigil: ${sentence}\n`);
  }

  /**
   * Runs a transfer with a progress bar on stderr when it is a terminal; in logs and pipes `\r` redraws are
   * noise, so there is none.
   */
  async withProgress<T>(
    label: string,
    total: number | null,
    transfer: (onProgress: TransferProgress) => Promise<T>,
  ): Promise<T> {
    const bar = this.io.stderr.isTTY ? new ProgressBar(this.io.stderr, label, total) : undefined;
    try {
      const result = await transfer((done, known) => bar?.update(done, known ?? total));
      bar?.finish();
      return result;
    } catch (error) {
      bar?.abort();
      throw error;
    }
  }
}
