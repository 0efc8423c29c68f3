import { type Command } from 'commander';
import { stringify } from 'yaml';
import { type ApprovalPolicy, type ApprovalPolicyDocument } from '@vigil/contracts';
import { type CliContext } from '../cli-context';
import { CliError } from '../cli.error';
import { ExitCode } from '../exit-codes';
import { describeValue, readStructuredFile } from '../input/structured-file';
import { formatTime } from '../output/format';
import { formatFields, indent } from '../output/table';
import { withExamples } from './help-text';

export function registerPolicyCommands(program: Command, context: CliContext): void {
  const policy = program
    .command('policy')
    .description("set and show a model's approval policy: who must sign, for which targets (docs/governance.md)");
  withExamples(policy, ['vigil policy show sepsis-risk', 'vigil policy set sepsis-risk --file policy.yaml']);

  const set = policy
    .command('set')
    .description(
      'put a new policy version in force (admin only); open and approved requests under the old one go stale',
    )
    .argument('<model>')
    .requiredOption('--file <file>', 'the policy as YAML or JSON; checked by the server, which names each problem')
    .action(async (model: string, options: { file: string }) => {
      const document = await readPolicyFile(context, options.file);
      const result = await context.client().setApprovalPolicy(model, document);
      context.print(result, () => {
        const lines = [`policy of ${result.model} is now version ${result.policyVersion}`];
        if (result.staleRequests.length === 0) lines.push('no approval request went stale');
        else {
          lines.push(
            `${result.staleRequests.length} approval request(s) went stale and must be requested again:`,
            ...result.staleRequests.map((id) => `  ${id}`),
          );
        }
        return lines.join('\n');
      });
    });
  withExamples(set, [
    'vigil policy set sepsis-risk --file policy.yaml',
    '# requests made stale by the change, for a follow-up step',
    'vigil --json policy set sepsis-risk --file policy.yaml | jq -r ".staleRequests[]"',
  ]);

  const show = policy
    .command('show')
    .description('show the policy in force, as YAML')
    .argument('<model>')
    .action(async (model: string) => {
      const found = await context.client().getApprovalPolicy(model);
      context.print(found, () => policyView(found));
    });
  withExamples(show, [
    'vigil policy show sepsis-risk',
    'vigil policy show sepsis-risk --json | jq .policy > policy.json   # edit, then policy set --file',
  ]);
}

async function readPolicyFile(context: CliContext, file: string): Promise<ApprovalPolicyDocument> {
  const value = await readStructuredFile(context.path(file), file, 'the policy file');
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new CliError(
      ExitCode.Usage,
      `${file} must hold a mapping (rules:, approvalLifetimeDays:, …) at the top level, not ${describeValue(value)}`,
    );
  }
  return value as ApprovalPolicyDocument;
}

function policyView(policy: ApprovalPolicy): string {
  return [
    formatFields([
      ['model', policy.model],
      ['policy version', String(policy.policyVersion)],
      ['set', `${formatTime(policy.createdAt)} by ${policy.createdBy}`],
    ]),
    '',
    'policy:',
    indent(stringify(policy.policy, { lineWidth: 0 }).trimEnd()),
  ].join('\n');
}
