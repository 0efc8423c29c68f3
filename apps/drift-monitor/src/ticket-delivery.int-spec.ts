import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  adfPlainText,
  JiraTicketSink,
  type TicketSink,
  verifyWebhookSignature,
  type WebhookTicketEvent,
  WebhookTicketSink,
} from '@vigil/drift-monitor';
// The Jira stand-in lives beside the sink it was written for; the lib has no testing entry point yet.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { JiraStub } from '../../../libs/drift-monitor/src/sinks/testing/jira-stub';
import {
  type EvaluationReplica,
  MINUTE_MS,
  startEvaluationReplica,
  startInputShiftScenario,
  type InputShiftScenario,
} from './testing/monitoring-setup';
import { WebhookReceiver } from './testing/webhook-receiver';

const SECRET = 'test-webhook-secret-0123456789abcdef-0123';
const SECOND = 1000;

function sinksFor(receiver: WebhookReceiver, jiraBaseUrl: string | null): TicketSink[] {
  const sinks: TicketSink[] = [new WebhookTicketSink({ url: receiver.url, secret: SECRET })];
  if (jiraBaseUrl !== null) {
    sinks.push(
      new JiraTicketSink({
        baseUrl: jiraBaseUrl,
        projectKey: 'MLOPS',
        auth: { kind: 'basic', ...JiraStub.defaultCredentials },
        priorityBySeverity: { high: 'High', critical: 'Highest' },
      }),
    );
  }
  return sinks;
}

function jiraSink(baseUrl: string): TicketSink[] {
  return [
    new JiraTicketSink({ baseUrl, projectKey: 'MLOPS', auth: { kind: 'basic', ...JiraStub.defaultCredentials } }),
  ];
}

/** Whether every request the receiver accepted carries a signature that verifies over its raw bytes. */
function allSignaturesVerify(receiver: WebhookReceiver, secret: string): boolean {
  return receiver.received.every((r) =>
    verifyWebhookSignature(
      secret,
      r.headers['vigil-timestamp'] as string,
      r.rawBody,
      r.headers['vigil-signature'] as string,
      new Date(),
    ),
  );
}

