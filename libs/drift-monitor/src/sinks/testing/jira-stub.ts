/*
 * A stand-in for Jira Cloud's REST API v3, as a real HTTP server on 127.0.0.1, for testing the Jira sink.
 * It implements the endpoints the sink uses with Jira's request and answer shapes and status codes (201 with
 * `{ id, key, self }` for a created issue, 201 for a comment, 204 for a transition or an edit, 400 with
 * `{ errorMessages, errors }` for bad input, 401 for missing or wrong credentials, 404 for an unknown issue),
 * keeps issues, comments, labels and status in memory, and can fail on demand: the next N requests answer a
 * given status, or a request is carried out but its answer is lost (the connection drops), which is exactly
 * the case that makes a sink retry something that already happened.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

export type JiraStatusCategory = 'new' | 'indeterminate' | 'done';

export interface JiraStubOptions {
  /** The one project that exists; default "VGL". */
  projectKey?: string;
  issueTypes?: string[];
  priorities?: string[];
  /** Accepted credentials; default basic `vigil@example.org` / `stub-api-token`. */
  auth?: { email: string; apiToken: string } | { bearerToken: string };
  /** The workflow's statuses, the first being where an issue starts; default To Do → In Progress → Done. */
  statuses?: { name: string; category: JiraStatusCategory }[];
  /** Global transitions (available from every status but their target); default one per status. */
  transitions?: { id: string; name: string; to: string }[];
}

export interface JiraStubComment {
  id: string;
  body: unknown;
  created: string;
}

export interface JiraStubIssue {
  id: string;
  key: string;
  fields: {
    project: { key: string };
    issuetype: { name: string };
    summary: string;
    description: unknown;
    labels: string[];
    priority: { name: string } | null;
    assignee: { accountId: string } | null;
    status: { name: string; category: JiraStatusCategory };
  };
  comments: JiraStubComment[];
}

export interface JiraStubRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  authorization: string | undefined;
}

interface Failure {
  status: number;
  headers: Record<string, string>;
  remaining: number;
}

interface LostAnswer {
  method: string;
  path: RegExp;
}

