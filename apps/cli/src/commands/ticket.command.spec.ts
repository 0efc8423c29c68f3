import { type GovernanceTicket, type GovernanceTicketSummary } from '@vigil/contracts';
import { captureCli, type CapturedRun } from '../testing/capture-cli';
import { StubRegistry } from '../testing/stub-registry';
import { parseTicketId } from './ticket.command';

const TOKEN = 'vgl_TestSecretToken123';

function summary(overrides: Partial<GovernanceTicketSummary> = {}): GovernanceTicketSummary {
  return {
    id: 'VGL-12',
    number: 12,
    title: 'sepsis-risk@4 at site-a: input_psi crossed 0.25',
    status: 'open',
    severity: 'high',
    owner: 'dr.rivera@hospital.org',
    model: 'sepsis-risk',
    version: 4,
    site: 'site-a',
    signal: 'input_psi',
    openedAt: '2026-03-05T02:05:00.000Z',
    updatedAt: '2026-03-06T02:05:00.000Z',
    closedAt: null,
    acknowledgedBy: null,
    acknowledgedAt: null,
    escalatedAt: null,
    escalationTo: null,
    windowCount: 3,
    latestValue: 0.312345,
    ...overrides,
  };
}

const WINDOW = {
  windowStart: '2026-03-04T00:00:00.000Z',
  windowEnd: '2026-03-05T00:00:00.000Z',
  judgement: 'crossed' as const,
  reason: 'above the threshold',
  value: 0.312345,
  ci: null,
  events: 1200,
  labelled: null,
  feedback: null,
  worstFeatures: [{ feature: 'lactate', value: 0.312345 }],
  threshold: 0.25,
  recovery: 0.1,
};

function ticket(overrides: Partial<GovernanceTicket> = {}): GovernanceTicket {
  return {
    ...summary(),
    description:
      'sepsis-risk@4 at site-a: input_psi (PSI of the worst input feature against the reference profile).\n' +
      'Severity high; owner dr.rivera@hospital.org.',
    evidence: {
      measures: 'PSI of the worst input feature against the reference profile',
      direction: 'higher_is_worse',
      threshold: 0.25,
      recovery: 0.1,
      consecutiveWindows: 2,
      recoveryWindows: 3,
      windows: [WINDOW],
    },
    latestWindow: WINDOW,
    policyRevision: 2,
    closeReason: null,
    resolvedBy: null,
    resolutionNote: null,
    links: [{ label: 'model version', url: 'https://vigil.example.org/models/sepsis-risk/versions/4' }],
    externalRefs: { jira: 'CLIN-7' },
    history: [
      { kind: 'opened', at: '2026-03-05T02:05:00.000Z', actor: 'drift-monitor', summary: 'opened', window: WINDOW },
      {
        kind: 'acknowledged',
        at: '2026-03-05T08:30:12.000Z',
        actor: 'dr.rivera',
        summary: 'acknowledged: checking the lab feed',
        window: null,
      },
    ],
    deliveries: [
      {
        sink: 'jira',
        event: 0,
        status: 'delivered',
        attempts: 1,
        error: null,
        finishedAt: '2026-03-05T02:05:03.000Z',
      },
      {
        sink: 'webhook',
        event: 1,
        status: 'failed',
        attempts: 5,
        error: 'HTTP 502 from https://hooks.example.org',
        finishedAt: '2026-03-05T09:00:00.000Z',
      },
    ],
    ...overrides,
  };
}

const stub = StubRegistry.perSuite();

function vigil(args: string[]): Promise<CapturedRun> {
  return captureCli(args, { env: { VIGIL_SERVER: stub.url, VIGIL_TOKEN: TOKEN } });
}

/** The table's rows as arrays of cells (columns are two or more spaces apart). */
function rows(stdout: string): string[][] {
  return stdout
    .trimEnd()
    .split('\n')
    .map((line) => line.split(/ {2,}/));
}