// Real registry, real drift monitor, two monitor replicas (evaluation + delivery) on one PostgreSQL; the sinks are
// the real classes, pointed at a node:http receiver and at the Jira stub, both on loopback.
describe('ticket delivery: every event to every sink, in order, once, with retries', () => {
  let s: InputShiftScenario;
  let receiver: WebhookReceiver;
  let jira: JiraStub;
  let replicas: EvaluationReplica[];

  beforeAll(async () => {
    s = await startInputShiftScenario();
    receiver = await WebhookReceiver.start();
    jira = await JiraStub.start({ projectKey: 'MLOPS' });
    // Each replica has its own sink instances, as two processes configured from the same environment would.
    replicas = [
      await startEvaluationReplica(s.t.db.url, { sinks: sinksFor(receiver, jira.baseUrl) }),
      await startEvaluationReplica(s.t.db.url, { sinks: sinksFor(receiver, jira.baseUrl) }),
    ];
  });

  afterAll(async () => {
    for (const r of replicas ?? []) await r.close();
    await receiver?.stop();
    await jira?.stop();
    await s?.stop();
  });

  const eventIds = async (): Promise<{ id: string; kind: string }[]> =>
    s.db.query(`SELECT id, kind FROM governance_ticket_event ORDER BY seq`);
  const deliveries = async (): Promise<{ sink: string; kind: string; status: string; attempts: number }[]> =>
    s.db.query(
      `SELECT d.sink, e.kind, d.status, d.attempts FROM ticket_delivery d JOIN governance_ticket_event e ON e.seq = d.event_seq
        ORDER BY d.sink, d.event_seq`,
    );

  it('two replicas dispatching at once deliver the opening and the update to both sinks exactly once', async () => {
    const T1 = new Date(s.win(4) + 31 * MINUTE_MS);
    await replicas[0].evaluator.runOnce(T1);
    expect((await eventIds()).map((e) => e.kind)).toEqual(['opened', 'updated']);

    const passes = await Promise.all(replicas.map((r) => r.dispatcher.runOnce(T1)));
    expect(passes.reduce((n, p) => n + p.delivered, 0)).toBe(4); // 2 events × 2 sinks
    const again = await Promise.all(replicas.map((r) => r.dispatcher.runOnce(T1)));
    expect(again.reduce((n, p) => n + p.delivered, 0)).toBe(0);

    const bodies = receiver.accepted<WebhookTicketEvent>();
    expect(bodies.map((b) => b.type)).toEqual(['vigil.ticket.opened', 'vigil.ticket.updated']);
    expect(bodies.map((b) => b.deliveryId)).toEqual((await eventIds()).map((e) => e.id));
    expect(bodies[0].ticket).toEqual(
      expect.objectContaining({ number: 1, site: 'site-b', signal: 'input_psi', status: 'open', severity: 'high' }),
    );
    expect(bodies[0].ticket.description).toContain('lactate');
    expect(receiver.received.map((r) => r.headers['vigil-delivery'])).toEqual(bodies.map((b) => b.deliveryId));
    expect(allSignaturesVerify(receiver, SECRET)).toBe(true);
    expect(allSignaturesVerify(receiver, `${SECRET}-other`)).toBe(false);

    const [issue, ...more] = jira.issues();
    expect(more).toEqual([]);
    expect(issue.key).toBe('MLOPS-1');
    expect(issue.comments).toHaveLength(1);
    const [ticket] = await s.db.query(`SELECT id, external_refs FROM governance_ticket WHERE number = 1`);
    expect(ticket.external_refs).toEqual({ jira: 'MLOPS-1' });
    expect(issue.fields.labels).toContain(`vigil-ticket-${ticket.id}`);
    expect(jira.requestsTo('POST', /\/rest\/api\/3\/issue$/)).toHaveLength(1);
  });

  it('a receiver answering 503 twice is retried on later passes with backoff, and nothing overtakes the held event', async () => {
    receiver.answerNext(503, 503);
    const T2 = new Date(s.win(5) + 5 * MINUTE_MS);
    expect((await replicas[1].evaluator.runOnce(T2)).deadlinesApplied).toBe(1); // escalated, 30 min unacknowledged
    // One dispatching replica: the backoff is remembered in memory by the replica that saw the failure.
    const d = replicas[0].dispatcher;
    const at = (ms: number) => new Date(T2.getTime() + ms);

    const first = await d.runOnce(at(0));
    expect(first).toEqual({ delivered: 1, failed: 0, waiting: ['webhook'] }); // Jira has its own queue
    const approver = await s.t.tokenFor('approver');
    const ack = await s.t.api('POST', '/api/v1/tickets/VGL-1/acknowledge', {
      token: approver,
      json: { note: 'on it' },
    });
    expect(ack.status).toBe(200);

    const seen = () => receiver.received.length;
    const before = seen();
    expect(await d.runOnce(at(1 * SECOND))).toEqual({ delivered: 1, failed: 0, waiting: ['webhook'] }); // 2 s not up
    expect(seen()).toBe(before); // not even tried: the acknowledgement does not overtake the escalation
    expect(await d.runOnce(at(2 * SECOND))).toEqual({ delivered: 0, failed: 0, waiting: ['webhook'] }); // 503 again
    expect(seen()).toBe(before + 1);
    expect(await d.runOnce(at(5 * SECOND))).toEqual({ delivered: 0, failed: 0, waiting: ['webhook'] }); // 4 s now
    expect(seen()).toBe(before + 1);
    expect(await d.runOnce(at(6 * SECOND))).toEqual({ delivered: 2, failed: 0, waiting: [] });

    const tries = receiver.received.slice(-4);
    expect(tries.map((r) => r.status)).toEqual([503, 503, 204, 204]);
    const escalation = (await eventIds())[2];
    expect(escalation.kind).toBe('escalated');
    // A retry carries the same delivery id (receivers de-duplicate on it), with a fresh timestamp and signature.
    expect(tries.slice(0, 3).map((r) => r.headers['vigil-delivery'])).toEqual([
      escalation.id,
      escalation.id,
      escalation.id,
    ]);
    expect(receiver.accepted<WebhookTicketEvent>().map((b) => b.kind)).toEqual([
      'opened',
      'updated',
      'escalated',
      'acknowledged',
    ]);
    const [row] = await s.db.query(
      `SELECT d.attempts, d.finished_at FROM ticket_delivery d WHERE d.sink = 'webhook' AND d.event_seq =
         (SELECT seq FROM governance_ticket_event WHERE id = $1)`,
      [escalation.id],
    );
    expect(row.attempts).toBe(3);
    expect(row.finished_at.getTime()).toBe(at(6 * SECOND).getTime());
  });

  it('closing: both sinks get the whole history once each, and the Jira issue ends Done with its comments', async () => {
    for (const k of [4, 5]) {
      await s.postWindow('site-a', k, false, 100 + k);
      await s.postWindow('site-b', k, false, 200 + k);
    }
    const T3 = new Date(s.win(6) + 31 * MINUTE_MS);
    await replicas[0].evaluator.runOnce(T3);
    const events = await eventIds();
    const history = ['opened', 'updated', 'escalated', 'acknowledged', 'updated', 'closed'];
    expect(events.map((e) => e.kind)).toEqual(history);

    await Promise.all(replicas.map((r) => r.dispatcher.runOnce(T3)));
    await Promise.all(replicas.map((r) => r.dispatcher.runOnce(new Date(T3.getTime() + MINUTE_MS))));

    const bodies = receiver.accepted<WebhookTicketEvent>();
    expect(bodies.map((b) => b.kind)).toEqual(history);
    expect(bodies.map((b) => b.deliveryId)).toEqual(events.map((e) => e.id));
    expect(bodies.at(-1)?.ticket).toEqual(
      expect.objectContaining({ status: 'closed', escalatedTo: 'cmio@hospital.org' }),
    );
    expect(allSignaturesVerify(receiver, SECRET)).toBe(true);

    const [issue, ...more] = jira.issues();
    expect(more).toEqual([]);
    expect(issue.fields.status).toEqual({ name: 'Done', category: 'done' });
    expect(issue.fields.priority).toEqual({ name: 'Highest' }); // the escalation raised it one step from high
    const comments = issue.comments.map((c) => adfPlainText(c.body));
    expect(comments).toHaveLength(5); // every event after the opening, once each
    events.slice(1).forEach((e, i) => expect(comments[i]).toContain(`delivery ${e.id}`));
    expect(jira.requestsTo('POST', /\/transitions$/)).toHaveLength(1);

    const [ticket] = await s.db.query(
      `SELECT status, acknowledged_by, external_refs FROM governance_ticket WHERE number = 1`,
    );
    expect(ticket).toEqual(expect.objectContaining({ status: 'closed', external_refs: { jira: 'MLOPS-1' } }));
    expect(ticket.acknowledged_by).toBeTruthy();
    const rows = await deliveries();
    expect(rows).toHaveLength(12);
    expect(rows.every((r) => r.status === 'delivered')).toBe(true);
    expect(rows.filter((r) => r.attempts !== 1)).toEqual([
      { sink: 'webhook', kind: 'escalated', status: 'delivered', attempts: 3 },
    ]);
  });
});

