import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the receiver got it: the raw body (what the signature covers) and the headers. */
export interface ReceivedWebhook {
  rawBody: Buffer;
  headers: IncomingHttpHeaders;
  /** The status it was answered with. */
  status: number;
  receivedAt: Date;
}

/**
 * A webhook receiver on 127.0.0.1 for the ticket sink's tests: a real `node:http` server that records every
 * request with its raw bytes and answers 204, or the statuses queued with `answerNext` (one per request, in
 * order) so a test can make it fail and recover.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly scripted: { status: number; body: string }[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<WebhookReceiver> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const receiver = new WebhookReceiver(
      server,
      `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/vigil`,
    );
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const answer = receiver.scripted.shift() ?? { status: 204, body: '' };
        receiver.received.push({
          rawBody: Buffer.concat(chunks),
          headers: request.headers,
          status: answer.status,
          receivedAt: new Date(),
        });
        response.writeHead(answer.status, answer.body ? { 'Content-Type': 'text/plain' } : {});
        response.end(answer.body);
      });
    });
    return receiver;
  }

  /** The next requests are answered with these statuses, one each, then 204 again. */
  answerNext(...answers: (number | { status: number; body: string })[]): void {
    for (const a of answers) this.scripted.push(typeof a === 'number' ? { status: a, body: '' } : a);
  }

  /** The parsed bodies of the requests answered 2xx, in the order they arrived. */
  accepted<T = Record<string, unknown>>(): T[] {
    return this.received
      .filter((r) => r.status >= 200 && r.status < 300)
      .map((r) => JSON.parse(r.rawBody.toString('utf8')) as T);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
