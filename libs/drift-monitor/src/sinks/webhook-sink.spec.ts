/*
 * The webhook sink against a real HTTP server on 127.0.0.1 that records what arrives and answers what each test
 * tells it to. The signature is checked with the exported verifier, as a receiver would.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { buildTicketNotification } from './testing';
import { TicketSinkRetryableError } from './ticket-sink';
import { TicketSinkPermanentError } from './ticket-sink-permanent.error';
import { verifyWebhookSignature } from './webhook-signature';
import { WebhookTicketSink } from './webhook-sink';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const SECRET = 'test-webhook-secret-3f9a1c7e5b2d8f4a6c0e';
const NOW = new Date('2026-11-20T08:00:05.000Z');

let server: Server;
let url: string;
let received: Received[];
let answer: (request: Received, response: ServerResponse) => void;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks),
      };
      received.push(entry);
      answer(entry, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/vigil?tenant=a`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received = [];
  answer = (_request, response) => {
    response.writeHead(204);
    response.end();
  };
});

function sink(timeoutMs?: number): WebhookTicketSink {
  return new WebhookTicketSink({ url, secret: SECRET, timeoutMs, now: () => NOW });
}

function answerWith(status: number, body = '', headers: Record<string, string> = {}): void {
  answer = (_request, response) => {
    response.writeHead(status, headers);
    response.end(body);
  };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the delivery to fail');
}

describe('WebhookTicketSink', () => {
  it('POSTs the notification as JSON with its type, ISO dates and the delivery headers', async () => {
    const n = buildTicketNotification({ kind: 'escalated', ticket: { escalatedTo: 'cmo@hospital.example' } });
    await expect(sink().deliver(n)).resolves.toEqual({});

    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/hooks/vigil?tenant=a');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['vigil-delivery']).toBe(n.deliveryId);
    expect(request.headers['vigil-timestamp']).toBe(String(Math.floor(NOW.getTime() / 1000)));
    expect(request.headers['vigil-signature']).toMatch(/^v1=[0-9a-f]{64}$/);

    const body = JSON.parse(request.body.toString('utf8')) as Record<string, unknown>;
    expect(body).toEqual({
      type: 'vigil.ticket.escalated',
      deliveryId: n.deliveryId,
      kind: 'escalated',
      occurredAt: '2026-11-20T08:00:00.000Z',
      summary: n.summary,
      ticket: {
        ...n.ticket,
        openedAt: '2026-11-20T08:00:00.000Z',
        closedAt: null,
        escalatedTo: 'cmo@hospital.example',
      },
    });
  });

  it('signs the exact body: it verifies with the secret, not with another secret, a changed body or later', async () => {
    await sink().deliver(buildTicketNotification());
    const [request] = received;
    const timestamp = request.headers['vigil-timestamp'] as string;
    const signature = request.headers['vigil-signature'] as string;
    const raw = request.body;

    expect(verifyWebhookSignature(SECRET, timestamp, raw, signature, NOW)).toBe(true);
    expect(verifyWebhookSignature(`${SECRET}-other`, timestamp, raw, signature, NOW)).toBe(false);
    const changed = Buffer.from(raw.toString('utf8').replace('"severity":"high"', '"severity":"low"'));
    expect(changed.equals(raw)).toBe(false);
    expect(verifyWebhookSignature(SECRET, timestamp, changed, signature, NOW)).toBe(false);
    const later = new Date(NOW.getTime() + 301_000);
    expect(verifyWebhookSignature(SECRET, timestamp, raw, signature, later)).toBe(false);
  });

  it('treats 500 as retryable, naming the status and the delivery', async () => {
    answerWith(500, 'database is down');
    const error = await failure(sink().deliver(buildTicketNotification()));
    expect(error).toBeInstanceOf(TicketSinkRetryableError);
    expect(error.message).toContain('500');
    expect(error.message).toContain('database is down');
    expect((error as TicketSinkRetryableError).retryAfterMs).toBeUndefined();
  });

  it('honours Retry-After on 503 and 429 (seconds and HTTP dates)', async () => {
    answerWith(503, '', { 'Retry-After': '7' });
    const unavailable = await failure(sink().deliver(buildTicketNotification()));
    expect(unavailable).toBeInstanceOf(TicketSinkRetryableError);
    expect((unavailable as TicketSinkRetryableError).retryAfterMs).toBe(7000);

    answerWith(429, 'slow down', { 'Retry-After': new Date(NOW.getTime() + 60_000).toUTCString() });
    const limited = await failure(sink().deliver(buildTicketNotification()));
    expect(limited).toBeInstanceOf(TicketSinkRetryableError);
    expect((limited as TicketSinkRetryableError).retryAfterMs).toBe(60_000);

    answerWith(408);
    expect(await failure(sink().deliver(buildTicketNotification()))).toBeInstanceOf(TicketSinkRetryableError);
  });

  it('treats 400 as permanent, with the status and a short excerpt of the answer but never the secret', async () => {
    answerWith(400, `{"error":"unknown field","echo":"${SECRET}","pad":"${'x'.repeat(500)}"}`);
    const error = await failure(sink().deliver(buildTicketNotification()));
    expect(error).not.toBeInstanceOf(TicketSinkRetryableError);
    expect(error).toBeInstanceOf(TicketSinkPermanentError);
    expect((error as TicketSinkPermanentError).status).toBe(400);
    expect(error.message).toContain('400');
    expect(error.message).toContain('unknown field');
    expect(error.message).not.toContain(SECRET);
    expect(error.message.length).toBeLessThan(400);
  });

  it('does not follow a redirect with the signed body', async () => {
    answerWith(302, '', { Location: 'http://127.0.0.1:1/elsewhere' });
    const error = await failure(sink().deliver(buildTicketNotification()));
    expect(error).toBeInstanceOf(TicketSinkPermanentError);
    expect(error.message).toContain('redirect');
    expect(received).toHaveLength(1);
  });

  it('gives up on a receiver that does not answer in time, as retryable', async () => {
    answer = () => undefined; // never answers; the socket stays open until the sink's deadline
    const started = Date.now();
    const error = await failure(sink(300).deliver(buildTicketNotification()));
    expect(error).toBeInstanceOf(TicketSinkRetryableError);
    expect(error.message).toContain('did not answer within 300 ms');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('treats an unreachable receiver as retryable and names it by origin only (no path, no query)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const offline = new WebhookTicketSink({
      url: `http://127.0.0.1:${port}/hook/s3cr3t-path?token=abc`,
      secret: SECRET,
    });
    const error = await failure(offline.deliver(buildTicketNotification()));
    expect(error).toBeInstanceOf(TicketSinkRetryableError);
    // Usually ECONNREFUSED; on a loaded machine the freed port can be taken meanwhile and the connection reset.
    expect(error.message).toMatch(/ECONNREFUSED|ECONNRESET|fetch failed|socket/);
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).not.toContain('s3cr3t-path');
    expect(error.message).not.toContain('token=abc');
  });

  it('refuses a short secret or a non-http URL at construction, without echoing the secret', () => {
    expect(() => new WebhookTicketSink({ url, secret: 'short-secret' })).toThrow(/at least 32 characters/);
    expect(() => new WebhookTicketSink({ url, secret: 'short-secret' })).not.toThrow(/short-secret/);
    expect(() => new WebhookTicketSink({ url: 'ftp://example.org/x', secret: SECRET })).toThrow(/http or https/);
    expect(() => new WebhookTicketSink({ url: 'not a url', secret: SECRET })).toThrow(/not a valid absolute URL/);
  });
});