/**
 * An HTTP pass-through in front of the Jira stub that can hold one request until the test lets it go, to widen
 * the window between the sink's read of a ticket and its write of the issue key to something a test can use.
 */
class HoldingProxy {
  private hold: { method: string; path: RegExp; arrived: () => void; release: Promise<void> } | null = null;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(target: string): Promise<HoldingProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const proxy = new HoldingProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        void (async () => {
          const hold = proxy.hold;
          if (hold && hold.method === request.method && hold.path.test(request.url ?? '')) {
            proxy.hold = null;
            hold.arrived();
            await hold.release;
          }
          const headers: Record<string, string> = {};
          for (const name of ['authorization', 'content-type', 'accept']) {
            const value = request.headers[name];
            if (typeof value === 'string') headers[name] = value;
          }
          const body = Buffer.concat(chunks);
          const answer = await fetch(`${target}${request.url ?? '/'}`, {
            method: request.method,
            headers,
            body: body.length > 0 ? body : undefined,
          });
          const text = await answer.text();
          response.writeHead(answer.status, { 'Content-Type': answer.headers.get('content-type') ?? 'text/plain' });
          response.end(text);
        })();
      });
    });
    return proxy;
  }

  /** Holds the next matching request; resolves `arrived` when it comes in, forwards it when `release` is called. */
  holdNext(method: string, path: RegExp): { arrived: Promise<void>; release: () => void } {
    let release!: () => void;
    let arrived!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const came = new Promise<void>((resolve) => (arrived = resolve));
    this.hold = { method, path, arrived, release: released };
    return { arrived: came, release };
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe('ticket delivery: permanent failures and concurrent changes', () => {
  let s: InputShiftScenario;
  let receiver: WebhookReceiver;
  let jira: JiraStub;
  let proxy: HoldingProxy;
  let webhookReplica: EvaluationReplica;
  let jiraReplica: EvaluationReplica;
  let T1: Date;

  beforeAll(async () => {
    s = await startInputShiftScenario();
    receiver = await WebhookReceiver.start();
    jira = await JiraStub.start({ projectKey: 'MLOPS' });
    proxy = await HoldingProxy.start(jira.baseUrl);
    // Two replicas, each configured with one sink, so each queue can be driven on its own.
    webhookReplica = await startEvaluationReplica(s.t.db.url, { sinks: sinksFor(receiver, null) });
    jiraReplica = await startEvaluationReplica(s.t.db.url, { sinks: jiraSink(proxy.url) });
    T1 = new Date(s.win(4) + 31 * MINUTE_MS);
    await webhookReplica.evaluator.runOnce(T1);
  });

  afterAll(async () => {
    await webhookReplica?.close();
    await jiraReplica?.close();
    await proxy?.stop();
    await receiver?.stop();
    await jira?.stop();
    await s?.stop();
  });

  it('a receiver answering 400: recorded as failed with the reason, listed by the registry, and the queue moves on', async () => {
    receiver.answerNext({ status: 400, body: 'unknown event type vigil.ticket.opened' });
    const pass = await webhookReplica.dispatcher.runOnce(T1);
    expect(pass).toEqual({ delivered: 1, failed: 1, waiting: [] });
    expect(receiver.received.map((r) => r.status)).toEqual([400, 204]);
    expect(receiver.accepted<WebhookTicketEvent>().map((b) => b.kind)).toEqual(['updated']);

    const shown = await s.t.api('GET', '/api/v1/tickets/VGL-1', { token: await s.t.tokenFor('viewer') });
    expect(shown.status).toBe(200);
    expect(shown.body.deliveries).toEqual([
      expect.objectContaining({ sink: 'webhook', event: 0, status: 'failed', attempts: 1 }),
      expect.objectContaining({ sink: 'webhook', event: 1, status: 'delivered', attempts: 1, error: null }),
    ]);
    const error: string = shown.body.deliveries[0].error;
    expect(error).toContain('answered 400');
    expect(error).toContain('unknown event type vigil.ticket.opened');
    expect(error).not.toContain(SECRET);
    expect(error).not.toContain('/hooks/vigil'); // the URL's path may hold a token: only the origin is named

    // Given up for good: a later pass does not send it again.
    expect(await webhookReplica.dispatcher.runOnce(new Date(T1.getTime() + 10 * MINUTE_MS))).toEqual({
      delivered: 0,
      failed: 0,
      waiting: [],
    });
    expect(receiver.received).toHaveLength(2);
  });

  it('storing the Jira issue key does not undo a change made to the ticket while Jira was answering', async () => {
    const create = proxy.holdNext('POST', /^\/rest\/api\/3\/issue$/);
    const dispatching = jiraReplica.dispatcher.runOnce(T1);
    await create.arrived;
    // Meanwhile a person acknowledges the ticket through the registry.
    const approver = await s.t.tokenFor('approver');
    const ack = await s.t.api('POST', '/api/v1/tickets/VGL-1/acknowledge', { token: approver, json: { note: 'mine' } });
    expect(ack.status).toBe(200);
    create.release();
    expect(await dispatching).toEqual({ delivered: 3, failed: 0, waiting: [] }); // opened, updated, acknowledged

    const [ticket] = await s.db.query(
      `SELECT acknowledged_by, acknowledged_at, external_refs FROM governance_ticket WHERE number = 1`,
    );
    expect(ticket.external_refs).toEqual({ jira: 'MLOPS-1' });
    expect(ticket.acknowledged_by).toBe(ack.body.acknowledgedBy);
    expect(ticket.acknowledged_at).not.toBeNull();
    const shown = await s.t.api('GET', '/api/v1/tickets/VGL-1', { token: approver });
    expect(shown.body.acknowledgedBy).toBe(ack.body.acknowledgedBy);
    expect(shown.body.externalRefs).toEqual({ jira: 'MLOPS-1' });

    // The webhook's queue moved on past the failed opening too.
    await webhookReplica.dispatcher.runOnce(T1);
    expect(receiver.accepted<WebhookTicketEvent>().map((b) => b.kind)).toEqual(['updated', 'acknowledged']);
  });
});
