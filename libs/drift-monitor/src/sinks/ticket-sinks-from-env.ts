/*
 * Which ticket sinks this process delivers to, read from the environment (docs/ticket-sinks.md). The caller passes
 * the environment in (the app's config layer owns process.env). Every problem is collected and reported at once,
 * each naming its variable, so a misconfigured start fails with the whole list rather than one error per attempt.
 */
import { JiraTicketSink, type JiraAuth, type JiraSinkConfig } from './jira-sink';
import { type TicketSeverity, type TicketSink } from './ticket-sink';
import { WEBHOOK_SECRET_MIN_LENGTH, WebhookTicketSink } from './webhook-sink';

const SEVERITIES: readonly TicketSeverity[] = ['low', 'medium', 'high', 'critical'];

function value(env: Record<string, string | undefined>, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw.length === 0 ? undefined : raw;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** `a=b,c=d` into pairs; undefined (with a problem recorded) when an entry has no `=`. */
function pairs(text: string, name: string, problems: string[]): [string, string][] | undefined {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  const result: [string, string][] = [];
  for (const entry of entries) {
    const at = entry.lastIndexOf('=');
    if (at <= 0 || at === entry.length - 1) {
      problems.push(`${name}: "${entry}" is not of the form key=value`);
      return undefined;
    }
    result.push([entry.slice(0, at).trim(), entry.slice(at + 1).trim()]);
  }
  return result;
}

export function ticketSinksFromEnv(env: Record<string, string | undefined>): TicketSink[] {
  const problems: string[] = [];
  const sinks: (() => TicketSink)[] = [];

  // --- webhook ---
  const webhookUrl = value(env, 'VIGIL_TICKET_WEBHOOK_URL');
  const webhookSecret = value(env, 'VIGIL_TICKET_WEBHOOK_SECRET');
  if (webhookUrl !== undefined || webhookSecret !== undefined) {
    if (webhookUrl === undefined) {
      problems.push('VIGIL_TICKET_WEBHOOK_URL is required when VIGIL_TICKET_WEBHOOK_SECRET is set');
    } else if (!isHttpUrl(webhookUrl)) {
      problems.push('VIGIL_TICKET_WEBHOOK_URL must be an absolute http or https URL');
    }
    if (webhookSecret === undefined) {
      problems.push(
        `VIGIL_TICKET_WEBHOOK_SECRET is required when VIGIL_TICKET_WEBHOOK_URL is set (the HMAC key, at least ${WEBHOOK_SECRET_MIN_LENGTH} characters)`,
      );
    } else if (webhookSecret.length < WEBHOOK_SECRET_MIN_LENGTH) {
      problems.push(
        `VIGIL_TICKET_WEBHOOK_SECRET must be at least ${WEBHOOK_SECRET_MIN_LENGTH} characters (it has ${webhookSecret.length}); e.g. openssl rand -hex 32`,
      );
    }
    if (webhookUrl !== undefined && webhookSecret !== undefined) {
      sinks.push(() => new WebhookTicketSink({ url: webhookUrl, secret: webhookSecret }));
    }
  }

  // --- Jira ---
  const jiraNames = [
    'VIGIL_JIRA_BASE_URL',
    'VIGIL_JIRA_PROJECT',
    'VIGIL_JIRA_EMAIL',
    'VIGIL_JIRA_API_TOKEN',
    'VIGIL_JIRA_ISSUE_TYPE',
    'VIGIL_JIRA_CLOSE_TRANSITION',
    'VIGIL_JIRA_PRIORITIES',
    'VIGIL_JIRA_ASSIGNEES',
  ];
  const setJira = jiraNames.filter((name) => value(env, name) !== undefined);
  if (setJira.length > 0) {
    const baseUrl = value(env, 'VIGIL_JIRA_BASE_URL');
    const project = value(env, 'VIGIL_JIRA_PROJECT');
    const email = value(env, 'VIGIL_JIRA_EMAIL');
    const apiToken = value(env, 'VIGIL_JIRA_API_TOKEN');
    if (baseUrl === undefined)
      problems.push(
        `VIGIL_JIRA_BASE_URL is missing (required because ${setJira.join(', ')} ${setJira.length === 1 ? 'is' : 'are'} set)`,
      );
    else if (!isHttpUrl(baseUrl)) problems.push('VIGIL_JIRA_BASE_URL must be an absolute http or https URL');
    if (project === undefined)
      problems.push('VIGIL_JIRA_PROJECT is missing (the key of the project issues are created in)');
    else if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(project)) {
      problems.push('VIGIL_JIRA_PROJECT must be a project key (letters, digits and _, starting with a letter)');
    }
    if (apiToken === undefined) {
      problems.push(
        email === undefined
          ? 'VIGIL_JIRA_API_TOKEN is missing (an API token with VIGIL_JIRA_EMAIL, or a bearer token alone)'
          : 'VIGIL_JIRA_API_TOKEN is missing (required with VIGIL_JIRA_EMAIL)',
      );
    }

    let priorityBySeverity: Partial<Record<TicketSeverity, string>> | undefined;
    const priorities = value(env, 'VIGIL_JIRA_PRIORITIES');
    if (priorities !== undefined) {
      const entries = pairs(priorities, 'VIGIL_JIRA_PRIORITIES', problems);
      if (entries !== undefined) {
        priorityBySeverity = {};
        for (const [severity, name] of entries) {
          if (!SEVERITIES.includes(severity as TicketSeverity)) {
            problems.push(`VIGIL_JIRA_PRIORITIES: "${severity}" is not a severity (${SEVERITIES.join(', ')})`);
          } else priorityBySeverity[severity as TicketSeverity] = name;
        }
      }
    }
    let assigneeAccountIdByOwner: Record<string, string> | undefined;
    const assignees = value(env, 'VIGIL_JIRA_ASSIGNEES');
    if (assignees !== undefined) {
      const entries = pairs(assignees, 'VIGIL_JIRA_ASSIGNEES', problems);
      if (entries !== undefined) assigneeAccountIdByOwner = Object.fromEntries(entries);
    }

    if (baseUrl !== undefined && project !== undefined && apiToken !== undefined) {
      const auth: JiraAuth =
        email === undefined ? { kind: 'bearer', token: apiToken } : { kind: 'basic', email, apiToken };
      const config: JiraSinkConfig = {
        baseUrl,
        projectKey: project,
        auth,
        issueType: value(env, 'VIGIL_JIRA_ISSUE_TYPE'),
        closeTransition: value(env, 'VIGIL_JIRA_CLOSE_TRANSITION'),
        priorityBySeverity,
        assigneeAccountIdByOwner,
      };
      sinks.push(() => new JiraTicketSink(config));
    }
  }

  if (problems.length > 0) {
    throw new Error(`ticket sink configuration is invalid: ${problems.join('; ')}`);
  }
  return sinks.map((make) => make());
}
