import { type Command } from 'commander';
import { type HistoricalDeployment, type SiteHistory } from '@vigil/contracts';
import { type CliContext } from '../cli-context';
import { parseInstant, parseNonEmpty } from '../input/option-parsers';
import { NONE, formatTimeSeconds } from '../output/format';
import { formatTable } from '../output/table';
import { withExamples } from './help-text';

interface HistoryOptions {
  site: string;
  at?: string;
  env?: string;
}

export function registerHistoryCommand(program: Command, context: CliContext): void {
  const history = program
    .command('history')
    .description(
      'what ran at a site at a moment: per model the version, how it got there, by whom, and who approved it (from the audit trail)',
    )
    .requiredOption('--site <site>', 'e.g. site-a', parseNonEmpty('the site'))
    .option(
      '--at <instant>',
      'the moment, with its zone: 2026-03-01T08:00Z, 2026-03-01T09:00+01:00, or a date (midnight UTC); default now',
      parseInstant,
    )
    .option('--env <environment>', 'only this environment', parseNonEmpty('the environment'))
    .action(async (options: HistoryOptions) => {
      const found = await context
        .client()
        .getSiteHistory(options.site, { at: options.at ?? new Date().toISOString(), environment: options.env });
      context.print(found, () => historyView(found));
    });
  withExamples(history, [
    'vigil history --site site-a --at 2026-03-01T08:00Z',
    'vigil history --site site-a --at 2026-03-01T09:00+01:00 --env production --json',
  ]);
}

function historyView(history: SiteHistory): string {
  const head = `at ${history.site}, ${formatTimeSeconds(history.at)}:`;
  if (history.items.length === 0) return `${head}\nnothing was deployed`;
  return [
    head,
    formatTable(
      ['MODEL', 'ENV', 'VERSION', 'SINCE', 'HOW', 'BY', 'APPROVED BY', 'EVIDENCE'],
      history.items.map((item) => [
        item.model,
        item.environment,
        String(item.version),
        formatTimeSeconds(item.since),
        item.how,
        item.by,
        item.approvedBy.length ? item.approvedBy.map((a) => a.name).join(', ') : NONE,
        evidenceSummary(item),
      ]),
    ),
  ].join('\n');
}

/** The evidence an approval rested on, in a few words; `--json` has all of it. */
function evidenceSummary(item: HistoricalDeployment): string {
  const sites = item.evidence?.validationPassedSites;
  if (Array.isArray(sites) && sites.length > 0) return `validation passed at ${sites.join(', ')}`;
  return item.evidence === null ? NONE : 'no validation on file';
}
