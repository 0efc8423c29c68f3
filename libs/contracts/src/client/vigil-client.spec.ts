/*
 * The client against a real HTTP server on 127.0.0.1. The server here is a stand-in that only records what
 * arrives and answers what each test tells it to: it checks request shapes, headers and status handling,
 * not registry behaviour (the end-to-end specs against the real registry do that).
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { VigilApiError } from './vigil-api.error';
import { VigilClient } from './vigil-client';
import { VigilNetworkError } from './vigil-network.error';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

type Answer = (request: Received, response: ServerResponse) => void;

let server: Server;
let baseUrl: string;
let received: Received[];
let answer: Answer;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
  return (_request, response) => {
    response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };
}

function problem(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Answer {
  return (_request, response) => {
    response.writeHead(status, { 'Content-Type': 'application/problem+json', ...headers });
    response.end(JSON.stringify({ status, ...body }));
  };
}

const MODEL = {
  name: 'sepsis-risk',
  owner: 'Dr. A. Rivera',
  description: null,
  card: null,
  cardCompleteness: { total: 31, present: 0, missing: [] },
  latestVersion: 3,
  createdAt: '2026-11-22T10:00:00.000Z',
  updatedAt: '2026-11-22T10:00:00.000Z',
  createdBy: 'ci-bot',
  etag: '"4"',
};

const VERSION = {
  model: 'sepsis-risk',
  version: 4,
  status: 'registered',
  artifact: { sha256: 'ab'.repeat(32), sizeBytes: 5 },
  lineage: { gitCommit: 'abc1234', trainingDataUri: 's3://data', parentVersion: 3 },
  threshold: 0.5,
  featureColumns: ['age'],
  ioSignature: { inputs: [], outputs: [] },
  createdAt: '2026-11-22T10:00:00.000Z',
  createdBy: 'ci-bot',
  archivedAt: null,
  etag: '"1"',
};

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
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received = [];
  answer = json(200, {});
});

function client(options: { token?: string; timeoutMs?: number; base?: string } = {}): VigilClient {
  return new VigilClient({
    baseUrl: options.base ?? baseUrl,
    token: options.token ?? 'vgl_secret',
    timeoutMs: options.timeoutMs,
  });
}

function only(): Received {
  expect(received).toHaveLength(1);
  return received[0];
}

describe('VigilClient requests', () => {
  it('sends the bearer token and a request id on a read, and no idempotency key', async () => {
    answer = json(200, { name: 'ci-bot', role: 'submitter', tokenId: 't1' });
    await expect(client().whoami()).resolves.toEqual({ name: 'ci-bot', role: 'submitter', tokenId: 't1' });
    const request = only();
    expect(request.method).toBe('GET');
    expect(request.url).toBe('/api/v1/whoami');
    expect(request.headers.authorization).toBe('Bearer vgl_secret');
    expect(request.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(request.headers['idempotency-key']).toBeUndefined();
  });

  it('keeps a path prefix in the base URL and tolerates a trailing slash', async () => {
    answer = json(200, { items: [], nextCursor: null });
    await client({ base: `${baseUrl}/vigil/` }).listModels({ limit: 10 });
    expect(only().url).toBe('/vigil/api/v1/models?limit=10');
  });

  it('sends JSON with an idempotency key and a request id on a write', async () => {
    answer = json(201, MODEL);
    const input = { name: 'sepsis-risk', owner: 'Dr. A. Rivera', card: { details: { developer: 'Vigil Labs' } } };
    await client().createModel(input);
    const request = only();
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/api/v1/models');
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body.toString())).toEqual(input);
    expect(request.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(request.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(request.headers['idempotency-key']).not.toBe(request.headers['x-request-id']);
  });

  it('uses a fresh idempotency key for each call', async () => {
    answer = json(201, MODEL);
    await client().createModel({ name: 'a', owner: 'o' });
    await client().createModel({ name: 'b', owner: 'o' });
    expect(received[0].headers['idempotency-key']).not.toBe(received[1].headers['idempotency-key']);
  });

  it('sends If-Match on PATCH, with the etag exactly as the server gave it', async () => {
    answer = json(200, MODEL);
    await client().updateModel('sepsis-risk', { owner: 'Dr. B. Chen' }, '"4"');
    const request = only();
    expect(request.method).toBe('PATCH');
    expect(request.headers['if-match']).toBe('"4"');
    expect(request.headers['idempotency-key']).toBeDefined();
    expect(JSON.parse(request.body.toString())).toEqual({ owner: 'Dr. B. Chen' });
  });

  it('archives with status and reason', async () => {
    answer = json(200, { ...VERSION, status: 'archived' });
    await client().archiveVersion('sepsis-risk', 4, 'superseded', '"1"');
    const request = only();
    expect(request.url).toBe('/api/v1/models/sepsis-risk/versions/4');
    expect(JSON.parse(request.body.toString())).toEqual({ status: 'archived', reason: 'superseded' });
    expect(request.headers['if-match']).toBe('"1"');
  });

  it('revokes with DELETE and an idempotency key, escaping the name', async () => {
    answer = json(200, { id: 'x', name: 'ci bot', revokedAt: '2026-11-22T10:00:00.000Z' });
    await client().revokeToken('ci bot');
    const request = only();
    expect(request.method).toBe('DELETE');
    expect(request.url).toBe('/api/v1/tokens/ci%20bot');
    expect(request.headers['idempotency-key']).toBeDefined();
  });

  it('escapes model names in paths', async () => {
    answer = json(200, VERSION);
    await client().getVersion('a/b?c', 2);
    expect(only().url).toBe('/api/v1/models/a%2Fb%3Fc/versions/2');
  });

  it('sends no Authorization header without a token', async () => {
    answer = json(200, { items: [], nextCursor: null });
    await new VigilClient({ baseUrl }).listModels();
    expect(only().headers.authorization).toBeUndefined();
  });

  it('falls back to the ETag header when a body has no etag', async () => {
    const { etag: _omitted, ...withoutEtag } = MODEL;
    answer = json(200, withoutEtag, { ETag: '"9"' });
    await expect(client().getModel('sepsis-risk')).resolves.toMatchObject({ etag: '"9"' });
  });
});

describe('VigilClient pagination', () => {
  it('follows nextCursor to the end', async () => {
    answer = (request, response) => {
      const cursor = new URL(request.url, baseUrl).searchParams.get('cursor');
      const pages: Record<string, unknown> = {
        none: { items: [{ name: 'a' }, { name: 'b' }], nextCursor: 'c1' },
        c1: { items: [{ name: 'c' }], nextCursor: 'c2' },
        c2: { items: [{ name: 'd' }], nextCursor: null },
      };
      json(200, pages[cursor ?? 'none'])(request, response);
    };
    const models = await client().listAllModels(2);
    expect(models.map((m) => m.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(received.map((r) => r.url)).toEqual([
      '/api/v1/models?limit=2',
      '/api/v1/models?limit=2&cursor=c1',
      '/api/v1/models?limit=2&cursor=c2',
    ]);
  });

  it('reads a history answer given as a bare array', async () => {
    answer = json(200, [{ id: 1, action: 'model_version.registered' }]);
    await expect(client().getVersionHistory('sepsis-risk', 4)).resolves.toEqual([
      { id: 1, action: 'model_version.registered' },
    ]);
    expect(only().url).toBe('/api/v1/models/sepsis-risk/versions/4/history');
  });

  it('stops on a cursor that repeats instead of looping forever', async () => {
    answer = json(200, { items: [{ name: 'a' }], nextCursor: 'same' });
    await expect(client().listAllModels()).rejects.toThrow(/cursor "same" twice/);
  });
});

describe('VigilClient errors', () => {
  it('turns a problem+json answer into a VigilApiError with status, problem and request id', async () => {
    answer = problem(
      422,
      {
        title: 'Invalid model card',
        detail: 'The model card has 1 problem.',
        code: 'validation_failed',
        errors: [{ field: 'card.purpose.decisionRole', message: 'must be one of informs, augments, replaces' }],
      },
      { 'X-Request-Id': 'req-123' },
    );
    const error = (await client()
      .createModel({ name: 'x', owner: 'o' })
      .catch((e: unknown) => e)) as VigilApiError;
    expect(error).toBeInstanceOf(VigilApiError);
    expect(error.status).toBe(422);
    expect(error.code).toBe('validation_failed');
    expect(error.message).toBe('The model card has 1 problem.');
    expect(error.problem?.errors).toEqual([
      { field: 'card.purpose.decisionRole', message: 'must be one of informs, augments, replaces' },
    ]);
    expect(error.requestId).toBe('req-123');
  });

  it('falls back to the request id it sent when the server echoes none', async () => {
    answer = problem(404, { detail: 'no model named x' });
    const error = (await client()
      .getModel('x')
      .catch((e: unknown) => e)) as VigilApiError;
    expect(error.status).toBe(404);
    expect(error.requestId).toBe(only().headers['x-request-id']);
  });

  it('copes with an error body that is not JSON', async () => {
    answer = (_request, response) => {
      response.writeHead(502, { 'Content-Type': 'text/html' });
      response.end('<html>bad gateway</html>');
    };
    const error = (await client()
      .whoami()
      .catch((e: unknown) => e)) as VigilApiError;
    expect(error).toBeInstanceOf(VigilApiError);
    expect(error.status).toBe(502);
    expect(error.problem).toBeNull();
    expect(error.message).toBe('the server answered 502 to GET /whoami');
  });

  it('maps a refused connection to a VigilNetworkError naming the cause', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const error = (await client({ base: `http://127.0.0.1:${port}` })
      .whoami()
      .catch((e: unknown) => e)) as VigilNetworkError;
    expect(error).toBeInstanceOf(VigilNetworkError);
    expect(error.timedOut).toBe(false);
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(error.message).not.toContain('vgl_secret');
  });

  it('gives up after the timeout with a VigilNetworkError marked as timed out', async () => {
    answer = () => undefined; // never answers
    const error = (await client({ timeoutMs: 200 })
      .whoami()
      .catch((e: unknown) => e)) as VigilNetworkError;
    expect(error).toBeInstanceOf(VigilNetworkError);
    expect(error.timedOut).toBe(true);
    expect(error.message).toMatch(/within 200 ms/);
  });

  it('reports a 2xx answer that is not JSON as a server failure', async () => {
    answer = (_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/plain' });
      response.end('hello');
    };
    await expect(client().whoami()).rejects.toBeInstanceOf(VigilNetworkError);
  });
});

describe('VigilClient transfers', () => {
  function streamOf(data: Uint8Array): ReadableStream<Uint8Array> {
    let sent = false;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) controller.close();
        else controller.enqueue(data);
        sent = true;
      },
    });
  }

  it('uploads multipart with a Content-Length, not chunked, metadata first then the artifact bytes', async () => {
    answer = json(201, VERSION);
    const data = new Uint8Array(300_000).map((_, i) => i % 251);
    const progress: number[] = [];
    const metadata = { gitCommit: 'abc1234', trainingDataUri: 's3://data', parentVersion: 3, featureColumns: ['age'] };

    const version = await client().registerVersion(
      'sepsis-risk',
      metadata,
      { stream: streamOf(data), sizeBytes: data.length, filename: 'model.onnx' },
      { onProgress: (sent) => progress.push(sent) },
    );

    expect(version.version).toBe(4);
    const request = only();
    expect(request.url).toBe('/api/v1/models/sepsis-risk/versions');
    expect(request.headers['transfer-encoding']).toBeUndefined();
    expect(Number(request.headers['content-length'])).toBe(request.body.length);
    expect(request.headers['idempotency-key']).toBeDefined();
    const form = await new Response(request.body, {
      headers: { 'Content-Type': request.headers['content-type'] ?? '' },
    }).formData();
    expect(JSON.parse(form.get('metadata') as string)).toEqual(metadata);
    expect(new Uint8Array(await (form.get('artifact') as File).arrayBuffer())).toEqual(data);
    expect([...form.keys()]).toEqual(['metadata', 'artifact']);
    expect(progress.at(-1)).toBe(data.length);
  });

  it('uploads without redirects or a window, so fetch does not tee (and buffer) the streamed body', async () => {
    let seen: (RequestInit & { duplex?: string }) | undefined;
    const spy: typeof fetch = (input, init) => {
      seen = init;
      return fetch(input, init);
    };
    answer = json(201, VERSION);
    const data = new Uint8Array(10);
    await new VigilClient({ baseUrl, fetch: spy }).registerVersion(
      'sepsis-risk',
      { gitCommit: 'abc1234', trainingDataUri: 's3://x' },
      { stream: streamOf(data), sizeBytes: data.length, filename: 'm.onnx' },
    );
    expect(seen).toMatchObject({ duplex: 'half', redirect: 'error', window: null });
  });

  it('reports a refused upload (409) as a VigilApiError, not a network failure', async () => {
    answer = problem(409, { code: 'version_exists', detail: 'these bytes are already registered as version 3' });
    const data = new Uint8Array(1000);
    const error = (await client()
      .registerVersion(
        'sepsis-risk',
        { gitCommit: 'abc1234', trainingDataUri: 's3://x' },
        { stream: streamOf(data), sizeBytes: data.length, filename: 'm.onnx' },
      )
      .catch((e: unknown) => e)) as VigilApiError;
    expect(error).toBeInstanceOf(VigilApiError);
    expect(error.status).toBe(409);
    expect(error.code).toBe('version_exists');
  });

  it('opens a download with its checksum header and length', async () => {
    answer = (_request, response) => {
      response.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Content-Length': '5',
        'X-Checksum-Sha256': 'AB'.repeat(32),
        'X-Request-Id': 'r-1',
      });
      response.end(Buffer.from('hello'));
    };
    const download = await client().downloadArtifact('sepsis-risk', 4);
    expect(only().url).toBe('/api/v1/models/sepsis-risk/versions/4/artifact');
    expect(download.checksumSha256).toBe('ab'.repeat(32));
    expect(download.sizeBytes).toBe(5);
    expect(download.requestId).toBe('r-1');
    expect(await new Response(download.body).text()).toBe('hello');
  });

  it('turns a missing artifact into a 404 VigilApiError before any bytes flow', async () => {
    answer = problem(404, { code: 'version_not_found', detail: 'sepsis-risk has no version 9' });
    await expect(client().downloadArtifact('sepsis-risk', 9)).rejects.toMatchObject({ status: 404 });
  });
});

describe('VigilClient governance routes', () => {
  it('creates a person and issues a token to them by e-mail', async () => {
    answer = json(201, { id: 'p1', kind: 'person', name: 'Dr. A. Rivera' });
    const person = { name: 'Dr. A. Rivera', email: 'rivera@hospital.org', role: 'approver' as const, password: 'pw' };
    await client().createPerson(person);
    await client().createToken({ name: 'rivera-cli', principal: 'rivera@hospital.org' });
    expect(received.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /api/v1/users', 'POST /api/v1/tokens']);
    expect(JSON.parse(received[0].body.toString())).toEqual(person);
    expect(JSON.parse(received[1].body.toString())).toEqual({ name: 'rivera-cli', principal: 'rivera@hospital.org' });
  });

  it('PUTs a policy with an idempotency key and reads it back', async () => {
    answer = json(200, { model: 'sepsis-risk', policyVersion: 2, policy: {}, staleRequests: ['r1'] });
    const policy = { rules: [{ environment: 'production', signatures: [{ role: 'approver', count: 2 }] }] };
    await expect(client().setApprovalPolicy('sepsis-risk', policy)).resolves.toMatchObject({ staleRequests: ['r1'] });
    await client().getApprovalPolicy('sepsis-risk');
    const [put, get] = received;
    expect(`${put.method} ${put.url}`).toBe('PUT /api/v1/models/sepsis-risk/policy');
    expect(JSON.parse(put.body.toString())).toEqual(policy);
    expect(put.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(`${get.method} ${get.url}`).toBe('GET /api/v1/models/sepsis-risk/policy');
  });

  it('opens, reads, lists and signs approval requests, escaping ids', async () => {
    answer = json(200, { items: [{ id: 'r1' }] });
    await expect(client().listApprovalRequests('sepsis-risk')).resolves.toEqual([{ id: 'r1' }]);
    answer = json(201, { id: 'a/b' });
    await client().requestApproval({ model: 'sepsis-risk', version: 4, environment: 'production', sites: ['site-a'] });
    await client().getApprovalRequest('a/b');
    const signature = { decision: 'approve' as const, meaning: 'Approved', reason: 'ok', password: 'pw' };
    await client().signApproval('a/b', signature);
    expect(received.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /api/v1/models/sepsis-risk/approvals',
      'POST /api/v1/approvals',
      'GET /api/v1/approvals/a%2Fb',
      'POST /api/v1/approvals/a%2Fb/signatures',
    ]);
    expect(JSON.parse(received[3].body.toString())).toEqual(signature);
  });

  it('promotes and rolls back with one fresh idempotency key each', async () => {
    answer = json(201, {});
    await client().promote('sepsis-risk', { version: 4, environment: 'production', site: 'site-a' });
    await client().rollback('sepsis-risk', { environment: 'production', site: 'site-a', reason: 'drift' });
    expect(received.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /api/v1/models/sepsis-risk/deployments',
      'POST /api/v1/models/sepsis-risk/deployments/rollback',
    ]);
    expect(received[0].headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(received[0].headers['idempotency-key']).not.toBe(received[1].headers['idempotency-key']);
  });

  it('reads a site manifest and its history with their query parameters', async () => {
    answer = json(200, { site: 'site-a', models: [] });
    await client().getSiteDeployment('site-a');
    await client().getSiteDeployment('site-a', { environment: 'shadow' });
    await client().getSiteHistory('site-a', { at: '2026-03-01T08:00:00.000Z', environment: 'production' });
    expect(received.map((r) => r.url)).toEqual([
      '/api/v1/sites/site-a/deployment',
      '/api/v1/sites/site-a/deployment?environment=shadow',
      '/api/v1/sites/site-a/history?at=2026-03-01T08%3A00%3A00.000Z&environment=production',
    ]);
  });

  it('reports a refused promotion as a 409 VigilApiError carrying the code', async () => {
    answer = problem(409, { code: 'promotion_not_approved', detail: 'sepsis-risk@4 has no approval covering x.' });
    const error: unknown = await client()
      .promote('sepsis-risk', { version: 4, environment: 'production', site: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VigilApiError);
    expect((error as VigilApiError).status).toBe(409);
    expect((error as VigilApiError).code).toBe('promotion_not_approved');
  });
});

describe('VigilClient governance tickets and monitoring status', () => {
  it('lists tickets with only the filters given, and follows every page', async () => {
    answer = json(200, { items: [{ id: 'VGL-3' }], nextCursor: null });
    await client().listTickets();
    await client().listTickets({ status: 'all', model: 'sepsis-risk', site: 'site a', signal: 'input_psi', limit: 5 });
    expect(received.map((r) => r.url)).toEqual([
      '/api/v1/tickets',
      '/api/v1/tickets?status=all&model=sepsis-risk&site=site+a&signal=input_psi&limit=5',
    ]);

    received = [];
    answer = (request, response) => {
      const cursor = new URL(request.url, baseUrl).searchParams.get('cursor');
      const pages: Record<string, unknown> = {
        none: { items: [{ id: 'VGL-9' }, { id: 'VGL-8' }], nextCursor: '8' },
        8: { items: [{ id: 'VGL-2' }], nextCursor: null },
      };
      json(200, pages[cursor ?? 'none'])(request, response);
    };
    const all = await client().listAllTickets({ status: 'closed' }, 2);
    expect(all.map((t) => t.id)).toEqual(['VGL-9', 'VGL-8', 'VGL-2']);
    expect(received.map((r) => r.url)).toEqual([
      '/api/v1/tickets?status=closed&limit=2',
      '/api/v1/tickets?status=closed&limit=2&cursor=8',
    ]);
  });

  it('reads one ticket, escaping the id, and turns an unknown one into a 404 with its code', async () => {
    answer = json(200, { id: 'VGL-12', history: [] });
    await expect(client().getTicket('VGL-12')).resolves.toMatchObject({ id: 'VGL-12' });
    answer = problem(404, { code: 'ticket_not_found', detail: 'There is no governance ticket VGL/1.' });
    await expect(client().getTicket('VGL/1')).rejects.toMatchObject({ status: 404, code: 'ticket_not_found' });
    expect(received.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /api/v1/tickets/VGL-12',
      'GET /api/v1/tickets/VGL%2F1',
    ]);
  });

  it('acknowledges with or without a note and resolves with one, each POST with its own idempotency key', async () => {
    answer = json(200, { id: 'VGL-12' });
    await client().acknowledgeTicket('VGL-12');
    await client().acknowledgeTicket('12', 'looking at the lab feed');
    await client().resolveTicket('VGL-12', 'feed fixed on 3 March');
    expect(received.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /api/v1/tickets/VGL-12/acknowledge',
      'POST /api/v1/tickets/12/acknowledge',
      'POST /api/v1/tickets/VGL-12/resolve',
    ]);
    expect(received.map((r) => JSON.parse(r.body.toString()) as unknown)).toEqual([
      {},
      { note: 'looking at the lab feed' },
      { note: 'feed fixed on 3 March' },
    ]);
    const keys = received.map((r) => r.headers['idempotency-key']);
    expect(keys.every((k) => typeof k === 'string' && /^[0-9a-f-]{36}$/.test(k))).toBe(true);
    expect(new Set(keys).size).toBe(3);
  });

  it('reports a refused resolution as a 409 VigilApiError carrying the code', async () => {
    answer = problem(409, {
      code: 'invalid_state_transition',
      detail: 'VGL-12 cannot be resolved: the latest window still crosses the threshold.',
    });
    const error: unknown = await client()
      .resolveTicket('VGL-12', 'done')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VigilApiError);
    expect((error as VigilApiError).status).toBe(409);
    expect((error as VigilApiError).code).toBe('invalid_state_transition');
  });

  it("reads a version's monitoring status, for every site or one", async () => {
    const status = { model: 'sepsis-risk', version: 4, sites: [] };
    answer = json(200, status);
    await expect(client().getMonitoringStatus('sepsis-risk', 4)).resolves.toEqual(status);
    await client().getMonitoringStatus('sepsis-risk', 4, 'site-a');
    expect(received.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /api/v1/models/sepsis-risk/versions/4/monitoring',
      'GET /api/v1/models/sepsis-risk/versions/4/monitoring?site=site-a',
    ]);
  });
});
