/*
 * The Jira sink: mirrors a governance ticket into one Jira Cloud issue through REST API v3 — created when the
 * ticket opens, commented on each later event, transitioned when it closes (docs/ticket-sinks.md).
 *
 * Every step can be repeated safely, because the outbox retries a delivery whose answer was lost:
 * - the issue carries the label `vigil-ticket-<ticket uuid>` and is searched for before it is created;
 * - each comment ends with a line naming the delivery id, and the latest comments are read before posting;
 * - closing an issue that is already in a done status is a success.
 */
import {
  adfPlainText,
  deliveryMarker,
  jiraComment,
  jiraIssueDescription,
  jiraIssueSummary,
  jiraLabel,
  ticketReference,
} from './jira-document';
import {
  bodyExcerpt,
  DEFAULT_SINK_TIMEOUT_MS,
  isRetryableStatus,
  originOf,
  parseRetryAfter,
  sendRequest,
  type SinkHttpResponse,
} from './sink-http';
import {
  type TicketDeliveryResult,
  type TicketNotification,
  type TicketSeverity,
  type TicketSink,
  TicketSinkRetryableError,
} from './ticket-sink';
import { TicketSinkPermanentError } from './ticket-sink-permanent.error';

/** Jira Cloud: an Atlassian account e-mail with an API token (Basic). Otherwise a bearer token (PAT, OAuth). */
export type JiraAuth = { kind: 'basic'; email: string; apiToken: string } | { kind: 'bearer'; token: string };

export interface JiraSinkConfig {
  /** The site, e.g. https://example.atlassian.net (no /rest suffix). */
  baseUrl: string;
  projectKey: string;
  /** Default "Task". */
  issueType?: string;
  auth: JiraAuth;
  /** The transition (or its target status) that closes an issue, matched case-insensitively; default "Done". */
  closeTransition?: string;
  /** Jira priority names by ticket severity; severities left out leave the priority to Jira's default. */
  priorityBySeverity?: Partial<Record<TicketSeverity, string>>;
  /** Owner address → Atlassian account id; an owner not listed leaves the issue unassigned, named in its text. */
  assigneeAccountIdByOwner?: Record<string, string>;
  /** Deadline per HTTP request; default 10 s. */
  timeoutMs?: number;
  now?: () => Date;
}

/** How many of the latest comments are read for a delivery's marker: a retry follows its first try closely. */
const RECENT_COMMENTS = 50;

const SEVERITY_ORDER: readonly TicketSeverity[] = ['low', 'medium', 'high', 'critical'];

export function jiraTicketLabel(ticketId: string): string {
  return jiraLabel(`vigil-ticket-${ticketId}`);
}

interface JiraTransition {
  id: string;
  name: string;
  to?: { name?: string };
}

function jqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export class JiraTicketSink implements TicketSink {
  readonly name = 'jira';
  private readonly baseUrl: string;
  private readonly projectKey: string;
  private readonly issueType: string;
  private readonly closeTransition: string;
  private readonly priorityBySeverity: Partial<Record<TicketSeverity, string>>;
  private readonly assignees: ReadonlyMap<string, string>;
  private readonly timeoutMs: number;
  private readonly now: () => Date;
  private readonly authorization: string;
  private readonly secrets: string[];
  private readonly remote: string;

  constructor(config: JiraSinkConfig) {
    let parsed: URL;
    try {
      parsed = new URL(config.baseUrl);
    } catch {
      throw new Error('the Jira base URL is not a valid absolute URL');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new Error('the Jira base URL must be http or https');
    }
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(config.projectKey)) {
      throw new Error(
        `"${config.projectKey}" is not a Jira project key (letters, digits and _, starting with a letter)`,
      );
    }
    const issueType = (config.issueType ?? 'Task').trim();
    const closeTransition = (config.closeTransition ?? 'Done').trim();
    if (issueType.length === 0) throw new Error('the Jira issue type must not be empty');
    if (closeTransition.length === 0) throw new Error('the Jira close transition must not be empty');
    if (config.timeoutMs !== undefined && !(Number.isInteger(config.timeoutMs) && config.timeoutMs > 0)) {
      throw new Error('the Jira timeout must be a positive whole number of milliseconds');
    }
    if (config.auth.kind === 'basic') {
      if (config.auth.email.trim().length === 0 || config.auth.apiToken.length === 0) {
        throw new Error('Jira basic authentication needs both an e-mail and an API token');
      }
      this.authorization = `Basic ${Buffer.from(`${config.auth.email}:${config.auth.apiToken}`).toString('base64')}`;
      this.secrets = [config.auth.apiToken];
    } else {
      if (config.auth.token.length === 0) throw new Error('the Jira bearer token must not be empty');
      this.authorization = `Bearer ${config.auth.token}`;
      this.secrets = [config.auth.token];
    }
    this.baseUrl = parsed.toString().replace(/\/+$/, '');
    this.projectKey = config.projectKey;
    this.issueType = issueType;
    this.closeTransition = closeTransition;
    this.priorityBySeverity = { ...config.priorityBySeverity };
    this.assignees = new Map(Object.entries(config.assigneeAccountIdByOwner ?? {}));
    this.timeoutMs = config.timeoutMs ?? DEFAULT_SINK_TIMEOUT_MS;
    this.now = config.now ?? (() => new Date());
    this.remote = `Jira at ${originOf(this.baseUrl)}`;
  }

  async deliver(n: TicketNotification): Promise<TicketDeliveryResult> {
    const known = n.ticket.externalRef;
    // An event for a ticket whose issue was never created (its `opened` delivery failed for good, or this sink
    // was configured later) creates the issue first, so the action has something to land on.
    const key = known ?? (await this.findOrCreateIssue(n));
    switch (n.kind) {
      case 'opened':
        break;
      case 'updated':
      case 'acknowledged':
        await this.addComment(key, n);
        break;
      case 'escalated':
        await this.addComment(key, n);
        await this.raisePriority(key, n);
        break;
      case 'closed':
        await this.addComment(key, n);
        await this.closeIssue(key, n);
        break;
    }
    return known === null ? { externalRef: key } : {};
  }

  // --- the steps ------------------------------------------------------------------------------------------

  private async findOrCreateIssue(n: TicketNotification): Promise<string> {
    const label = jiraTicketLabel(n.ticket.id);
    const found = await this.request(
      'POST',
      '/rest/api/3/search/jql',
      {
        jql: `project = ${jqlString(this.projectKey)} AND labels = ${jqlString(label)}`,
        fields: ['summary'],
        maxResults: 1,
      },
      `the search for ${ticketReference(n.ticket)}'s issue`,
    );
    const existing = (parseJson(found.text) as { issues?: { key?: unknown }[] } | undefined)?.issues?.[0]?.key;
    if (typeof existing === 'string') return existing;

    const ticket = n.ticket;
    const accountId = this.assignees.get(ticket.owner);
    const priority = this.priorityBySeverity[ticket.severity];
    const fields: Record<string, unknown> = {
      project: { key: this.projectKey },
      issuetype: { name: this.issueType },
      summary: jiraIssueSummary(ticket.title),
      description: jiraIssueDescription(ticket, accountId !== undefined),
      labels: ['vigil', jiraLabel(`vigil-${ticket.signal}`), jiraLabel(`vigil-site-${ticket.site}`), label],
    };
    if (priority !== undefined) fields.priority = { name: priority };
    if (accountId !== undefined) fields.assignee = { accountId };
    const created = await this.request(
      'POST',
      '/rest/api/3/issue',
      { fields },
      `creating the issue for ${ticketReference(ticket)}`,
    );
    const key = (parseJson(created.text) as { key?: unknown } | undefined)?.key;
    if (typeof key !== 'string' || key.length === 0) {
      // The issue may well exist now; a retry finds it by its label instead of creating another.
      throw new TicketSinkRetryableError(
        `${this.remote} answered ${created.status} to creating the issue for ${ticketReference(ticket)} without an issue key`,
      );
    }
    return key;
  }

  private async addComment(key: string, n: TicketNotification): Promise<void> {
    const issuePath = `/rest/api/3/issue/${encodeURIComponent(key)}`;
    const recent = await this.request(
      'GET',
      `${issuePath}/comment?orderBy=-created&maxResults=${RECENT_COMMENTS}`,
      undefined,
      `reading the comments of ${key}`,
    );
    const marker = deliveryMarker(n);
    const comments = (parseJson(recent.text) as { comments?: { body?: unknown }[] } | undefined)?.comments ?? [];
    if (comments.some((comment) => adfPlainText(comment.body).includes(marker))) return;
    await this.request('POST', `${issuePath}/comment`, { body: jiraComment(n) }, `commenting on ${key}`);
  }

  /** An escalation moves the issue one severity step up, if a priority is mapped for that step. */
  private async raisePriority(key: string, n: TicketNotification): Promise<void> {
    const step = Math.min(SEVERITY_ORDER.indexOf(n.ticket.severity) + 1, SEVERITY_ORDER.length - 1);
    const priority = this.priorityBySeverity[SEVERITY_ORDER[step]];
    if (priority === undefined) return;
    await this.request(
      'PUT',
      `/rest/api/3/issue/${encodeURIComponent(key)}`,
      { fields: { priority: { name: priority } } },
      `raising the priority of ${key}`,
    );
  }

  private async closeIssue(key: string, n: TicketNotification): Promise<void> {
    const issuePath = `/rest/api/3/issue/${encodeURIComponent(key)}`;
    const answer = await this.request(
      'GET',
      `${issuePath}/transitions`,
      undefined,
      `reading the transitions of ${key}`,
    );
    const transitions =
      (parseJson(answer.text) as { transitions?: JiraTransition[] } | undefined)?.transitions?.filter(
        (t) => typeof t.id === 'string' && typeof t.name === 'string',
      ) ?? [];
    const wanted = this.closeTransition.toLowerCase();
    const match =
      transitions.find((t) => t.name.toLowerCase() === wanted) ??
      transitions.find((t) => t.to?.name?.toLowerCase() === wanted);
    if (match !== undefined) {
      await this.request(
        'POST',
        `${issuePath}/transitions`,
        { transition: { id: match.id } },
        `transitioning ${key} with "${match.name}"`,
      );
      return;
    }
    // No way there from here: fine if the issue is already closed (a retried close), a mistake otherwise.
    const issue = await this.request('GET', `${issuePath}?fields=status`, undefined, `reading the status of ${key}`);
    const status = (
      parseJson(issue.text) as
        { fields?: { status?: { name?: string; statusCategory?: { key?: string } } } } | undefined
    )?.fields?.status;
    if (status?.name?.toLowerCase() === wanted || status?.statusCategory?.key === 'done') return;
    const names = transitions.map((t) => (t.to?.name ? `"${t.name}" (to ${t.to.name})` : `"${t.name}"`));
    throw new TicketSinkPermanentError(
      `${this.remote} offers no transition named "${this.closeTransition}" for ${key} (${ticketReference(n.ticket)}), ` +
        `which is in status "${status?.name ?? 'unknown'}"; available: ${names.length > 0 ? names.join(', ') : 'none'}. ` +
        'Set the close transition (VIGIL_JIRA_CLOSE_TRANSITION) to one of them.',
    );
  }

  // --- HTTP -----------------------------------------------------------------------------------------------

  private async request(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body: unknown,
    what: string,
  ): Promise<SinkHttpResponse> {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: this.authorization,
      'User-Agent': 'vigil-ticket-jira/1',
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await sendRequest(
      `${this.baseUrl}${path}`,
      { method, headers, body: body === undefined ? undefined : JSON.stringify(body) },
      this.timeoutMs,
      this.remote,
    );
    const { status } = response;
    if (status >= 200 && status < 300) return response;

    const said = this.jiraErrorText(response.text);
    const answered = `${this.remote} answered ${status} to ${what}${said ? `: ${said}` : ''}`;
    if (isRetryableStatus(status)) {
      throw new TicketSinkRetryableError(answered, parseRetryAfter(response.headers.get('retry-after'), this.now()));
    }
    if (status === 401 || status === 403) {
      throw new TicketSinkPermanentError(
        `${answered}. Check the Jira credentials (VIGIL_JIRA_EMAIL with VIGIL_JIRA_API_TOKEN, or a bearer token ` +
          `without an e-mail) and that the account may browse, create, comment on and transition issues in ` +
          `project ${this.projectKey}.`,
        status,
      );
    }
    if (status === 404) {
      throw new TicketSinkPermanentError(
        `${answered}. The issue or project does not exist, or the account cannot see it.`,
        status,
      );
    }
    throw new TicketSinkPermanentError(answered, status);
  }

  /** Jira's `{ errorMessages, errors }` as one line; any other body as a short excerpt. */
  private jiraErrorText(text: string): string {
    const parsed = parseJson(text) as { errorMessages?: unknown; errors?: unknown } | undefined;
    const parts: string[] = [];
    if (parsed !== undefined && parsed !== null && typeof parsed === 'object') {
      if (Array.isArray(parsed.errorMessages)) {
        for (const message of parsed.errorMessages) if (typeof message === 'string') parts.push(message);
      }
      if (parsed.errors !== null && typeof parsed.errors === 'object') {
        for (const [field, message] of Object.entries(parsed.errors as Record<string, unknown>)) {
          parts.push(`${field}: ${String(message)}`);
        }
      }
    }
    return bodyExcerpt(parts.length > 0 ? parts.join('; ') : text, this.secrets, 300);
  }
}
