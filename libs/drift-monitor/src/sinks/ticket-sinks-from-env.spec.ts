import { JiraTicketSink } from './jira-sink';
import { buildTicketNotification, JiraStub } from './testing';
import { ticketSinksFromEnv } from './ticket-sinks-from-env';
import { WebhookTicketSink } from './webhook-sink';

const SECRET = 'a'.repeat(32);

describe('ticketSinksFromEnv', () => {
  it('configures nothing when no variable is set (empty ones count as unset)', () => {
    expect(ticketSinksFromEnv({})).toEqual([]);
    expect(ticketSinksFromEnv({ VIGIL_TICKET_WEBHOOK_URL: '', VIGIL_JIRA_BASE_URL: '  ' })).toEqual([]);
  });

  it('configures the webhook and Jira sinks', () => {
    const sinks = ticketSinksFromEnv({
      VIGIL_TICKET_WEBHOOK_URL: 'https://hooks.hospital.example/vigil',
      VIGIL_TICKET_WEBHOOK_SECRET: SECRET,
      VIGIL_JIRA_BASE_URL: 'https://hospital.atlassian.net',
      VIGIL_JIRA_PROJECT: 'MLOPS',
      VIGIL_JIRA_EMAIL: 'vigil-bot@hospital.example',
      VIGIL_JIRA_API_TOKEN: 'token',
      VIGIL_JIRA_ISSUE_TYPE: 'Bug',
      VIGIL_JIRA_CLOSE_TRANSITION: 'Resolve',
      VIGIL_JIRA_PRIORITIES: 'high=High, critical=Highest',
      VIGIL_JIRA_ASSIGNEES: 'ml-oncall@hospital.example=5b10ac8d82e05b22cc7d4ef5',
    });
    expect(sinks.map((s) => s.name)).toEqual(['webhook', 'jira']);
    expect(sinks[0]).toBeInstanceOf(WebhookTicketSink);
    expect(sinks[1]).toBeInstanceOf(JiraTicketSink);
  });

  it('names the missing companion variable', () => {
    expect(() => ticketSinksFromEnv({ VIGIL_TICKET_WEBHOOK_URL: 'https://h.example/x' })).toThrow(
      /VIGIL_TICKET_WEBHOOK_SECRET is required/,
    );
    expect(() => ticketSinksFromEnv({ VIGIL_TICKET_WEBHOOK_SECRET: SECRET })).toThrow(
      /VIGIL_TICKET_WEBHOOK_URL is required/,
    );
    expect(() => ticketSinksFromEnv({ VIGIL_JIRA_PROJECT: 'MLOPS', VIGIL_JIRA_API_TOKEN: 't' })).toThrow(
      /VIGIL_JIRA_BASE_URL is missing/,
    );
    expect(() =>
      ticketSinksFromEnv({ VIGIL_JIRA_BASE_URL: 'https://x.atlassian.net', VIGIL_JIRA_API_TOKEN: 't' }),
    ).toThrow(/VIGIL_JIRA_PROJECT is missing/);
    expect(() =>
      ticketSinksFromEnv({
        VIGIL_JIRA_BASE_URL: 'https://x.atlassian.net',
        VIGIL_JIRA_PROJECT: 'MLOPS',
        VIGIL_JIRA_EMAIL: 'bot@x',
      }),
    ).toThrow(/VIGIL_JIRA_API_TOKEN is missing \(required with VIGIL_JIRA_EMAIL\)/);
  });

  it('refuses a short webhook secret without printing it, and lists every problem at once', () => {
    const short = 'short-secret-value';
    let message = '';
    try {
      ticketSinksFromEnv({
        VIGIL_TICKET_WEBHOOK_URL: 'ftp://h.example/x',
        VIGIL_TICKET_WEBHOOK_SECRET: short,
        VIGIL_JIRA_BASE_URL: 'https://x.atlassian.net',
        VIGIL_JIRA_PRIORITIES: 'urgent=Highest',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('VIGIL_TICKET_WEBHOOK_URL must be an absolute http or https URL');
    expect(message).toContain('VIGIL_TICKET_WEBHOOK_SECRET must be at least 32 characters (it has 18)');
    expect(message).toContain('VIGIL_JIRA_PROJECT is missing');
    expect(message).toContain('VIGIL_JIRA_API_TOKEN is missing');
    expect(message).toContain('VIGIL_JIRA_PRIORITIES: "urgent" is not a severity');
    expect(message).not.toContain(short);
  });

  it('uses a bearer token when no e-mail is given', async () => {
    const stub = await JiraStub.start({ auth: { bearerToken: 'pat-from-env' } });
    try {
      const [jira] = ticketSinksFromEnv({
        VIGIL_JIRA_BASE_URL: stub.baseUrl,
        VIGIL_JIRA_PROJECT: 'VGL',
        VIGIL_JIRA_API_TOKEN: 'pat-from-env',
      });
      await expect(jira.deliver(buildTicketNotification())).resolves.toEqual({ externalRef: 'VGL-1' });
      expect(stub.requests[0].authorization).toBe('Bearer pat-from-env');
    } finally {
      await stub.stop();
    }
  });
});
