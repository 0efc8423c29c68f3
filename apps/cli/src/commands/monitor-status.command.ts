import { type Command } from 'commander';
import {
  type MonitoringIncidentStatus,
  type MonitoringSignalReading,
  type MonitoringSiteStatus,
  type MonitoringStatus,
  type MonitoringWindow,
} from '@vigil/contracts';
import { isMonitoringSignal, signalDefinition } from '@vigil/domain';
import { type CliContext } from '../cli-context';
import { parseNonEmpty } from '../input/option-parsers';
import { formatVersionRef, parseVersionRef } from '../input/version-ref';
import { NONE, formatTime } from '../output/format';
import { formatFields, formatTable, indent } from '../output/table';
import { withExamples } from './help-text';
import { formatSignalValue } from './ticket.command';

/** Phases in the order a reader expects them: what came in, then how the model did once outcomes arrived. */
const PHASES: readonly MonitoringWindow['phase'][] = ['inputs', 'performance'];

/**
 * `vigil monitor status NAME@V`: where the drift monitor stands for one version, per site — the frozen reference,
 * the latest judged window of each phase with every watched signal beside its levels, and each incident.
 */
export function registerMonitorStatusCommand(monitor: Command, context: CliContext): void {
  const status = monitor
    .command('status')
    .description(
      'show how a deployed version is doing at each site: its reference, the latest judged windows (each signal ' +
        'against its threshold) and the incidents with their tickets',
    )
    .argument('<name@version>', 'e.g. sepsis-risk@4')
    .option('--site <site>', 'only this site', parseNonEmpty('the site'))
    .action(async (reference: string, options: { site?: string }) => {
      const ref = parseVersionRef(reference);
      const found = await context.client().getMonitoringStatus(ref.model, ref.version, options.site);
      context.print(found, () => statusView(found, options.site));
    });
  withExamples(status, [
    'vigil monitor status sepsis-risk@4',
    'vigil monitor status sepsis-risk@4 --site site-a',
    '# the signals that crossed in the latest windows, as JSON:',
    `vigil monitor status sepsis-risk@4 --json | jq '.sites[] | {site, crossed: [.windows[].signals | to_entries[] | select(.value.judgement == "crossed") | .key]}'`,
  ]);
}

function statusView(status: MonitoringStatus, site: string | undefined): string {
  const ref = formatVersionRef(status);
  if (status.sites.length === 0) {
    return site === undefined
      ? `${ref} has no monitoring data yet: no site has sent events for it`
      : `${ref} has no monitoring data at ${site} yet`;
  }
  const lines = [`${ref}: ${status.sites.length === 1 ? '1 site' : `${status.sites.length} sites`}`];
  for (const s of status.sites) lines.push('', ...siteView(s));
  lines.push(
    '',
    'Threshold: the level past which a window counts as crossed; recovery: the level a window must get back past to',
    'count towards closing the ticket. CROSSED windows in a row open a ticket (see `vigil monitor policy show`).',
  );
  return lines.join('\n');
}

function siteView(s: MonitoringSiteStatus): string[] {
  const lines = [`site ${s.site}`];
  lines.push(
    indent(
      formatFields([
        ['reference', referenceLine(s)],
        ...(s.reference?.lacks ?? []).map((lack): [string, string] => ['lacks', lack]),
      ]),
    ),
  );
  for (const phase of PHASES) {
    const window = s.windows.find((w) => w.phase === phase);
    if (window === undefined) {
      lines.push(`  ${phase} window: none judged yet`);
      continue;
    }
    lines.push(
      `  ${phase} window ${formatTime(window.windowStart)} – ${formatTime(window.windowEnd)}: ` +
        `${window.events.toLocaleString('en-US')} events, judged ${formatTime(window.evaluatedAt)}`,
    );
    const signals = Object.entries(window.signals);
    lines.push(signals.length === 0 ? '    no signal of this phase is watched' : indent(signalTable(signals), '    '));
  }
  lines.push('  incidents:');
  lines.push(
    s.incidents.length === 0
      ? '    none'
      : indent(
          formatTable(
            ['SIGNAL', 'STATUS', 'TICKET', 'COOL-DOWN UNTIL'],
            s.incidents.map((i) => [i.signal, incidentLabel(i.status), i.ticket ?? NONE, formatTime(i.coolDownUntil)]),
          ),
          '    ',
        ),
  );
  return lines;
}

function referenceLine(s: MonitoringSiteStatus): string {
  const r = s.reference;
  if (r === null) return 'none yet: it is frozen when the first window is judged';
  const from = r.source === 'validation' ? 'a passed validation on' : 'the training data,';
  return `${from} dataset ${r.dataset}, frozen ${formatTime(r.frozenAt)}`;
}

function signalTable(signals: readonly [string, MonitoringSignalReading][]): string {
  return formatTable(
    ['SIGNAL', 'VALUE', '95% CI', 'THRESHOLD', 'RECOVERY', 'JUDGEMENT', 'INCIDENT', 'WHY'],
    signals.map(([signal, r]) => {
      const [worse, better] = comparators(signal);
      return [
        signal,
        formatSignalValue(r.value),
        r.ci === null ? NONE : `${formatSignalValue(r.ci[0])}–${formatSignalValue(r.ci[1])}`,
        `${worse} ${formatSignalValue(r.threshold)}`,
        `${better} ${formatSignalValue(r.recovery)}`,
        r.judgement === 'crossed' ? 'CROSSED' : r.judgement,
        incidentLabel(r.status),
        why(r),
      ];
    }),
  );
}

/** Which side of the levels is bad: most signals worsen as they grow; the acceptance rate worsens as it falls. */
function comparators(signal: string): [string, string] {
  const lowerIsWorse = isMonitoringSignal(signal) && signalDefinition(signal).direction === 'lower_is_worse';
  return lowerIsWorse ? ['<', '>'] : ['>', '<'];
}

/** Upper case for the states with a ticket open, so they stand out and `grep -E 'OPEN|RECOVERING'` finds them. */
function incidentLabel(status: MonitoringIncidentStatus): string {
  return status === 'open' || status === 'recovering' ? status.toUpperCase() : status;
}

function why(r: MonitoringSignalReading): string {
  const parts = [r.reason];
  if (r.worstFeatures.length > 0) {
    parts.push(`worst: ${r.worstFeatures.map((f) => `${f.feature} ${formatSignalValue(f.value)}`).join(', ')}`);
  }
  if (r.labelled !== null) parts.push(`${r.labelled} labelled`);
  if (r.feedback !== null) parts.push(`${r.feedback} clinician responses`);
  return parts.filter((p) => p !== '').join('; ');
}
