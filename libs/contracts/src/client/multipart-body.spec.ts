import { buildMultipartBody, type MultipartFile } from './multipart-body';

function bytes(length: number, seed = 7): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i += 1) out[i] = (i * 31 + seed) % 256;
  return out;
}

/** A stream that hands out `data` in `chunkSize` slices and counts how often it was pulled. */
function chunkedStream(
  data: Uint8Array,
  chunkSize: number,
): { stream: ReadableStream<Uint8Array>; pulls: () => number } {
  let offset = 0;
  let pulls = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        pulls += 1;
        if (offset >= data.length) {
          controller.close();
          return;
        }
        controller.enqueue(data.slice(offset, offset + chunkSize));
        offset += chunkSize;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulls: () => pulls };
}

function file(data: Uint8Array, overrides: Partial<MultipartFile> = {}): MultipartFile {
  return {
    name: 'artifact',
    filename: 'model.onnx',
    contentType: 'application/octet-stream',
    sizeBytes: data.length,
    stream: chunkedStream(data, 4096).stream,
    ...overrides,
  };
}

async function drain(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe('buildMultipartBody', () => {
  it('produces a body that a standard form-data parser reads back field by field and byte for byte', async () => {
    const data = bytes(100_003);
    const metadata = JSON.stringify({ gitCommit: 'abc1234', featureColumns: ['age', 'lactate'] });
    const body = buildMultipartBody([{ name: 'metadata', value: metadata }], file(data));

    const form = await new Response(body.stream, { headers: { 'Content-Type': body.contentType } }).formData();

    expect(form.get('metadata')).toBe(metadata);
    const artifact = form.get('artifact');
    expect(artifact).toBeInstanceOf(Blob);
    const received = artifact as File;
    expect(received.name).toBe('model.onnx');
    expect(received.type).toBe('application/octet-stream');
    expect(new Uint8Array(await received.arrayBuffer())).toEqual(data);
  });

  it('announces exactly as many bytes as it produces', async () => {
    const data = bytes(12_345);
    const body = buildMultipartBody([{ name: 'metadata', value: '{"ünïcode":"✓"}' }], file(data));
    expect((await drain(body.stream)).byteLength).toBe(body.contentLength);
  });

  it('puts the metadata field before the file part, as the registry requires', async () => {
    const body = buildMultipartBody([{ name: 'metadata', value: '{}' }], file(bytes(10)), { boundary: 'b0undary' });
    const text = new TextDecoder('latin1').decode(await drain(body.stream));
    expect(text.indexOf('name="metadata"')).toBeGreaterThan(-1);
    expect(text.indexOf('name="metadata"')).toBeLessThan(text.indexOf('name="artifact"'));
    expect(body.contentType).toBe('multipart/form-data; boundary=b0undary');
    expect(text.endsWith('\r\n--b0undary--\r\n')).toBe(true);
  });

  it('sends no content type on a plain field, so servers do not parse the JSON before the handler', async () => {
    const body = buildMultipartBody([{ name: 'metadata', value: '{}' }], file(bytes(1)), { boundary: 'B' });
    const text = new TextDecoder().decode(await drain(body.stream));
    const metadataPart = text.split('--B\r\n')[1] ?? '';
    expect(metadataPart).not.toMatch(/content-type/i);
  });

  it('pulls the file only as the consumer reads, not up front', async () => {
    const data = bytes(64 * 1024);
    const source = chunkedStream(data, 1024);
    const body = buildMultipartBody([], file(data, { stream: source.stream }));
    const reader = body.stream.getReader();

    await reader.read(); // the envelope head
    await reader.read(); // the first file chunk
    expect(source.pulls()).toBeLessThanOrEqual(3);
    await reader.cancel();
  });

  it('reports progress in file bytes, ending at the announced size', async () => {
    const data = bytes(10_000);
    const seen: number[] = [];
    const body = buildMultipartBody([], file(data), { onProgress: (sent) => seen.push(sent) });
    await drain(body.stream);
    expect(seen.at(-1)).toBe(10_000);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('fails the stream when the file turns out shorter than announced', async () => {
    const data = bytes(100);
    const body = buildMultipartBody([], file(data, { sizeBytes: 150 }));
    await expect(drain(body.stream)).rejects.toThrow(/announced as 150 bytes but fewer were read \(100\)/);
  });

  it('fails the stream when the file turns out longer than announced', async () => {
    const data = bytes(10_000);
    const body = buildMultipartBody([], file(data, { sizeBytes: 5000 }));
    await expect(drain(body.stream)).rejects.toThrow(/announced as 5000 bytes but more were read/);
  });

  it('escapes quotes and line breaks in names the way browsers do', async () => {
    const body = buildMultipartBody([], file(bytes(1), { filename: 'my "best"\nmodel.onnx' }), { boundary: 'B' });
    const text = new TextDecoder().decode(await drain(body.stream));
    expect(text).toContain('filename="my %22best%22%0Amodel.onnx"');
  });

  it('handles an empty artifact', async () => {
    const body = buildMultipartBody([{ name: 'metadata', value: '{}' }], file(new Uint8Array(0)));
    const form = await new Response(body.stream, { headers: { 'Content-Type': body.contentType } }).formData();
    expect((form.get('artifact') as File).size).toBe(0);
  });
});
