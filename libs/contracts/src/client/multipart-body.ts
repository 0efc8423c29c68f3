import { type TransferProgress } from './model-version.types';

export interface MultipartField {
  name: string;
  value: string;
  /**
   * Omitted for plain text fields. Note that a JSON content type makes some servers (e.g. @fastify/multipart)
   * parse the value before the handler sees it, so send JSON as plain text unless the receiver expects that.
   */
  contentType?: string;
}

export interface MultipartFile {
  name: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  stream: ReadableStream<Uint8Array>;
}

export interface MultipartBody {
  stream: ReadableStream<Uint8Array>;
  /** The `Content-Type` header value, boundary included. */
  contentType: string;
  /** Exact byte length of `stream`, for `Content-Length`. */
  contentLength: number;
}

export interface MultipartOptions {
  boundary?: string;
  /** Called with the file bytes handed on so far (not the envelope), as the consumer pulls them. */
  onProgress?: TransferProgress;
}

const CRLF = '\r\n';

/**
 * A `multipart/form-data` body (RFC 7578) whose file part is pulled from `file.stream` only as the consumer
 * reads, so an artifact of any size goes out with bounded memory and a known `Content-Length` (which lets
 * the server refuse an oversized upload before it arrives, and spares chunked encoding). `FormData` cannot
 * do this: it needs a Blob, and its serialisation length is not exposed.
 */
export function buildMultipartBody(
  fields: readonly MultipartField[],
  file: MultipartFile,
  options: MultipartOptions = {},
): MultipartBody {
  const boundary = options.boundary ?? randomBoundary();
  const encoder = new TextEncoder();
  const head = encoder.encode(
    fields.map((field) => fieldPreamble(boundary, field) + field.value + CRLF).join('') + filePreamble(boundary, file),
  );
  const tail = encoder.encode(`${CRLF}--${boundary}--${CRLF}`);
  const contentLength = head.byteLength + file.sizeBytes + tail.byteLength;

  const reader = file.stream.getReader();
  let phase: 'head' | 'file' | 'done' = 'head';
  let sent = 0;

  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (phase === 'head') {
        phase = 'file';
        controller.enqueue(head);
        return;
      }
      if (phase === 'done') return;
      // Keep reading past empty chunks: a pull that enqueues nothing is not called again, which would stall.
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (value.byteLength === 0) continue;
        sent += value.byteLength;
        if (sent > file.sizeBytes) {
          throw new Error(sizeChangedMessage(file, sent, 'more'));
        }
        controller.enqueue(value);
        options.onProgress?.(sent, file.sizeBytes);
        return;
      }
      if (sent !== file.sizeBytes) {
        throw new Error(sizeChangedMessage(file, sent, 'fewer'));
      }
      phase = 'done';
      controller.enqueue(tail);
      controller.close();
    },
    async cancel(reason) {
      await reader.cancel(reason);
    },
  });

  return { stream, contentType: `multipart/form-data; boundary=${boundary}`, contentLength };
}

function fieldPreamble(boundary: string, field: MultipartField): string {
  const type = field.contentType ? `Content-Type: ${field.contentType}${CRLF}` : '';
  return `--${boundary}${CRLF}Content-Disposition: form-data; name="${quote(field.name)}"${CRLF}${type}${CRLF}`;
}

function filePreamble(boundary: string, file: MultipartFile): string {
  return (
    `--${boundary}${CRLF}` +
    `Content-Disposition: form-data; name="${quote(file.name)}"; filename="${quote(file.filename)}"${CRLF}` +
    `Content-Type: ${file.contentType}${CRLF}${CRLF}`
  );
}

/** The escaping the WHATWG HTML spec uses for form-data names, so any receiver decodes them as browsers do. */
function quote(value: string): string {
  return value.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}

function randomBoundary(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `----vigil-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function sizeChangedMessage(file: MultipartFile, read: number, relation: 'more' | 'fewer'): string {
  return (
    `${file.filename} was announced as ${file.sizeBytes} bytes but ${relation} were read ` +
    `(${read}${relation === 'more' ? '+' : ''}); did the file change during the upload?`
  );
}
