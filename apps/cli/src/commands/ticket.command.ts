import { type Command, Option } from 'commander';
import {
  type GovernanceTicket,
  type GovernanceTicketSummary,
  type Page,
  type TicketListQuery,
  VigilApiError,
} from '@vigil/contracts';
import { MONITORING_SIGNALS } from '@vigil/domain';
import { type CliContext } from '../cli-context';
import { CliError } from '../cli.error';
import { ExitCode } from '../exit-codes';
import { ExplainedApiError } from '../explained-api.error';
import { parseLimit, parseNonEmpty } from '../input/option-parsers';
import { NONE, formatTime, formatTimeSeconds, orNone } from '../output/format';
import { formatFields, formatTable, indent } from '../output/table';
import { withExamples } from './help-text';

interface ListOptions {
  status?: 'open' | 'closed' | 'all';
  model?: string;
  site?: string;
  signal?: string;
  limit?: number;
  allPages?: boolean;
}

/**
 * `vigil ticket …`: the governance tickets the drift monitor opens, one per incident (docs/cli.md, "Governance
 * tickets"). Reading is open to every role; the server decides who may acknowledge and resolve.
 */
export function registerTicketCommands(program: Command, context: CliContext): void {
  const ticket = program
    .command('ticket')
    .description(
      'governance tickets opened by the drift monitor: list, read, acknowledge (someone is on it) and resolve by hand',
    );
  withExamples(ticket, [
    'vigil ticket list',
    'vigil ticket show VGL-12',
    'vigil ticket ack VGL-12 --note "checking the lab feed at site-a"',
    'vigil ticket resolve VGL-12 --note "lab feed units fixed on 3 March"',
  ]);

  const list = ticket
    .command('list')
    .description(
      'list tickets, newest first: by default the open ones (open and recovering); the first page unless --all-pages',
    )
    .addOption(
      new Option('--status <status>', 'open (open and recovering; the default), closed or all').choices([
        'open',
        'closed',
        'all',
      ]),
    )
    .option('--model <name>', "only this model's tickets", parseNonEmpty('the model name'))
    .option('--site <site>', "only this site's tickets", parseNonEmpty('the site'))
    .addOption(new Option('--signal <signal>', 'only tickets about this signal').choices(MONITORING_SIGNALS))
    .option('--limit <n>', 'tickets per request, 1-200 (server default 50)', parseLimit)
    .option('--all-pages', 'follow every page instead of stopping after the first')
    .action(async (options: ListOptions) => {
      const query: Omit<TicketListQuery, 'cursor' | 'limit'> = {
        status: options.status,
        model: options.model,
        site: options.site,
        signal: options.signal,
      };
      const client = context.client();
      const page: Page<GovernanceTicketSummary> = options.allPages
        ? { items: await client.listAllTickets(query, options.limit), nextCursor: null }
        : await client.listTickets({ ...query, limit: options.limit });
      context.print(page, () => ticketTable(page.items, options.status ?? 'open'));
      if (page.nextCursor !== null) {
        context.notice(`showing the newest ${page.items.length} tickets; add --all-pages for the rest`);
      }
    });
  withExamples(list, [
    'vigil ticket list',
    'vigil ticket list --status all --model sepsis-risk --site site-a',
    'vigil ticket list --signal auroc_drop --all-pages --json | jq -r ".items[] | [.id, .severity, .owner] | @tsv"',
  ]);

  const show = ticket
    .command('show')
    .description('show a ticket: its fields, the evidence in words, links, history and deliveries to outside systems')
    .argument('<id>', 'VGL-12 or 12')
    .action(async (id: string) => {
      const found = await context.client().getTicket(parseTicketId(id));
      context.print(found, () => ticketView(found));
    });
  withExamples(show, ['vigil ticket show VGL-12', 'vigil ticket show 12 --json | jq .latestWindow']);

  const ack = ticket
    .command('ack')
    .description(
      'acknowledge a ticket: someone is on it, and escalation stops (approver, submitter or admin). ' +
        'Acknowledging again keeps the first acknowledgement',
    )
    .argument('<id>', 'VGL-12 or 12')
    .option('--note <text>', 'what you are doing about it, recorded in the ticket history', parseNonEmpty('the note'))
    .action(async (id: string, options: { note?: string }) => {
      const acknowledged = await context.client().acknowledgeTicket(parseTicketId(id), options.note);
      context.print(acknowledged, () => {
        const by = `${orNone(acknowledged.acknowledgedBy)} at ${formatTime(acknowledged.acknowledgedAt)}`;
        return `${acknowledged.id} acknowledged by ${by} (${acknowledged.status}, severity ${acknowledged.severity})`;
      });
    });
  withExamples(ack, [
    'vigil ticket ack VGL-12',
    'vigil ticket ack VGL-12 --note "lab feed at site-a changed units; checking with the lab"',
    '# exit 1: the ticket is closed already; 4: your role may not acknowledge',
  ]);

  const resolve = ticket
    .command('resolve')
    .description(
      'close a ticket by hand because the cause was found and fixed (approver or admin); refused while the ' +
        'latest window still crosses the threshold. Tickets also close by themselves once the signal recovers',
    )
    .argument('<id>', 'VGL-12 or 12')
    .requiredOption('--note <text>', 'why it is resolved (required), kept with the ticket', parseNonEmpty('the note'))
    .action(async (id: string, options: { note: string }) => {
      const ref = parseTicketId(id);
      let resolved: GovernanceTicket;
      try {
        resolved = await context.client().resolveTicket(ref, options.note);
      } catch (error) {
        if (error instanceof VigilApiError && error.code === 'invalid_state_transition') {
          throw new ExplainedApiError(error, [
            `the ticket stays open while its signal crosses the threshold; say someone is on it with ` +
              `\`vigil ticket ack ${ref} --note "…"\`, and it closes by itself once the signal recovers`,
          ]);
        }
        throw error;
      }
      context.print(
        resolved,
        () =>
          `${resolved.id} resolved by ${orNone(resolved.resolvedBy)} at ${formatTime(resolved.closedAt)}: ` +
          `${orNone(resolved.resolutionNote)}`,
      );
    });
  withExamples(resolve, [
    'vigil ticket resolve VGL-12 --note "lab feed units fixed on 3 March; values back in range"',
    '# exit 1: the latest window still crosses the threshold (acknowledge instead), or the ticket is closed',
  ]);
}

