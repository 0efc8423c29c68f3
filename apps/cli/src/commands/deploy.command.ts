import { type Command } from 'commander';
import { type DeployedModel, type SiteManifest, VigilApiError, type VigilClient } from '@vigil/contracts';
import { type CliContext } from '../cli-context';
import { ExplainedApiError } from '../explained-api.error';
import { parseNonEmpty } from '../input/option-parsers';
import { type VersionRef, formatVersionRef, parseVersionRef } from '../input/version-ref';
import { type ExpiringApproval, expiryLabel, isExpired, needsAttention } from '../output/approval-expiry';
import { formatTime } from '../output/format';
import { formatTable } from '../output/table';
import { withExamples } from './help-text';

interface TargetOptions {
  env: string;
  site: string;
}

/** More would make a refused promotion slow to report; the first few say what to do. */
const MAX_REQUESTS_EXPLAINED = 3;

export function registerDeployCommands(program: Command, context: CliContext): void {
  const promote = program
    .command('promote')
    .description(
      'point an (environment, site) target at a version; only with an unexpired approval covering that target (deployer)',
    )
    .argument('<name@version>', 'e.g. sepsis-risk@4')
    .requiredOption('--env <environment>', 'e.g. production or shadow', parseNonEmpty('the environment'))
    .requiredOption('--site <site>', 'e.g. site-a', parseNonEmpty('the site'))
    .action(async (reference: string, options: TargetOptions) => {
      const ref = parseVersionRef(reference);
      const client = context.client();
      let promoted;
      try {
        promoted = await client.promote(ref.model, {
          version: ref.version,
          environment: options.env,
          site: options.site,
        });
      } catch (error) {
        if (error instanceof VigilApiError && error.code === 'promotion_not_approved') {
          throw new ExplainedApiError(error, await explainMissingApproval(client, ref, options));
        }
        throw error;
      }
      context.print(promoted, () => {
        const before =
          promoted.previousVersion === null ? 'its first deployment there' : `was v${promoted.previousVersion}`;
        return `promoted ${formatVersionRef(promoted)} to ${promoted.environment} at ${promoted.site} (${before}; approval ${promoted.approvalRequestId})`;
      });
    });
  withExamples(promote, [
    'vigil promote sepsis-risk@4 --env production --site site-a',
    '# exit 1: not approved for that target (the reason and what is missing on stderr), or already deployed there',
    'vigil --json promote sepsis-risk@4 --env shadow --site site-b | jq -r .code',
  ]);

  const rollback = program
    .command('rollback')
    .description(
      'put back the previous approved version of one target, in one call and without a new approval (deployer)',
    )
    .argument('<model>')
    .requiredOption('--env <environment>', 'e.g. production', parseNonEmpty('the environment'))
    .requiredOption('--site <site>', 'e.g. site-a', parseNonEmpty('the site'))
    .requiredOption('--reason <text>', 'why, for the audit trail (required)', parseNonEmpty('the reason'))
    .action(async (model: string, options: TargetOptions & { reason: string }) => {
      const back = await context
        .client()
        .rollback(model, { environment: options.env, site: options.site, reason: options.reason });
      context.print(
        back,
        () => `rolled back ${back.model} at ${back.environment}/${back.site}: v${back.fromVersion} → v${back.version}`,
      );
    });
  withExamples(rollback, [
    'vigil rollback sepsis-risk --env production --site site-a --reason "Alert rate doubled overnight"',
    '# exit 1 when there is nothing to roll back to',
  ]);

  const deployment = program.command('deployment').description('what each site runs: the manifest edge nodes poll');
  withExamples(deployment, ['vigil deployment show --site site-a']);

  const show = deployment
    .command('show')
    .description("show a site's manifest: per model the version, checksum, approval state and artifact URL")
    .requiredOption('--site <site>', 'e.g. site-a', parseNonEmpty('the site'))
    .option('--env <environment>', 'only this environment', parseNonEmpty('the environment'))
    .action(async (options: { site: string; env?: string }) => {
      const manifest = await context.client().getSiteDeployment(options.site, { environment: options.env });
      context.print(manifest, () => manifestTable(manifest, context.connection().server));
      for (const m of manifest.models.filter((entry) => needsAttention(expiryOf(entry)))) {
        context.notice(
          isExpired(expiryOf(m))
            ? `WARNING: the approval of ${m.model}@${m.version} (${m.environment}) EXPIRED ${formatTime(m.approval.expiresAt)}; it keeps running, but no new promotion is allowed until it is approved again`
            : `WARNING: the approval of ${m.model}@${m.version} (${m.environment}) is EXPIRING ${formatTime(m.approval.expiresAt)}`,
        );
      }
    });
  withExamples(show, [
    'vigil deployment show --site site-a',
    'vigil deployment show --site site-a --env production --json | jq -r ".models[] | [.model, .version, .artifact.sha256] | @tsv"',
  ]);
}

/**
 * The server's refusal names the target; this adds what the covering requests still lack, or how to open one.
 * Best effort: if the lookup fails, the server's sentence stands alone.
 */
async function explainMissingApproval(client: VigilClient, ref: VersionRef, target: TargetOptions): Promise<string[]> {
  try {
    const covering = (await client.listApprovalRequests(ref.model)).filter(
      (r) =>
        r.version === ref.version &&
        r.environment === target.env &&
        (r.sites.length === 0 || r.sites.includes(target.site)),
    );
    if (covering.length === 0) {
      return [
        `no approval request covers ${target.env} at ${target.site} for ${formatVersionRef(ref)}; open one with: ` +
          `vigil approval request ${formatVersionRef(ref)} --target ${target.env} --sites ${target.site}`,
      ];
    }
    const open = covering.filter((r) => r.status === 'open').slice(0, MAX_REQUESTS_EXPLAINED);
    const lines: string[] = [];
    for (const summary of open) {
      const request = await client.getApprovalRequest(summary.id);
      lines.push(
        request.missing.length === 0
          ? `request ${request.id} is open`
          : `request ${request.id} is open; still missing: ${request.missing.join('; ')}`,
      );
    }
    return lines;
  } catch {
    return [];
  }
}

function manifestTable(manifest: SiteManifest, server: string): string {
  const scope = manifest.environment === null ? '' : ` (${manifest.environment})`;
  if (manifest.models.length === 0) return `nothing is deployed at ${manifest.site}${scope}`;
  return formatTable(
    ['MODEL', 'ENV', 'VERSION', 'SHA256', 'APPROVAL', 'DEPLOYED', 'ARTIFACT'],
    manifest.models.map((m: DeployedModel) => [
      m.model,
      m.environment,
      String(m.version),
      m.artifact.sha256.slice(0, 12),
      approvalCell(m),
      formatTime(m.deployedAt),
      absoluteUrl(m.artifact.url, server),
    ]),
  );
}

function approvalCell(model: DeployedModel): string {
  if (needsAttention(expiryOf(model))) return expiryLabel(expiryOf(model));
  const { expiresAt } = model.approval;
  return expiresAt === null ? 'valid, no expiry' : `valid until ${formatTime(expiresAt)}`;
}

function expiryOf(model: DeployedModel): ExpiringApproval {
  return { expiresAt: model.approval.expiresAt, expiry: model.approval.state };
}

/** The local artifact store gives a registry route; shown whole so it can be pasted into curl. */
function absoluteUrl(url: string, server: string): string {
  try {
    return new URL(url, `${server}/`).href;
  } catch {
    return url;
  }
}
