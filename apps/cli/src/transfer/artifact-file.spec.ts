import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExitCode } from '../exit-codes';
import { openArtifactFile } from './artifact-file';

describe('openArtifactFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-art-'));

  it('gives the exact size and the bytes, read as a stream', async () => {
    const data = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    writeFileSync(join(dir, 'model.onnx'), data);
    const artifact = await openArtifactFile(join(dir, 'model.onnx'));
    expect(artifact.sizeBytes).toBe(data.length);
    expect(artifact.filename).toBe('model.onnx');

    const reader = artifact.stream.getReader();
    const first = await reader.read();
    // One chunk per pull: the file is not read ahead of the consumer.
    expect(first.value?.byteLength).toBeLessThanOrEqual(1024 * 1024);
    let total = first.value?.byteLength ?? 0;
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      total += next.value.byteLength;
    }
    expect(total).toBe(data.length);
  });

  it('refuses a missing file or a directory as a usage error', async () => {
    await expect(openArtifactFile(join(dir, 'missing.onnx'))).rejects.toMatchObject({
      exitCode: ExitCode.Usage,
      message: expect.stringMatching(/cannot read the artifact .*missing\.onnx: no such file/),
    });
    await expect(openArtifactFile(dir)).rejects.toMatchObject({ exitCode: ExitCode.Usage });
  });
});