describe('vigil ticket list', () => {
  it('asks for open tickets by default and prints one aligned row per ticket', async () => {
    stub.on('GET /api/v1/tickets', {
      json: {
        items: [
          summary({ acknowledgedBy: 'dr.rivera', acknowledgedAt: '2026-03-05T08:30:00.000Z' }),
          summary({
            id: 'VGL-9',
            number: 9,
            status: 'recovering',
            severity: 'critical',
            site: 'site-b',
            signal: 'auroc_drop',
            escalatedAt: '2026-03-04T00:00:00.000Z',
            escalationTo: 'cmo@hospital.org',
          }),
        ],
        nextCursor: null,
      },
    });
    const run = await vigil(['ticket', 'list']);
    expect(run.code).toBe(0);
    expect(stub.requests).toHaveLength(1);
    expect([...stub.requests[0].query.keys()]).toEqual([]);
    expect(stub.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(rows(run.stdout)).toEqual([
      ['ID', 'STATUS', 'SEVERITY', 'MODEL@V', 'SITE', 'SIGNAL', 'OPENED', 'OWNER', 'ACK'],
      [
        'VGL-12',
        'open',
        'high',
        'sepsis-risk@4',
        'site-a',
        'input_psi',
        '2026-03-05 02:05 UTC',
        'dr.rivera@hospital.org',
        'dr.rivera',
      ],
      [
        'VGL-9',
        'ESCALATED',
        'critical',
        'sepsis-risk@4',
        'site-b',
        'auroc_drop',
        '2026-03-05 02:05 UTC',
        'dr.rivera@hospital.org',
        '-',
      ],
    ]);
    expect(run.stderr).toBe('');
  });

  it('passes every filter to the server and says when more pages exist', async () => {
    stub.on('GET /api/v1/tickets', { json: { items: [summary()], nextCursor: '12' } });
    const run = await vigil([
      'ticket',
      'list',
      '--status',
      'all',
      '--model',
      'sepsis-risk',
      '--site',
      'site-a',
      '--signal',
      'input_psi',
      '--limit',
      '1',
    ]);
    expect(run.code).toBe(0);
    expect(Object.fromEntries(stub.requests[0].query)).toEqual({
      status: 'all',
      model: 'sepsis-risk',
      site: 'site-a',
      signal: 'input_psi',
      limit: '1',
    });
    expect(run.stderr).toBe('vigil: showing the newest 1 tickets; add --all-pages for the rest\n');
  });

  it('--all-pages follows nextCursor and prints every ticket as one JSON page', async () => {
    stub.on('GET /api/v1/tickets', (request) =>
      request.query.get('cursor') === null
        ? { json: { items: [summary()], nextCursor: '12' } }
        : { json: { items: [summary({ id: 'VGL-3', number: 3 })], nextCursor: null } },
    );
    const run = await vigil(['--json', 'ticket', 'list', '--status', 'closed', '--all-pages']);
    expect(run.code).toBe(0);
    expect(stub.requests.map((r) => r.query.toString())).toEqual(['status=closed', 'status=closed&cursor=12']);
    const page = JSON.parse(run.stdout) as { items: GovernanceTicketSummary[]; nextCursor: string | null };
    expect(page.items.map((t) => t.id)).toEqual(['VGL-12', 'VGL-3']);
    expect(page.nextCursor).toBeNull();
  });

  it('says so when nothing matches, and refuses an unknown status or signal before sending anything', async () => {
    stub.on('GET /api/v1/tickets', { json: { items: [], nextCursor: null } });
    expect((await vigil(['ticket', 'list'])).stdout).toBe('no open tickets match\n');
    expect((await vigil(['ticket', 'list', '--status', 'all'])).stdout).toBe('no tickets match\n');
    stub.reset();
    const status = await vigil(['ticket', 'list', '--status', 'pending']);
    expect(status.code).toBe(2);
    expect(status.stderr).toContain('open, closed, all');
    const signal = await vigil(['ticket', 'list', '--signal', 'input-psi']);
    expect(signal.code).toBe(2);
    expect(signal.stderr).toContain('input_psi');
    expect(stub.requests).toHaveLength(0);
  });
});

describe('vigil ticket show', () => {
  it('prints the fields, the description, links, history and deliveries', async () => {
    stub.on('GET /api/v1/tickets/VGL-12', {
      json: ticket({ acknowledgedBy: 'dr.rivera', acknowledgedAt: '2026-03-05T08:30:12.000Z' }),
    });
    const run = await vigil(['ticket', 'show', 'vgl-12']);
    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out.startsWith('VGL-12  sepsis-risk@4 at site-a: input_psi crossed 0.25\n')).toBe(true);
    expect(out).toMatch(/\nstatus +open\n/);
    expect(out).toMatch(/\nacknowledged +dr\.rivera at 2026-03-05 08:30 UTC\n/);
    expect(out).toMatch(/\nescalated +no\n/);
    expect(out).toMatch(/\nwindows +3 recorded, latest value 0\.3123\n/);
    expect(out).toMatch(/\nelsewhere +jira CLIN-7\n/);
    expect(out).toContain(
      '\ndescription:\n  sepsis-risk@4 at site-a: input_psi (PSI of the worst input feature against the reference profile).\n' +
        '  Severity high; owner dr.rivera@hospital.org.\n',
    );
    expect(out).toContain('\nlinks:\n  model version: https://vigil.example.org/models/sepsis-risk/versions/4\n');
    const history = out.slice(out.indexOf('\nhistory:\n') + 10, out.indexOf('\n\ndeliveries:'));
    expect(rows(history).map((cells) => cells.map((c) => c.trim()).filter((c) => c !== ''))).toEqual([
      ['AT', 'EVENT', 'BY', 'SUMMARY'],
      ['2026-03-05 02:05:00 UTC', 'opened', 'drift-monitor', 'opened'],
      ['2026-03-05 08:30:12 UTC', 'acknowledged', 'dr.rivera', 'acknowledged: checking the lab feed'],
    ]);
    const deliveries = out.slice(out.indexOf('\ndeliveries:\n') + 13);
    expect(rows(deliveries).map((cells) => cells.map((c) => c.trim()).filter((c) => c !== ''))).toEqual([
      ['SINK', 'EVENT', 'STATUS', 'ATTEMPTS', 'FINISHED', 'ERROR'],
      ['jira', '#0 opened', 'delivered', '1', '2026-03-05 02:05:03 UTC', '-'],
      [
        'webhook',
        '#1 acknowledged',
        'FAILED',
        '5',
        '2026-03-05 09:00:00 UTC',
        'HTTP 502 from https://hooks.example.org',
      ],
    ]);
  });

  it('shows how a closed ticket was closed, and prints the whole object with --json', async () => {
    const closed = ticket({
      status: 'closed',
      closedAt: '2026-03-08T10:00:00.000Z',
      closeReason: 'resolved_manually',
      resolvedBy: 'dr.chen',
      resolutionNote: 'lab feed units fixed',
      links: [],
      deliveries: [],
    });
    stub.on('GET /api/v1/tickets/VGL-12', { json: closed });
    const human = await vigil(['ticket', 'show', '12']);
    expect(human.stdout).toMatch(
      /\nstatus +closed 2026-03-08 10:00 UTC \(resolved by dr\.chen: lab feed units fixed\)\n/,
    );
    expect(human.stdout).not.toContain('links:');
    expect(human.stdout).toContain('\ndeliveries:\n  none (no outbound sink configured, or nothing sent yet)\n');
    const json = await vigil(['ticket', 'show', 'VGL-12', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(closed);
  });

  it('exits 5 with the server message for an unknown ticket, and 2 for an id that is not one', async () => {
    stub.on('GET /api/v1/tickets/VGL-99', {
      status: 404,
      problem: {
        code: 'ticket_not_found',
        detail: 'There is no governance ticket VGL-99. List them with `vigil ticket list`.',
      },
    });
    const missing = await vigil(['ticket', 'show', 'VGL-99']);
    expect(missing.code).toBe(5);
    expect(missing.stderr).toContain('There is no governance ticket VGL-99');
    const bad = await vigil(['ticket', 'show', 'JIRA-12']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('expected a ticket id such as VGL-12 or 12, got "JIRA-12"');
    expect(stub.requests).toHaveLength(1);
  });
});

describe('vigil ticket ack', () => {
  it('posts the note and says who acknowledged it', async () => {
    stub.on('POST /api/v1/tickets/VGL-12/acknowledge', {
      json: ticket({ acknowledgedBy: 'dr.rivera', acknowledgedAt: '2026-03-05T08:30:00.000Z' }),
    });
    const run = await vigil(['ticket', 'ack', '12', '--note', 'checking the lab feed']);
    expect(run.code).toBe(0);
    expect(JSON.parse(stub.requests[0].body.toString())).toEqual({ note: 'checking the lab feed' });
    expect(stub.requests[0].headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(run.stdout).toBe('VGL-12 acknowledged by dr.rivera at 2026-03-05 08:30 UTC (open, severity high)\n');
  });

  it('sends an empty body without --note, and exits 1 on a closed ticket and 4 for a role that may not', async () => {
    stub.on('POST /api/v1/tickets/VGL-12/acknowledge', {
      json: ticket({ acknowledgedBy: 'dr.rivera', acknowledgedAt: '2026-03-05T08:30:00.000Z' }),
    });
    expect((await vigil(['ticket', 'ack', 'VGL-12'])).code).toBe(0);
    expect(JSON.parse(stub.requests[0].body.toString())).toEqual({});

    stub.on('POST /api/v1/tickets/VGL-12/acknowledge', {
      status: 409,
      problem: { code: 'ticket_closed', detail: 'VGL-12 is closed (recovered at 2026-03-08T10:00:00.000Z).' },
    });
    const closed = await vigil(['ticket', 'ack', 'VGL-12']);
    expect(closed.code).toBe(1);
    expect(closed.stderr).toContain('VGL-12 is closed');

    stub.on('POST /api/v1/tickets/VGL-12/acknowledge', {
      status: 403,
      problem: { code: 'forbidden', detail: 'Your role (viewer) may not do this; it needs approver or submitter.' },
    });
    expect((await vigil(['ticket', 'ack', 'VGL-12'])).code).toBe(4);
  });
});

describe('vigil ticket resolve', () => {
  it('requires --note and sends nothing without one', async () => {
    const run = await vigil(['ticket', 'resolve', 'VGL-12']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("required option '--note <text>' not specified");
    const blank = await vigil(['ticket', 'resolve', 'VGL-12', '--note', '  ']);
    expect(blank.code).toBe(2);
    expect(stub.requests).toHaveLength(0);
  });

  it('posts the note and prints who resolved it and why', async () => {
    stub.on('POST /api/v1/tickets/VGL-12/resolve', {
      json: ticket({
        status: 'closed',
        closedAt: '2026-03-08T10:00:00.000Z',
        closeReason: 'resolved_manually',
        resolvedBy: 'dr.chen',
        resolutionNote: 'lab feed units fixed',
      }),
    });
    const run = await vigil(['ticket', 'resolve', 'VGL-12', '--note', 'lab feed units fixed']);
    expect(run.code).toBe(0);
    expect(JSON.parse(stub.requests[0].body.toString())).toEqual({ note: 'lab feed units fixed' });
    expect(run.stdout).toBe('VGL-12 resolved by dr.chen at 2026-03-08 10:00 UTC: lab feed units fixed\n');
  });

  it('on a window that still crosses, exits 1 and suggests acknowledging instead; --json keeps the problem', async () => {
    const refusal = {
      status: 409,
      problem: {
        code: 'invalid_state_transition',
        detail: 'VGL-12 cannot be resolved: the latest window still crosses the threshold (0.31 > 0.25).',
      },
    };
    stub.on('POST /api/v1/tickets/VGL-12/resolve', refusal);
    const run = await vigil(['ticket', 'resolve', '12', '--note', 'fixed']);
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')).toEqual([
      'vigil: VGL-12 cannot be resolved: the latest window still crosses the threshold (0.31 > 0.25).',
      'vigil: the ticket stays open while its signal crosses the threshold; say someone is on it with ' +
        '`vigil ticket ack VGL-12 --note "…"`, and it closes by itself once the signal recovers',
      '',
    ]);
    const json = await vigil(['--json', 'ticket', 'resolve', '12', '--note', 'fixed']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ code: 'invalid_state_transition', status: 409 });
  });

  it('exits 1 without the hint when the ticket is already closed', async () => {
    stub.on('POST /api/v1/tickets/VGL-12/resolve', {
      status: 409,
      problem: { code: 'ticket_closed', detail: 'VGL-12 is closed (recovered at 2026-03-08T10:00:00.000Z).' },
    });
    const run = await vigil(['ticket', 'resolve', 'VGL-12', '--note', 'fixed']);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain('vigil ticket ack');
  });
});

describe('ticket ids', () => {
  it('accepts VGL-n in any case or a bare number, and refuses anything else', () => {
    expect(parseTicketId('VGL-12')).toBe('VGL-12');
    expect(parseTicketId('vgl-007')).toBe('VGL-7');
    expect(parseTicketId(' 12 ')).toBe('VGL-12');
    for (const bad of ['', 'VGL-', 'VGL-0', '0', 'VGL-1x', '12.5', '-3', 'VGL-1234567890']) {
      expect(() => parseTicketId(bad)).toThrow(/expected a ticket id/);
    }
  });
});

it('has --help with examples and the exit codes on each command', async () => {
  for (const command of [
    ['ticket'],
    ['ticket', 'list'],
    ['ticket', 'show'],
    ['ticket', 'ack'],
    ['ticket', 'resolve'],
  ]) {
    const run = await captureCli([...command, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Examples:');
    expect(run.stdout).toContain('Exit codes:');
  }
  const resolve = await captureCli(['ticket', 'resolve', '--help']);
  expect(resolve.stdout).toMatch(/approver or\s+admin/);
  expect(resolve.stdout).toContain('--note <text>');
});
