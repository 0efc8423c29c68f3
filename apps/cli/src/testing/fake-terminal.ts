import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import { type InputStream } from '../cli-io';

/**
 * A stand-in for an interactive stdin: it records raw-mode switches and delivers the given chunks (keystrokes
 * or whole lines) one by one while it is resumed, then ends.
 */
export class FakeTerminal extends EventEmitter implements InputStream {
  readonly isTTY = true;
  readonly rawModes: boolean[] = [];
  private readonly pending: string[];
  private flowing = false;

  constructor(chunks: readonly string[]) {
    super();
    this.pending = [...chunks];
  }

  get raw(): boolean {
    return this.rawModes.at(-1) ?? false;
  }

  setRawMode(raw: boolean): this {
    this.rawModes.push(raw);
    return this;
  }

  resume(): this {
    this.flowing = true;
    setImmediate(() => this.pump());
    return this;
  }

  pause(): this {
    this.flowing = false;
    return this;
  }

  /** Reading it to the end, as `--password-stdin` does, takes whatever was not typed yet. */
  [Symbol.asyncIterator](): AsyncIterator<string> {
    return Readable.from(this.pending.splice(0))[Symbol.asyncIterator]() as AsyncIterator<string>;
  }

  private pump(): void {
    if (!this.flowing) return;
    const chunk = this.pending.shift();
    if (chunk === undefined) {
      this.emit('end');
      return;
    }
    this.emit('data', chunk);
    setImmediate(() => this.pump());
  }
}
