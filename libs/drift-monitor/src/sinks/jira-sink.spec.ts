/*
 * The Jira sink against the Jira stub (a real HTTP server on 127.0.0.1 following Jira Cloud's REST API v3
 * contract): the issue's life through create → comment → transition, what happens when an answer is lost and the
 * outbox retries, and how each kind of failure is classified.
 */
import { adfPlainText, deliveryMarker } from './jira-document';
import { JiraTicketSink, jiraTicketLabel, type JiraSinkConfig } from './jira-sink';
import { buildTicketNotification, JiraStub, type JiraStubOptions } from './testing';
import { type TicketNotification, TicketSinkRetryableError } from './ticket-sink';
import { TicketSinkPermanentError } from './ticket-sink-permanent.error';

const CREDENTIALS = JiraStub.defaultCredentials;

let stub: JiraStub;

async function startStub(options: JiraStubOptions = {}): Promise<void> {
  await stub.stop();
  stub = await JiraStub.start(options);
}

beforeEach(async () => {
  stub = await JiraStub.start();
});

afterEach(async () => {
  await stub.stop();
});

function sink(overrides: Partial<JiraSinkConfig> = {}): JiraTicketSink {
  return new JiraTicketSink({
    baseUrl: stub.baseUrl,
    projectKey: 'VGL',
    auth: { kind: 'basic', email: CREDENTIALS.email, apiToken: CREDENTIALS.apiToken },
    timeoutMs: 2000,
    ...overrides,
  });
}

let sequence = 0;
function event(kind: TicketNotification['kind'], externalRef: string | null, summary?: string): TicketNotification {
  sequence += 1;
  return buildTicketNotification({
    deliveryId: `delivery-${sequence}`,
    kind,
    summary: summary ?? `Event ${sequence}: ${kind}.`,
    ticket: { externalRef, status: kind === 'closed' ? 'closed' : 'open' },
  });
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the delivery to fail');
}

const CREATE = /^\/rest\/api\/3\/issue$/;
const COMMENT = /^\/rest\/api\/3\/issue\/[^/]+\/comment$/;
const TRANSITIONS = /^\/rest\/api\/3\/issue\/[^/]+\/transitions$/;