/** `VGL-12`, `vgl-12` or `12` → `VGL-12`; anything else fails before a request is sent. */
export function parseTicketId(text: string): string {
  const match = /^(?:vgl-)?([0-9]{1,9})$/i.exec(text.trim());
  if (match === null || Number(match[1]) < 1) {
    throw new CliError(ExitCode.Usage, `expected a ticket id such as VGL-12 or 12, got ${JSON.stringify(text)}`);
  }
  return `VGL-${Number(match[1])}`;
}

/** Signal values to four significant digits: enough to compare with a threshold, short enough for a column. */
export function formatSignalValue(value: number | null | undefined): string {
  if (value === null || value === undefined) return 'n/a';
  return String(Number(value.toPrecision(4)));
}

function ticketTable(tickets: readonly GovernanceTicketSummary[], status: string): string {
  if (tickets.length === 0) return status === 'all' ? 'no tickets match' : `no ${status} tickets match`;
  return formatTable(
    ['ID', 'STATUS', 'SEVERITY', 'MODEL@V', 'SITE', 'SIGNAL', 'OPENED', 'OWNER', 'ACK'],
    tickets.map((t) => [
      t.id,
      // Upper case when it needs a person: escalated and nobody has taken it yet.
      t.escalatedAt !== null && t.acknowledgedBy === null && t.status !== 'closed' ? 'ESCALATED' : t.status,
      t.severity,
      `${t.model}@${t.version}`,
      t.site,
      t.signal,
      formatTime(t.openedAt),
      t.owner,
      t.acknowledgedBy ?? NONE,
    ]),
  );
}

function ticketView(t: GovernanceTicket): string {
  const sections = [
    `${t.id}  ${t.title}`,
    formatFields([
      ['status', statusLine(t)],
      ['severity', t.severity],
      ['owner', t.owner],
      ['model', `${t.model}@${t.version}`],
      ['site', t.site],
      ['signal', t.signal],
      ['opened', formatTime(t.openedAt)],
      ['updated', formatTime(t.updatedAt)],
      ['acknowledged', t.acknowledgedBy === null ? 'no' : `${t.acknowledgedBy} at ${formatTime(t.acknowledgedAt)}`],
      ['escalated', t.escalatedAt === null ? 'no' : `${formatTime(t.escalatedAt)} to ${orNone(t.escalationTo)}`],
      ['windows', `${t.windowCount} recorded, latest value ${formatSignalValue(t.latestValue)}`],
      ['policy revision', String(t.policyRevision)],
      ...externalRefs(t),
    ]),
    '',
    'description:',
    indent(t.description),
  ];
  if (t.links.length > 0) {
    sections.push('', 'links:', ...t.links.map((link) => `  ${link.label}: ${link.url}`));
  }
  sections.push(
    '',
    'history:',
    t.history.length === 0
      ? `  ${NONE}`
      : indent(
          formatTable(
            ['AT', 'EVENT', 'BY', 'SUMMARY'],
            t.history.map((e) => [formatTimeSeconds(e.at), e.kind, e.actor, e.summary]),
          ),
        ),
    '',
    'deliveries:',
    t.deliveries.length === 0
      ? '  none (no outbound sink configured, or nothing sent yet)'
      : indent(
          formatTable(
            ['SINK', 'EVENT', 'STATUS', 'ATTEMPTS', 'FINISHED', 'ERROR'],
            t.deliveries.map((d) => [
              d.sink,
              deliveredEvent(t, d.event),
              d.status === 'failed' ? 'FAILED' : d.status,
              String(d.attempts),
              formatTimeSeconds(d.finishedAt),
              d.error ?? NONE,
            ]),
          ),
        ),
  );
  return sections.join('\n');
}

function statusLine(t: GovernanceTicket): string {
  if (t.status !== 'closed') return t.status;
  const how =
    t.closeReason === 'resolved_manually'
      ? `resolved by ${orNone(t.resolvedBy)}: ${orNone(t.resolutionNote)}`
      : t.closeReason === 'recovered'
        ? 'the signal recovered'
        : orNone(t.closeReason);
  return `closed ${formatTime(t.closedAt)} (${how})`;
}

function externalRefs(t: GovernanceTicket): [string, string][] {
  const refs = Object.entries(t.externalRefs);
  return refs.length === 0 ? [] : [['elsewhere', refs.map(([sink, ref]) => `${sink} ${ref}`).join(', ')]];
}

/** `event` is an index into `history`; shown as what that event was, for a reader who cannot count lines. */
function deliveredEvent(t: GovernanceTicket, index: number): string {
  const event = t.history[index];
  return event === undefined ? `#${index}` : `#${index} ${event.kind}`;
}
