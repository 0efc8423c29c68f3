import { type Command, InvalidArgumentError } from 'commander';
import { DomainError, type MonitoringPolicy, parseMonitoringPolicy, signalDefinition } from '@vigil/domain';
import {
  exampleMonitoringPolicy,
  MAX_EVENTS_PER_DAY,
  MAX_SIMULATED_DAYS,
  type SimulatedSignalCell,
  type SimulatedSiteTimeline,
  type SimulationResult,
  simulateSites,
} from '@vigil/drift';
import { type CliContext } from '../cli-context';
import { CliError } from '../cli.error';
import { ExitCode } from '../exit-codes';
import { readStructuredFile } from '../input/structured-file';
import { formatTable } from '../output/table';
import { withExamples } from './help-text';

interface SimulateOptions {
  policy?: string;
  days: number;
  seed: number;
  eventsPerDay: number;
}

const DAY_MS = 86_400_000;

/**
 * `vigil simulate`: runs a monitoring policy over simulated sites (stable, a scanner-like input shift from day
 * 10, a performance decay from day 12) on this machine, no server, and prints what the monitor would have done:
 * per site and day the signals, their judgement and incident status, the tickets opened, escalated and closed.
 */
export function registerSimulateCommand(program: Command, context: CliContext): void {
  const simulate = program
    .command('simulate')
    .description('show what a monitoring policy would do over simulated sites, before trusting it (no server)')
    .option('--policy <file>', 'monitoring policy (YAML or JSON); default: docs/examples/monitoring-policy.yaml')
    .option('--days <n>', 'days to simulate', wholeNumber('--days', 1, MAX_SIMULATED_DAYS), 30)
    .option('--seed <n>', 'random seed: the same seed gives the same run', wholeNumber('--seed', 0, 2 ** 32 - 1), 1)
    .option(
      '--events-per-day <n>',
      'mean events per site and day',
      wholeNumber('--events-per-day', 1, MAX_EVENTS_PER_DAY),
      2000,
    )
    .action(async (options: SimulateOptions) => {
      await runSimulate(context, options);
    });
  withExamples(simulate, [
    'vigil simulate',
    'vigil simulate --policy monitoring-policy.yaml --seed 7',
    'vigil simulate --policy monitoring-policy.yaml --events-per-day 300   # a small site: are windows judged?',
    "vigil simulate --json | jq '.sites[] | {site, summary}'",
    "for s in 1 2 3 4 5; do vigil simulate --policy p.yaml --seed $s --json | jq -c '[.sites[].summary.tickets]'; done",
    '# exit 0: simulated; 2: bad options or an invalid policy (every problem listed)',
  ]);
}

async function runSimulate(context: CliContext, options: SimulateOptions): Promise<void> {
  const policy = options.policy === undefined ? exampleMonitoringPolicy() : await readPolicy(context, options.policy);
  const result = simulateSites({ policy, seed: options.seed, days: options.days, eventsPerDay: options.eventsPerDay });
  context.print(result, () => describeSimulation(result, options.policy ?? 'the example policy'));
}

async function readPolicy(context: CliContext, file: string): Promise<MonitoringPolicy> {
  const document = await readStructuredFile(context.path(file), file, 'the policy file');
  try {
    return parseMonitoringPolicy(document);
  } catch (error) {
    if (error instanceof DomainError && error.errors !== undefined) {
      const problems = error.errors.map((p) => `  ${p.field}: ${p.message}`).join('\n');
      throw new CliError(ExitCode.Usage, `${file}: the monitoring policy is invalid:\n${problems}`, { cause: error });
    }
    throw error;
  }
}

function wholeNumber(option: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${option} must be a whole number from ${min} to ${max}.`);
    }
    return n;
  };
}

const JUDGEMENT_MARK = { crossed: '!', between: '~', recovered: '', not_judged: '?' } as const;
const ACTION_TAG = { open_ticket: 'OPENED', update_ticket: '', close_ticket: 'CLOSED', escalate: 'ESCALATED' } as const;

function describeSimulation(result: SimulationResult, policyName: string): string {
  const ref = result.reference;
  const lines = [
    `simulated ${result.days} days at ${result.sites.length} sites, about ${count(result.eventsPerDay)} events ` +
      `per site and day, seed ${result.seed}, policy: ${policyName}`,
    `reference: ${count(ref.events)} training events, AUROC ${ref.auroc.toFixed(3)}, sensitivity ` +
      `${ref.sensitivity.toFixed(3)}, PPV ${ref.ppv.toFixed(3)} (alert at score >= ${ref.operatingThreshold})`,
  ];
  for (const site of result.sites) lines.push('', ...describeSite(result, site));
  lines.push(
    '',
    'summary:',
    formatTable(
      ['site', 'scenario', 'tickets', 'opened', 'escalations', 'closed', 'open at end'],
      result.sites.map((s) => [
        s.site,
        s.changeDay === null ? s.scenario : `${s.scenario} from day ${s.changeDay}`,
        String(s.summary.tickets),
        s.summary.opened.length === 0
          ? '-'
          : s.summary.opened.map((o) => `${o.signal} window of day ${o.day}, at ${instant(o.at)}`).join('; '),
        String(s.summary.escalations),
        String(s.summary.closed),
        Object.entries(s.summary.finalStatus)
          .filter(([, status]) => status === 'open' || status === 'recovering')
          .map(([signal]) => signal)
          .join(', ') || '-',
      ]),
    ),
    '',
    'Cells: value, mark, incident status after the window. Marks: ! crossed the threshold, ~ between the',
    'recovery level and the threshold, ? not judged (too few events, labels or responses), none: recovered.',
    'OPENED / CLOSED / ESCALATED: what that window did to the ticket; later windows of an open incident update',
    `the same ticket. Performance signals are judged ${duration(result.labelHorizonMs)} after their window, over the outcomes arrived by`,
    'then; "-" when that falls after the simulated period. Deadline escalations are listed under their site.',
  );
  return lines.join('\n');
}

function describeSite(result: SimulationResult, site: SimulatedSiteTimeline): string[] {
  const headers = [
    'day',
    'events',
    ...result.signals.map((s) =>
      signalDefinition(s).kind === 'performance' ? `${s} (+${duration(result.labelHorizonMs)})` : s,
    ),
  ];
  const rows = site.windows.map((w) => [String(w.day), count(w.events), ...w.signals.map(cell)]);
  const lines = [`site ${site.site}: ${site.description}`, formatTable(headers, rows)];
  const deadlines = site.tickets.filter((t) => t.window === null);
  for (const t of deadlines) lines.push(`  ${instant(t.at)}  ${t.signal}: ${t.summary}`);
  return lines;
}

function cell(c: SimulatedSignalCell): string {
  if (c.judgement === null) return '-';
  const value = c.value === null ? 'n/a' : c.value.toFixed(3);
  const tags = c.actions.map((a) => ACTION_TAG[a]).filter((t) => t !== '');
  return [`${value}${JUDGEMENT_MARK[c.judgement]}`, c.status ?? '', ...tags].join(' ');
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function instant(at: Date): string {
  return at.toISOString().slice(0, 16).replace('T', ' ');
}

function duration(ms: number): string {
  return ms % DAY_MS === 0 ? `${ms / DAY_MS}d` : `${Math.round(ms / 3_600_000)}h`;
}
