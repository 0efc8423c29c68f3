import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { type AddressInfo } from 'node:net';

/*
 * A stand-in for the registry on 127.0.0.1, for CLI specs written before the real server existed. It
 * records each request and answers from a route table set by the test: it checks what the CLI sends and
 * how it treats statuses, and knows nothing of registry rules. Unknown routes answer 404 problem+json.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface StubAnswer {
  status?: number;
  json?: unknown;
  /** Sent as application/problem+json. */
  problem?: Record<string, unknown>;
  raw?: Buffer | string;
  headers?: Record<string, string>;
}

export type StubRoute = (request: RecordedRequest) => StubAnswer | Promise<StubAnswer>;

export class StubRegistry {
  readonly requests: RecordedRequest[] = [];
  private readonly routes = new Map<string, StubRoute>();

  private constructor(private readonly server: Server) {
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        void this.answer(request.method ?? '', request.url ?? '/', request.headers, Buffer.concat(chunks), response);
      });
    });
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  static async start(): Promise<StubRegistry> {
    const stub = new StubRegistry(createServer());
    await stub.listen();
    return stub;
  }

  /** A stub for a whole spec file: listening before its tests, routes cleared before each, closed after. */
  static perSuite(): StubRegistry {
    const stub = new StubRegistry(createServer());
    beforeAll(() => stub.listen());
    afterAll(() => stub.stop());
    beforeEach(() => stub.reset());
    return stub;
  }

  private listen(): Promise<void> {
    return new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  /** `on('GET /api/v1/models/x', …)`; a later registration of the same route replaces the earlier one. */
  on(route: string, handler: StubRoute | StubAnswer): this {
    this.routes.set(route, typeof handler === 'function' ? handler : () => handler);
    return this;
  }

  reset(): void {
    this.routes.clear();
    this.requests.length = 0;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async answer(
    method: string,
    url: string,
    headers: IncomingHttpHeaders,
    body: Buffer,
    response: ServerResponse,
  ): Promise<void> {
    const parsed = new URL(url, this.url);
    const request = { method, path: parsed.pathname, query: parsed.searchParams, headers, body };
    this.requests.push(request);
    const route = this.routes.get(`${method} ${parsed.pathname}`);
    const answer: StubAnswer = route
      ? await route(request)
      : { status: 404, problem: { code: 'not_found', detail: `the stub has no route ${method} ${parsed.pathname}` } };
    const extra = { 'X-Request-Id': String(headers['x-request-id'] ?? ''), ...answer.headers };
    if (answer.problem !== undefined) {
      response.writeHead(answer.status ?? 400, { 'Content-Type': 'application/problem+json', ...extra });
      response.end(JSON.stringify({ status: answer.status ?? 400, ...answer.problem }));
    } else if (answer.raw !== undefined) {
      response.writeHead(answer.status ?? 200, { 'Content-Type': 'application/octet-stream', ...extra });
      response.end(answer.raw);
    } else {
      response.writeHead(answer.status ?? 200, { 'Content-Type': 'application/json', ...extra });
      response.end(JSON.stringify(answer.json ?? {}));
    }
  }
}