class HttpAnswer {
  constructor(
    readonly status: number,
    readonly body?: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

function badRequest(errors: Record<string, string>, errorMessages: string[] = []): HttpAnswer {
  return new HttpAnswer(400, { errorMessages, errors });
}

function notFound(message = 'Issue does not exist or you do not have permission to see it.'): HttpAnswer {
  return new HttpAnswer(404, { errorMessages: [message], errors: {} });
}

const INVALID_PAYLOAD = 'Invalid request payload. Refer to the REST API documentation and try again.';

/** What Jira checks of an Atlassian Document: a versioned doc whose text nodes are non-empty strings. */
function isAdfDocument(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const doc = value as { type?: unknown; version?: unknown; content?: unknown };
  return doc.type === 'doc' && doc.version === 1 && Array.isArray(doc.content) && doc.content.every(isAdfNode);
}

function isAdfNode(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const node = value as { type?: unknown; text?: unknown; content?: unknown };
  if (typeof node.type !== 'string' || node.type.length === 0) return false;
  if (node.type === 'text') return typeof node.text === 'string' && node.text.length > 0;
  if (node.content === undefined) return true;
  return Array.isArray(node.content) && node.content.every(isAdfNode);
}

export class JiraStub {
  readonly requests: JiraStubRequest[] = [];
  private readonly issuesByKey = new Map<string, JiraStubIssue>();
  private readonly failures: Failure[] = [];
  private readonly lostAnswers: LostAnswer[] = [];
  private readonly projectKey: string;
  private readonly issueTypes: string[];
  private readonly priorities: string[];
  private readonly expectedAuthorization: string;
  private readonly statuses: { name: string; category: JiraStatusCategory }[];
  private readonly transitions: { id: string; name: string; to: string }[];
  private nextIssueNumber = 1;
  private nextCommentId = 10000;
  private baseUrlValue = '';

  private constructor(
    private readonly server: Server,
    options: JiraStubOptions,
  ) {
    this.projectKey = options.projectKey ?? 'VGL';
    this.issueTypes = options.issueTypes ?? ['Task', 'Bug', 'Story'];
    this.priorities = options.priorities ?? ['Lowest', 'Low', 'Medium', 'High', 'Highest'];
    const auth = options.auth ?? JiraStub.defaultCredentials;
    this.expectedAuthorization =
      'bearerToken' in auth
        ? `Bearer ${auth.bearerToken}`
        : `Basic ${Buffer.from(`${auth.email}:${auth.apiToken}`).toString('base64')}`;
    this.statuses = options.statuses ?? [
      { name: 'To Do', category: 'new' },
      { name: 'In Progress', category: 'indeterminate' },
      { name: 'Done', category: 'done' },
    ];
    this.transitions =
      options.transitions ??
      this.statuses.map((status, index) => ({ id: String(11 + 10 * index), name: status.name, to: status.name }));
  }

  static readonly defaultCredentials = { email: 'vigil@example.org', apiToken: 'stub-api-token' } as const;

  static async start(options: JiraStubOptions = {}): Promise<JiraStub> {
    const server = createServer();
    const stub = new JiraStub(server, options);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => stub.handle(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    stub.baseUrlValue = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return stub;
  }

  /** e.g. http://127.0.0.1:41234 — what the sink's `baseUrl` should be. */
  get baseUrl(): string {
    return this.baseUrlValue;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  issues(): JiraStubIssue[] {
    return [...this.issuesByKey.values()];
  }

  issue(key: string): JiraStubIssue | undefined {
    return this.issuesByKey.get(key);
  }

  /** The next `count` requests (any route) answer `status` with a Jira-shaped error body, before auth. */
  failNext(count: number, status = 503, headers: Record<string, string> = {}): void {
    this.failures.push({ status, headers, remaining: count });
  }

  /** The next request matching `method` and `path` is carried out, then its connection is dropped unanswered. */
  loseAnswerOfNext(method: string, path: RegExp): void {
    this.lostAnswers.push({ method: method.toUpperCase(), path });
  }

  /** Requests received so far matching `method` and a path pattern (for counting calls in tests). */
  requestsTo(method: string, path: RegExp): JiraStubRequest[] {
    return this.requests.filter((r) => r.method === method.toUpperCase() && path.test(r.path));
  }

  // --- dispatch -------------------------------------------------------------------------------------------

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://stub');
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      let malformed = false;
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw) as unknown;
        } catch {
          malformed = true;
        }
      }
      const entry: JiraStubRequest = {
        method: request.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        body,
        authorization: request.headers.authorization,
      };
      this.requests.push(entry);

      let answer: HttpAnswer;
      const failure = this.failures.find((f) => f.remaining > 0);
      if (failure) {
        failure.remaining -= 1;
        answer = new HttpAnswer(
          failure.status,
          { errorMessages: [`Injected failure (${failure.status}).`], errors: {} },
          failure.headers,
        );
      } else if (entry.authorization !== this.expectedAuthorization) {
        answer = new HttpAnswer(
          401,
          { errorMessages: ['Client must be authenticated to access this resource.'], errors: {} },
          { 'WWW-Authenticate': 'Basic realm="protected-area"' },
        );
      } else if (malformed) {
        answer = badRequest({}, [INVALID_PAYLOAD]);
      } else {
        answer = this.route(entry);
      }

      const lost = this.lostAnswers.findIndex((l) => l.method === entry.method && l.path.test(entry.path));
      if (lost >= 0) {
        this.lostAnswers.splice(lost, 1);
        request.socket.destroy();
        return;
      }
      const headers: Record<string, string> = { ...answer.headers };
      if (answer.body !== undefined) headers['Content-Type'] = 'application/json;charset=UTF-8';
      response.writeHead(answer.status, headers);
      response.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
    });
  }

  private route(r: JiraStubRequest): HttpAnswer {
    const path = r.path.replace(/\/+$/, '');
    if (path === '/rest/api/3/issue' && r.method === 'POST') return this.createIssue(r.body);
    if (path === '/rest/api/3/search/jql' && r.method === 'POST') return this.search(r.body);
    const match = /^\/rest\/api\/3\/issue\/([^/]+)(?:\/(comment|transitions))?$/.exec(path);
    if (match) {
      const issue = this.findIssue(decodeURIComponent(match[1]));
      if (!issue) return notFound();
      const sub = match[2];
      if (sub === undefined && r.method === 'GET') return this.getIssue(issue, r.query);
      if (sub === undefined && r.method === 'PUT') return this.editIssue(issue, r.body);
      if (sub === 'comment' && r.method === 'GET') return this.listComments(issue, r.query);
      if (sub === 'comment' && r.method === 'POST') return this.addComment(issue, r.body);
      if (sub === 'transitions' && r.method === 'GET') return this.listTransitions(issue);
      if (sub === 'transitions' && r.method === 'POST') return this.transition(issue, r.body);
      return new HttpAnswer(405, { errorMessages: [`Method ${r.method} is not allowed here.`], errors: {} });
    }
    return notFound(`No resource at ${r.method} ${r.path}.`);
  }

  private findIssue(keyOrId: string): JiraStubIssue | undefined {
    return this.issuesByKey.get(keyOrId) ?? this.issues().find((issue) => issue.id === keyOrId);
  }

  private self(path: string): string {
    return `${this.baseUrlValue}${path}`;
  }

  // --- issues ---------------------------------------------------------------------------------------------

  private checkFields(fields: Record<string, unknown>, creating: boolean): Record<string, string> {
    const errors: Record<string, string> = {};
    const settable = ['project', 'issuetype', 'summary', 'description', 'labels', 'priority', 'assignee'];
    for (const field of Object.keys(fields)) {
      if (!settable.includes(field) || (!creating && (field === 'project' || field === 'issuetype'))) {
        errors[field] = `Field '${field}' cannot be set. It is not on the appropriate screen, or unknown.`;
      }
    }
    if (creating) {
      const project = fields.project as { key?: unknown } | undefined;
      if (project?.key !== this.projectKey) errors.project = 'Specify a valid project ID or key';
      const issueType = fields.issuetype as { name?: unknown } | undefined;
      if (issueType === undefined) errors.issuetype = 'Specify an issue type';
      else if (typeof issueType.name !== 'string' || !this.issueTypes.includes(issueType.name)) {
        errors.issuetype = 'Specify a valid issue type';
      }
    }
    if (creating || 'summary' in fields) {
      const summary = fields.summary;
      if (typeof summary !== 'string' || summary.trim().length === 0) {
        errors.summary = 'You must specify a summary of the issue.';
      } else if (summary.length > 255) errors.summary = 'Summary must be less than 255 characters.';
    }
    if (fields.description !== undefined && fields.description !== null) {
      if (!isAdfDocument(fields.description)) {
        errors.description = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
      } else if (JSON.stringify(fields.description).length > 32_767) {
        // Jira's limit applies to the stored document, i.e. its JSON.
        errors.description = 'The entered text is too long. It exceeds the allowed limit of 32,767 characters.';
      }
    }
    if (fields.labels !== undefined) {
      const labels: unknown = fields.labels;
      if (!Array.isArray(labels) || !labels.every((label): label is string => typeof label === 'string')) {
        errors.labels = 'Labels must be a list of strings.';
      } else {
        const bad = labels.find((label) => /\s/.test(label) || label.length === 0);
        if (bad !== undefined) errors.labels = `The label '${bad}' contains spaces which is invalid.`;
        if (labels.some((label) => label.length > 255)) errors.labels = 'The label must not exceed 255 characters.';
      }
    }
    if (fields.priority !== undefined) {
      const priority: unknown = fields.priority;
      const name =
        priority !== null && typeof priority === 'object' ? (priority as { name?: unknown }).name : undefined;
      if (typeof name !== 'string' || !this.priorities.includes(name)) {
        errors.priority = `Specify the Priority (id or name) of an existing priority; '${String(name)}' is not one`;
      }
    }
    if (fields.assignee !== undefined && fields.assignee !== null) {
      const accountId = (fields.assignee as { accountId?: unknown }).accountId;
      if (typeof accountId !== 'string' || accountId.length === 0) errors.assignee = 'Specify a valid accountId';
    }
    return errors;
  }

  private createIssue(body: unknown): HttpAnswer {
    const fields = (body as { fields?: unknown } | undefined)?.fields;
    if (fields === null || typeof fields !== 'object') return badRequest({}, ['No fields were given.']);
    const f = fields as Record<string, unknown>;
    const errors = this.checkFields(f, true);
    if (Object.keys(errors).length > 0) return badRequest(errors);
    const key = `${this.projectKey}-${this.nextIssueNumber}`;
    const id = String(10000 + this.nextIssueNumber);
    this.nextIssueNumber += 1;
    const initial = this.statuses[0];
    this.issuesByKey.set(key, {
      id,
      key,
      fields: {
        project: { key: this.projectKey },
        issuetype: { name: (f.issuetype as { name: string }).name },
        summary: f.summary as string,
        description: f.description ?? null,
        labels: [...new Set((f.labels as string[] | undefined) ?? [])],
        priority: f.priority ? { name: (f.priority as { name: string }).name } : { name: 'Medium' },
        assignee: f.assignee ? { accountId: (f.assignee as { accountId: string }).accountId } : null,
        status: { name: initial.name, category: initial.category },
      },
      comments: [],
    });
    return new HttpAnswer(201, { id, key, self: this.self(`/rest/api/3/issue/${id}`) });
  }

  private issueFields(issue: JiraStubIssue, wanted: string[] | null): Record<string, unknown> {
    const all: Record<string, unknown> = {
      project: issue.fields.project,
      issuetype: issue.fields.issuetype,
      summary: issue.fields.summary,
      description: issue.fields.description,
      labels: issue.fields.labels,
      priority: issue.fields.priority,
      assignee: issue.fields.assignee,
      status: {
        name: issue.fields.status.name,
        statusCategory: { key: issue.fields.status.category },
      },
    };
    if (wanted === null || wanted.includes('*all')) return all;
    return Object.fromEntries(Object.entries(all).filter(([name]) => wanted.includes(name)));
  }

  private getIssue(issue: JiraStubIssue, query: URLSearchParams): HttpAnswer {
    const fields = query.get('fields');
    return new HttpAnswer(200, {
      id: issue.id,
      key: issue.key,
      self: this.self(`/rest/api/3/issue/${issue.id}`),
      fields: this.issueFields(issue, fields === null ? null : fields.split(',').map((name) => name.trim())),
    });
  }

  private editIssue(issue: JiraStubIssue, body: unknown): HttpAnswer {
    const fields = (body as { fields?: unknown } | undefined)?.fields;
    if (fields === null || typeof fields !== 'object') return badRequest({}, [INVALID_PAYLOAD]);
    const f = fields as Record<string, unknown>;
    const errors = this.checkFields(f, false);
    if (Object.keys(errors).length > 0) return badRequest(errors);
    if (typeof f.summary === 'string') issue.fields.summary = f.summary;
    if (f.description !== undefined) issue.fields.description = f.description;
    if (Array.isArray(f.labels)) issue.fields.labels = [...new Set(f.labels as string[])];
    if (f.priority !== undefined) issue.fields.priority = { name: (f.priority as { name: string }).name };
    if (f.assignee !== undefined) {
      issue.fields.assignee =
        f.assignee === null ? null : { accountId: (f.assignee as { accountId: string }).accountId };
    }
    return new HttpAnswer(204);
  }

  // --- comments -------------------------------------------------------------------------------------------

  private commentJson(issue: JiraStubIssue, comment: JiraStubComment): Record<string, unknown> {
    return {
      self: this.self(`/rest/api/3/issue/${issue.id}/comment/${comment.id}`),
      id: comment.id,
      author: { accountId: 'stub-account', displayName: 'Vigil' },
      body: comment.body,
      created: comment.created,
      updated: comment.created,
      jsdPublic: true,
    };
  }

  private listComments(issue: JiraStubIssue, query: URLSearchParams): HttpAnswer {
    const startAt = Number(query.get('startAt') ?? '0');
    const maxResults = Number(query.get('maxResults') ?? '5000');
    const orderBy = query.get('orderBy') ?? 'created';
    if (!Number.isInteger(startAt) || startAt < 0 || !Number.isInteger(maxResults) || maxResults < 0) {
      return badRequest({}, ['startAt and maxResults must be non-negative whole numbers.']);
    }
    if (!['created', '+created', '-created'].includes(orderBy)) {
      return badRequest({}, [`Invalid orderBy value '${orderBy}'.`]);
    }
    // Comments are kept in creation order; ids grow with it, so a tie in `created` still sorts right.
    const ordered = orderBy === '-created' ? [...issue.comments].reverse() : issue.comments;
    return new HttpAnswer(200, {
      startAt,
      maxResults,
      total: issue.comments.length,
      comments: ordered.slice(startAt, startAt + maxResults).map((comment) => this.commentJson(issue, comment)),
    });
  }

  private addComment(issue: JiraStubIssue, body: unknown): HttpAnswer {
    const document = (body as { body?: unknown } | undefined)?.body;
    if (document === undefined || document === null) return badRequest({ comment: 'Comment body can not be empty!' });
    if (!isAdfDocument(document)) {
      return badRequest({
        comment: 'Operation value must be an Atlassian Document (see the Atlassian Document Format)',
      });
    }
    const comment: JiraStubComment = {
      id: String(this.nextCommentId++),
      body: document,
      created: new Date().toISOString(),
    };
    issue.comments.push(comment);
    return new HttpAnswer(201, this.commentJson(issue, comment));
  }

  // --- transitions ----------------------------------------------------------------------------------------

  private available(issue: JiraStubIssue): { id: string; name: string; to: string }[] {
    return this.transitions.filter((t) => t.to !== issue.fields.status.name);
  }

  private listTransitions(issue: JiraStubIssue): HttpAnswer {
    return new HttpAnswer(200, {
      expand: 'transitions',
      transitions: this.available(issue).map((t) => {
        const status = this.statuses.find((s) => s.name === t.to);
        const statusId = String(1 + this.statuses.findIndex((s) => s.name === t.to));
        return {
          id: t.id,
          name: t.name,
          to: {
            self: this.self(`/rest/api/3/status/${statusId}`),
            id: statusId,
            name: t.to,
            statusCategory: { key: status?.category ?? 'indeterminate' },
          },
          hasScreen: false,
          isGlobal: true,
          isInitial: false,
          isAvailable: true,
          isConditional: false,
          isLooped: false,
        };
      }),
    });
  }

  private transition(issue: JiraStubIssue, body: unknown): HttpAnswer {
    const raw = (body as { transition?: { id?: unknown } } | undefined)?.transition?.id;
    if (typeof raw !== 'string' && typeof raw !== 'number') {
      return badRequest({}, ["Missing 'transition' identifier"]);
    }
    const id = String(raw);
    const chosen = this.available(issue).find((t) => t.id === id);
    if (!chosen) return badRequest({}, [`Transition id '${id}' is not valid for this issue.`]);
    const status = this.statuses.find((s) => s.name === chosen.to);
    issue.fields.status = { name: chosen.to, category: status?.category ?? 'indeterminate' };
    return new HttpAnswer(204);
  }

  // --- search ---------------------------------------------------------------------------------------------

  /** A small part of JQL: `field = value` clauses joined by AND, on project, key, labels and status. */
  private search(body: unknown): HttpAnswer {
    if (body === null || typeof body !== 'object') return badRequest({}, [INVALID_PAYLOAD]);
    const allowed = [
      'jql',
      'fields',
      'maxResults',
      'nextPageToken',
      'expand',
      'properties',
      'fieldsByKeys',
      'reconcileIssues',
    ];
    const request = body as { jql?: unknown; fields?: unknown; maxResults?: unknown };
    if (Object.keys(request).some((name) => !allowed.includes(name))) return badRequest({}, [INVALID_PAYLOAD]);
    if (typeof request.jql !== 'string' || request.jql.trim().length === 0) {
      return badRequest({}, [
        'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
      ]);
    }
    const clauses: { field: string; value: string }[] = [];
    for (const clause of request.jql.trim().split(/\s+AND\s+/i)) {
      const m = /^(project|key|labels|status)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([A-Za-z0-9_.-]+))$/i.exec(clause.trim());
      if (!m) return badRequest({}, [`Error in the JQL Query: the stub cannot read '${clause}'.`]);
      clauses.push({ field: m[1].toLowerCase(), value: m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3] });
    }
    const hits = this.issues().filter((issue) =>
      clauses.every(({ field, value }) => {
        switch (field) {
          case 'project':
            return issue.fields.project.key === value;
          case 'key':
            return issue.key === value;
          case 'labels':
            return issue.fields.labels.includes(value);
          default:
            return issue.fields.status.name.toLowerCase() === value.toLowerCase();
        }
      }),
    );
    const max = typeof request.maxResults === 'number' ? request.maxResults : 50;
    const wanted = Array.isArray(request.fields) ? (request.fields as string[]) : ['id'];
    return new HttpAnswer(200, {
      issues: hits.slice(0, max).map((issue) => ({
        id: issue.id,
        key: issue.key,
        self: this.self(`/rest/api/3/issue/${issue.id}`),
        fields: this.issueFields(issue, wanted),
      })),
      isLast: hits.length <= max,
    });
  }
}
