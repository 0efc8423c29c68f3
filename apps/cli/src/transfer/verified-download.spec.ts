import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VigilNetworkError } from '@vigil/contracts';
import { CliError } from '../cli.error';
import { ExitCode } from '../exit-codes';
import { saveVerified } from './verified-download';

function streamOf(...chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

const payload = new TextEncoder().encode('onnx bytes '.repeat(10_000));
const half = payload.length / 2;

describe('saveVerified', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-dl-'));
  });

  it('writes the file under the target name when every checksum matches', async () => {
    const target = join(dir, 'model.onnx');
    const progress: number[] = [];
    const saved = await saveVerified(
      streamOf(payload.subarray(0, half), payload.subarray(half)),
      target,
      [
        { source: 'the registry', sha256: sha256(payload) },
        { source: 'the header', sha256: sha256(payload).toUpperCase() },
      ],
      { onProgress: (n) => progress.push(n) },
    );
    expect(saved).toEqual({ path: target, sha256: sha256(payload), sizeBytes: payload.length });
    expect(readFileSync(target)).toEqual(Buffer.from(payload));
    expect(readdirSync(dir)).toEqual(['model.onnx']);
    expect(progress).toEqual([half, payload.length]);
  });

  it('exits 1 on a mismatch, naming the source, and leaves neither target nor temporary file', async () => {
    const target = join(dir, 'model.onnx');
    const expected = [
      { source: 'the registry record', sha256: sha256(payload) },
      { source: 'the X-Checksum-Sha256 header', sha256: 'f'.repeat(64) },
    ];
    const error = (await saveVerified(streamOf(payload), target, expected).catch((e: unknown) => e)) as CliError;
    expect(error).toBeInstanceOf(CliError);
    expect(error.exitCode).toBe(ExitCode.CheckFailed);
    expect(error.message).toContain(`hash to ${sha256(payload)}`);
    expect(error.message).toContain(`the X-Checksum-Sha256 header says ${'f'.repeat(64)}`);
    expect(error.message).not.toContain('the registry record says');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keeps an existing file untouched when the new bytes do not match', async () => {
    const target = join(dir, 'model.onnx');
    writeFileSync(target, 'previous good artifact');
    await expect(
      saveVerified(streamOf(payload), target, [{ source: 'r', sha256: '0'.repeat(64) }]),
    ).rejects.toBeInstanceOf(CliError);
    expect(readFileSync(target, 'utf8')).toBe('previous good artifact');
    expect(readdirSync(dir)).toEqual(['model.onnx']);
  });

  it('replaces an existing file when the new bytes match', async () => {
    const target = join(dir, 'model.onnx');
    writeFileSync(target, 'old');
    await saveVerified(streamOf(payload), target, [{ source: 'r', sha256: sha256(payload) }]);
    expect(readFileSync(target)).toEqual(Buffer.from(payload));
  });

  it('reports a transfer that breaks off as a network error and cleans up', async () => {
    const target = join(dir, 'model.onnx');
    let sent = false;
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (!sent) {
          sent = true;
          controller.enqueue(payload.subarray(0, 100));
        } else {
          controller.error(new Error('terminated'));
        }
      },
    });
    const error = await saveVerified(broken, target, [{ source: 'r', sha256: sha256(payload) }]).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(VigilNetworkError);
    expect((error as Error).message).toMatch(/broke off after 100 bytes: terminated/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a directory as the target before downloading', async () => {
    await expect(saveVerified(streamOf(payload), dir, [])).rejects.toMatchObject({
      exitCode: ExitCode.Usage,
      message: expect.stringMatching(/is a directory/),
    });
  });

  it('refuses a target in a missing directory as a usage error', async () => {
    const target = join(dir, 'missing', 'model.onnx');
    await expect(saveVerified(streamOf(payload), target, [])).rejects.toMatchObject({ exitCode: ExitCode.Usage });
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });
});