describe('JiraTicketSink', () => {
  it('creates the issue on opened, comments on each later event, and transitions it on close', async () => {
    const jira = sink();
    const opened = buildTicketNotification();
    const { externalRef } = await jira.deliver(opened);
    expect(externalRef).toBe('VGL-1');

    const issue = stub.issue('VGL-1')!;
    expect(issue.fields.summary).toBe(opened.ticket.title);
    expect(issue.fields.issuetype.name).toBe('Task');
    expect(issue.fields.labels).toEqual([
      'vigil',
      'vigil-input_psi',
      'vigil-site-north',
      jiraTicketLabel(opened.ticket.id),
    ]);
    expect(issue.fields.assignee).toBeNull();
    const description = adfPlainText(issue.fields.description);
    expect(description).toContain('Window 2026-11-19T00:00Z to 2026-11-20T00:00Z: 0.31');
    expect(description).toContain('Owner: ml-oncall@hospital.example');
    expect(description).toContain('Validation report');
    expect(JSON.stringify(issue.fields.description)).toContain(
      '"href":"https://vigil.hospital.example/validation-runs/42/report"',
    );
    expect(issue.fields.status.name).toBe('To Do');

    const update = event('updated', 'VGL-1', 'Window 3 still crossed: PSI 0.29.');
    await expect(jira.deliver(update)).resolves.toEqual({});
    const ack = event('acknowledged', 'VGL-1', 'Acknowledged by dr.lee@hospital.example.');
    await expect(jira.deliver(ack)).resolves.toEqual({});
    expect(issue.comments.map((c) => adfPlainText(c.body))).toEqual([
      `Window 3 still crossed: PSI 0.29.\n${deliveryMarker(update)}`,
      `Acknowledged by dr.lee@hospital.example.\n${deliveryMarker(ack)}`,
    ]);

    const close = event('closed', 'VGL-1', 'Recovered for 2 windows in a row; closed.');
    await expect(jira.deliver(close)).resolves.toEqual({});
    expect(issue.fields.status).toEqual({ name: 'Done', category: 'done' });
    expect(issue.comments).toHaveLength(3);
    expect(adfPlainText(issue.comments[2].body)).toContain('Recovered for 2 windows in a row; closed.');
    const transition = stub.requestsTo('POST', TRANSITIONS);
    expect(transition.map((r) => r.body)).toEqual([{ transition: { id: '31' } }]);
    expect(stub.issues()).toHaveLength(1);
  });

  it('does not create a second issue when an opened delivery is retried after its answer was lost', async () => {
    const jira = sink();
    const opened = buildTicketNotification();
    stub.loseAnswerOfNext('POST', CREATE);
    const lost = await failure(jira.deliver(opened));
    expect(lost).toBeInstanceOf(TicketSinkRetryableError);
    expect(stub.issues()).toHaveLength(1); // it was created; only the answer went missing

    await expect(jira.deliver(opened)).resolves.toEqual({ externalRef: 'VGL-1' });
    await expect(jira.deliver(opened)).resolves.toEqual({ externalRef: 'VGL-1' });
    expect(stub.issues()).toHaveLength(1);
    expect(stub.requestsTo('POST', CREATE)).toHaveLength(1);
  });

  it('keeps tickets apart: a different ticket id gets its own issue', async () => {
    const jira = sink();
    await jira.deliver(buildTicketNotification());
    const other = buildTicketNotification({ ticket: { id: '0f6e2a9c-1111-4b7d-8c3e-2a5b7c9d0e1f', number: 13 } });
    await expect(jira.deliver(other)).resolves.toEqual({ externalRef: 'VGL-2' });
    expect(stub.issues()).toHaveLength(2);
  });

  it('does not repeat a comment when an update is retried after its answer was lost', async () => {
    const jira = sink();
    await jira.deliver(buildTicketNotification());
    const update = event('updated', 'VGL-1');
    stub.loseAnswerOfNext('POST', COMMENT);
    expect(await failure(jira.deliver(update))).toBeInstanceOf(TicketSinkRetryableError);
    await expect(jira.deliver(update)).resolves.toEqual({});
    expect(stub.issue('VGL-1')!.comments).toHaveLength(1);
  });

  it('closing an issue that is already done succeeds (a retried close)', async () => {
    const jira = sink();
    await jira.deliver(buildTicketNotification());
    const close = event('closed', 'VGL-1');
    stub.loseAnswerOfNext('POST', TRANSITIONS);
    expect(await failure(jira.deliver(close))).toBeInstanceOf(TicketSinkRetryableError);
    expect(stub.issue('VGL-1')!.fields.status.name).toBe('Done');
    await expect(jira.deliver(close)).resolves.toEqual({});
    expect(stub.issue('VGL-1')!.comments).toHaveLength(1);
  });

  it('creates the issue first when an update or a close arrives for a ticket that has none', async () => {
    const jira = sink();
    const update = event('updated', null, 'A later window, first seen by this sink.');
    await expect(jira.deliver(update)).resolves.toEqual({ externalRef: 'VGL-1' });
    expect(adfPlainText(stub.issue('VGL-1')!.comments[0].body)).toContain('first seen by this sink');

    const close = buildTicketNotification({
      deliveryId: 'close-of-13',
      kind: 'closed',
      ticket: { id: 'a4c1e2f3-2222-4b7d-8c3e-2a5b7c9d0e1f', number: 13, status: 'closed' },
    });
    await expect(jira.deliver(close)).resolves.toEqual({ externalRef: 'VGL-2' });
    expect(stub.issue('VGL-2')!.fields.status.name).toBe('Done');
  });

  it('sets priority and assignee from the maps, and raises the priority one step on escalation', async () => {
    const jira = sink({
      priorityBySeverity: { low: 'Low', medium: 'Medium', high: 'High', critical: 'Highest' },
      assigneeAccountIdByOwner: { 'ml-oncall@hospital.example': '5b10ac8d82e05b22cc7d4ef5' },
      issueType: 'Bug',
    });
    await jira.deliver(buildTicketNotification());
    const issue = stub.issue('VGL-1')!;
    expect(issue.fields.priority).toEqual({ name: 'High' });
    expect(issue.fields.assignee).toEqual({ accountId: '5b10ac8d82e05b22cc7d4ef5' });
    expect(issue.fields.issuetype.name).toBe('Bug');
    expect(adfPlainText(issue.fields.description)).not.toContain('Owner:');

    await jira.deliver(event('escalated', 'VGL-1', 'Unacknowledged for 4 h; escalated to cmo@hospital.example.'));
    expect(issue.fields.priority).toEqual({ name: 'Highest' });
    expect(adfPlainText(issue.comments[0].body)).toContain('escalated to cmo@hospital.example');
  });

  it('escalation without a priority map only comments', async () => {
    const jira = sink();
    await jira.deliver(buildTicketNotification());
    await jira.deliver(event('escalated', 'VGL-1'));
    expect(stub.requestsTo('PUT', /.*/)).toHaveLength(0);
    expect(stub.issue('VGL-1')!.comments).toHaveLength(1);
  });

  it('works with a bearer token', async () => {
    await startStub({ auth: { bearerToken: 'pat-0123456789' } });
    await expect(
      sink({ auth: { kind: 'bearer', token: 'pat-0123456789' } }).deliver(buildTicketNotification()),
    ).resolves.toEqual({ externalRef: 'VGL-1' });
  });

  it('refuses bad credentials as permanent, saying to check them and never showing the token', async () => {
    const wrong = 'wrong-token-that-must-not-leak';
    const error = await failure(
      sink({ auth: { kind: 'basic', email: CREDENTIALS.email, apiToken: wrong } }).deliver(buildTicketNotification()),
    );
    expect(error).toBeInstanceOf(TicketSinkPermanentError);
    expect((error as TicketSinkPermanentError).status).toBe(401);
    expect(error.message).toMatch(/check the Jira credentials/i);
    expect(error.message).not.toContain(wrong);
    expect(stub.issues()).toHaveLength(0);

    stub.failNext(1, 403);
    const forbidden = await failure(sink().deliver(buildTicketNotification()));
    expect(forbidden).toBeInstanceOf(TicketSinkPermanentError);
    expect(forbidden.message).toMatch(/check the Jira credentials/i);
  });

  it('treats 503 and 429 as retryable with Retry-After, and succeeds once Jira is back', async () => {
    const jira = sink();
    stub.failNext(1, 503, { 'Retry-After': '12' });
    const unavailable = await failure(jira.deliver(buildTicketNotification()));
    expect(unavailable).toBeInstanceOf(TicketSinkRetryableError);
    expect((unavailable as TicketSinkRetryableError).retryAfterMs).toBe(12_000);
    expect(unavailable.message).toContain('503');

    stub.failNext(1, 429, { 'Retry-After': '3' });
    const limited = await failure(jira.deliver(buildTicketNotification()));
    expect((limited as TicketSinkRetryableError).retryAfterMs).toBe(3000);

    await expect(jira.deliver(buildTicketNotification())).resolves.toEqual({ externalRef: 'VGL-1' });
  });

  it('treats an unanswered request as retryable', async () => {
    await stub.stop();
    const error = await failure(sink().deliver(buildTicketNotification()));
    expect(error).toBeInstanceOf(TicketSinkRetryableError);
    stub = await JiraStub.start();
  });

  it('refuses to close when the workflow has no such transition, listing the ones it has', async () => {
    await startStub({
      statuses: [
        { name: 'Open', category: 'new' },
        { name: 'Investigating', category: 'indeterminate' },
        { name: 'Resolved', category: 'done' },
      ],
      transitions: [
        { id: '5', name: 'Start investigation', to: 'Investigating' },
        { id: '7', name: 'Resolve', to: 'Resolved' },
      ],
    });
    const jira = sink();
    await jira.deliver(buildTicketNotification());
    const error = await failure(jira.deliver(event('closed', 'VGL-1')));
    expect(error).toBeInstanceOf(TicketSinkPermanentError);
    expect(error.message).toContain('no transition named "Done"');
    expect(error.message).toContain('"Start investigation" (to Investigating)');
    expect(error.message).toContain('"Resolve" (to Resolved)');
    expect(stub.issue('VGL-1')!.fields.status.name).toBe('Open');

    // Matched by the transition's name or its target status, case-insensitively.
    await expect(sink({ closeTransition: 'resolved' }).deliver(event('closed', 'VGL-1'))).resolves.toEqual({});
    expect(stub.issue('VGL-1')!.fields.status.name).toBe('Resolved');
  });

  it('treats an issue that no longer exists as permanent (404)', async () => {
    const error = await failure(sink().deliver(event('updated', 'VGL-404')));
    expect(error).toBeInstanceOf(TicketSinkPermanentError);
    expect((error as TicketSinkPermanentError).status).toBe(404);
    expect(error.message).toContain('Issue does not exist');
  });

  it("reports Jira's field errors as permanent (an issue type the project lacks)", async () => {
    const error = await failure(sink({ issueType: 'Incident' }).deliver(buildTicketNotification()));
    expect(error).toBeInstanceOf(TicketSinkPermanentError);
    expect((error as TicketSinkPermanentError).status).toBe(400);
    expect(error.message).toContain('issuetype: Specify a valid issue type');
  });

  it('cuts an over-long title and evidence to what Jira accepts', async () => {
    const long = buildTicketNotification({
      ticket: { title: `Drift ${'x'.repeat(400)}`, description: 'window 0.31\n'.repeat(5_000) },
    });
    await expect(sink().deliver(long)).resolves.toEqual({ externalRef: 'VGL-1' });
    expect(stub.issue('VGL-1')!.fields.summary).toHaveLength(255);
    expect(adfPlainText(stub.issue('VGL-1')!.fields.description)).toContain('Cut to fit Jira');
  });

  it('checks its configuration', () => {
    const auth = { kind: 'basic', email: 'a@b.c', apiToken: 't' } as const;
    expect(() => new JiraTicketSink({ baseUrl: 'nope', projectKey: 'VGL', auth })).toThrow(/valid absolute URL/);
    expect(() => new JiraTicketSink({ baseUrl: stub.baseUrl, projectKey: 'V G', auth })).toThrow(/project key/);
    expect(
      () => new JiraTicketSink({ baseUrl: stub.baseUrl, projectKey: 'VGL', auth: { kind: 'bearer', token: '' } }),
    ).toThrow(/bearer token/);
  });
});
