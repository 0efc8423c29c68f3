/*
 * The stub's own contract, spoken to with plain fetch: if it drifted from Jira's shapes, the sink's tests against
 * it would prove nothing.
 */
import { JiraStub } from './jira-stub';

const AUTH = `Basic ${Buffer.from(`${JiraStub.defaultCredentials.email}:${JiraStub.defaultCredentials.apiToken}`).toString('base64')}`;
const DOC = { version: 1, type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Hi' }] }] };

let stub: JiraStub;

beforeEach(async () => {
  stub = await JiraStub.start();
});

afterEach(async () => {
  await stub.stop();
});

async function call(
  method: string,
  path: string,
  body?: unknown,
  authorization: string | null = AUTH,
): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (authorization !== null) headers.Authorization = authorization;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${stub.baseUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text.length > 0 ? (JSON.parse(text) as unknown) : undefined };
}

const FIELDS = { project: { key: 'VGL' }, issuetype: { name: 'Task' }, summary: 'Drift at north', labels: ['vigil'] };

describe('JiraStub', () => {
  it('answers 401 without credentials or with wrong ones', async () => {
    expect((await call('POST', '/rest/api/3/issue', { fields: FIELDS }, null)).status).toBe(401);
    const wrong = `Basic ${Buffer.from('vigil@example.org:nope').toString('base64')}`;
    const answer = await call('POST', '/rest/api/3/issue', { fields: FIELDS }, wrong);
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ errorMessages: [expect.any(String)], errors: {} });
    expect(stub.issues()).toHaveLength(0);
  });

  it('creates an issue with 201 { id, key, self }, and refuses missing required fields with 400 { errorMessages, errors }', async () => {
    const created = await call('POST', '/rest/api/3/issue', { fields: { ...FIELDS, description: DOC } });
    expect(created).toEqual({
      status: 201,
      json: { id: '10001', key: 'VGL-1', self: `${stub.baseUrl}/rest/api/3/issue/10001` },
    });

    const missing = await call('POST', '/rest/api/3/issue', { fields: { project: { key: 'VGL' } } });
    expect(missing.status).toBe(400);
    expect(missing.json).toEqual({
      errorMessages: [],
      errors: { issuetype: 'Specify an issue type', summary: 'You must specify a summary of the issue.' },
    });

    const bad = await call('POST', '/rest/api/3/issue', {
      fields: { ...FIELDS, project: { key: 'NOPE' }, labels: ['two words'], description: 'plain text', color: 1 },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys((bad.json as { errors: object }).errors).sort()).toEqual([
      'color',
      'description',
      'labels',
      'project',
    ]);
  });

  it('comments (201), lists comments newest first, transitions (204) and refuses an unknown transition id (400)', async () => {
    await call('POST', '/rest/api/3/issue', { fields: FIELDS });
    expect((await call('POST', '/rest/api/3/issue/VGL-1/comment', { body: DOC })).status).toBe(201);
    const second = { ...DOC, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Second' }] }] };
    await call('POST', '/rest/api/3/issue/VGL-1/comment', { body: second });
    expect((await call('POST', '/rest/api/3/issue/VGL-1/comment', {})).status).toBe(400);
    const listed = await call('GET', '/rest/api/3/issue/VGL-1/comment?orderBy=-created&maxResults=1');
    expect(listed.json).toMatchObject({ startAt: 0, maxResults: 1, total: 2, comments: [{ body: second }] });

    const transitions = (await call('GET', '/rest/api/3/issue/VGL-1/transitions')).json as {
      transitions: { id: string; name: string; to: { name: string } }[];
    };
    expect(transitions.transitions.map((t) => [t.id, t.name, t.to.name])).toEqual([
      ['21', 'In Progress', 'In Progress'],
      ['31', 'Done', 'Done'],
    ]);
    const unknown = await call('POST', '/rest/api/3/issue/VGL-1/transitions', { transition: { id: '99' } });
    expect(unknown).toEqual({
      status: 400,
      json: { errorMessages: ["Transition id '99' is not valid for this issue."], errors: {} },
    });
    expect((await call('POST', '/rest/api/3/issue/VGL-1/transitions', { transition: { id: '31' } })).status).toBe(204);
    const issue = await call('GET', '/rest/api/3/issue/VGL-1?fields=status');
    expect(issue.json).toMatchObject({
      key: 'VGL-1',
      fields: { status: { name: 'Done', statusCategory: { key: 'done' } } },
    });
    expect((await call('GET', '/rest/api/3/issue/VGL-9')).status).toBe(404);
  });

  it('finds issues by JQL on project and labels, and refuses payload fields the endpoint does not take', async () => {
    await call('POST', '/rest/api/3/issue', { fields: { ...FIELDS, labels: ['vigil', 'vigil-ticket-a'] } });
    await call('POST', '/rest/api/3/issue', { fields: { ...FIELDS, labels: ['vigil', 'vigil-ticket-b'] } });
    const found = await call('POST', '/rest/api/3/search/jql', {
      jql: 'project = "VGL" AND labels = "vigil-ticket-b"',
      fields: ['summary'],
    });
    expect(found.json).toEqual({
      issues: [{ id: '10002', key: 'VGL-2', self: expect.any(String), fields: { summary: 'Drift at north' } }],
      isLast: true,
    });
    expect((await call('POST', '/rest/api/3/search/jql', { jql: 'project = VGL', startAt: 0 })).status).toBe(400);
    expect((await call('POST', '/rest/api/3/search/jql', { jql: 'text ~ "drift"' })).status).toBe(400);
  });

  it('fails the next N requests on demand, then recovers', async () => {
    stub.failNext(2, 503, { 'Retry-After': '1' });
    const first = await fetch(`${stub.baseUrl}/rest/api/3/issue/VGL-1`, { headers: { Authorization: AUTH } });
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('1');
    await first.text();
    expect((await call('POST', '/rest/api/3/issue', { fields: FIELDS })).status).toBe(503);
    expect((await call('POST', '/rest/api/3/issue', { fields: FIELDS })).status).toBe(201);
  });
});
