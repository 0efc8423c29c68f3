import { type Command } from 'commander';
import { type MonitoringPolicyRevision, type Page } from '@vigil/contracts';
import { type CliContext } from '../cli-context';
import { parseVersionNumber } from '../input/option-parsers';
import { readStructuredFile } from '../input/structured-file';
import { formatTime } from '../output/format';
import { formatFields, formatTable } from '../output/table';
import { withExamples } from './help-text';
import { registerMonitorStatusCommand } from './monitor-status.command';

/**
 * `vigil monitor …`: drift monitoring on the server. One group so that later subcommands (status, tickets) sit
 * beside `policy`; each registers itself on the group returned here.
 */
export function registerMonitorCommands(program: Command, context: CliContext): Command {
  const monitor = program
    .command('monitor')
    .description('drift monitoring on the server: the policy each model is watched by (docs/monitoring-policy.md)');
  withExamples(monitor, [
    'vigil monitor policy show sepsis-risk',
    'vigil monitor policy set sepsis-risk monitoring-policy.yaml',
  ]);
  registerMonitorPolicyCommands(monitor, context);
  registerMonitorStatusCommand(monitor, context);
  return monitor;
}

function registerMonitorPolicyCommands(monitor: Command, context: CliContext): void {
  const policy = monitor
    .command('policy')
    .description(
      "set and show a model's monitoring policy: which signals are watched, their thresholds, how many windows in " +
        'a row open a ticket, its severity and owner. Every change is a new revision, kept and audited',
    );
  withExamples(policy, [
    'vigil monitor policy set sepsis-risk monitoring-policy.yaml',
    'vigil monitor policy show sepsis-risk',
    'vigil monitor policy history sepsis-risk',
  ]);

  const set = policy
    .command('set')
    .description(
      'put a new revision of the policy in force (approver or admin); the server checks it and names every problem',
    )
    .argument('<model>')
    .argument('<file>', 'the policy as YAML or JSON (docs/examples/monitoring-policy.yaml)')
    .option('--if-match <etag>', 'fail (exit 1) unless the policy in force is still this revision, e.g. \'"3"\'')
    .action(async (model: string, file: string, options: { ifMatch?: string }) => {
      const document = await readStructuredFile(context.path(file), file, 'the policy file');
      const saved = await context.client().setMonitoringPolicy(model, document, options.ifMatch);
      context.print(
        saved,
        () => `monitoring policy of ${saved.model} is now revision ${saved.revision}\n${ruleLines(saved)}`,
      );
    });
  withExamples(set, [
    'vigil monitor policy set sepsis-risk monitoring-policy.yaml',
    '# only if nobody changed it since you read revision 3 (exit 1 otherwise):',
    `vigil monitor policy set sepsis-risk monitoring-policy.yaml --if-match '"3"'`,
    '# monitoring-policy.yaml:',
    '#   window: 1d',
    '#   minEvents: 200',
    '#   signals:',
    '#     - { signal: input_psi, threshold: 0.25, recovery: 0.1, consecutiveWindows: 2, recoveryWindows: 3,',
    '#         severity: high, owner: dr.rivera@hospital.org, coolDown: 3d }',
  ]);

  const show = policy
    .command('show')
    .description('show the policy in force, or an earlier revision, with each rule in words')
    .argument('<model>')
    .option('--revision <n>', 'that revision instead of the one in force', parseVersionNumber)
    .action(async (model: string, options: { revision?: number }) => {
      const found = await context.client().getMonitoringPolicy(model, options.revision);
      context.print(found, () => policyView(found));
    });
  withExamples(show, [
    'vigil monitor policy show sepsis-risk',
    'vigil monitor policy show sepsis-risk --revision 1 --json | jq .policy',
  ]);

  const history = policy
    .command('history')
    .description('list every revision of the policy, newest first')
    .argument('<model>')
    .action(async (model: string) => {
      const page: Page<MonitoringPolicyRevision> = await context
        .client()
        .listMonitoringPolicyRevisions(model, { limit: 200 });
      context.print(page, () =>
        formatTable(
          ['REVISION', 'SET', 'BY', 'WINDOW', 'SIGNALS', 'SHA256'],
          page.items.map((p) => [
            String(p.revision),
            formatTime(p.createdAt),
            p.createdBy,
            p.policy.window,
            p.policy.signals.map((rule) => rule.signal).join(','),
            `${p.policySha256.slice(0, 12)}…`,
          ]),
        ),
      );
    });
  withExamples(history, ['vigil monitor policy history sepsis-risk']);
}

function policyView(p: MonitoringPolicyRevision): string {
  return [
    formatFields([
      ['model', p.model],
      ['policy revision', String(p.revision)],
      ['set', `${formatTime(p.createdAt)} by ${p.createdBy}`],
      ['policy sha256', p.policySha256],
      ['window', `${p.policy.window}, judged when it has at least ${p.policy.minEvents} events`],
      ['judged', `${p.policy.evaluationDelay} after the window ends (performance signals: ${p.policy.labelDelay})`],
    ]),
    '',
    'rules:',
    ruleLines(p),
  ].join('\n');
}

function ruleLines(p: MonitoringPolicyRevision): string {
  return p.description.map((line) => `  - ${line}`).join('\n');
}
