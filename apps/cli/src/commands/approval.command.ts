import { Option, type Command } from 'commander';
import {
  type ApprovalRequest,
  type ApprovalRequestSummary,
  type ApprovalSignature,
  type SignApprovalInput,
  type SignatureDecision,
} from '@vigil/contracts';
import { type CliContext } from '../cli-context';
import { isOidcAccessToken } from '../connection';
import { parseNameList, parseNonEmpty } from '../input/option-parsers';
import { PASSWORD_ENV, readPassword } from '../input/password';
import { formatVersionRef, parseVersionRef } from '../input/version-ref';
import { expiryLabel, isExpired, needsAttention } from '../output/approval-expiry';
import { NONE, formatTime, formatTimeSeconds } from '../output/format';
import { formatFields, formatTable, indent } from '../output/table';
import { withExamples } from './help-text';

interface RequestOptions {
  target: string;
  sites?: string[];
  note?: string;
}

interface SignOptions {
  decision: SignatureDecision;
  meaning: string;
  reason: string;
  passwordStdin?: boolean;
}

export function registerApprovalCommands(program: Command, context: CliContext): void {
  const approval = program
    .command('approval')
    .description('request approvals for a version and sign them (electronic signatures, docs/governance.md)');
  withExamples(approval, [
    'vigil approval request sepsis-risk@4 --target production --sites site-a,site-b',
    'vigil approval list sepsis-risk',
    'vigil approval sign --help',
  ]);

  const request = approval
    .command('request')
    .description('open an approval request binding a version (by checksum) and its evidence to a target')
    .argument('<name@version>', 'e.g. sepsis-risk@4')
    .requiredOption('--target <environment>', 'the environment, e.g. production or shadow', parseNonEmpty('the target'))
    .option('--sites <list>', 'comma-separated sites; default: any site of the environment', parseNameList('--sites'))
    .option('--note <text>', 'context for the signers, e.g. what changed since the last version')
    .action(async (reference: string, options: RequestOptions) => {
      const ref = parseVersionRef(reference);
      const opened = await context.client().requestApproval({
        model: ref.model,
        version: ref.version,
        environment: options.target,
        sites: options.sites,
        note: options.note,
      });
      context.print(opened, () =>
        [
          `opened approval request ${opened.id}`,
          `for ${formatVersionRef(opened)} (sha256 ${opened.artifactSha256}) → ${targetLabel(opened)}`,
          `status: ${opened.status}`,
          ...missingLines(opened),
        ].join('\n'),
      );
    });
  withExamples(request, [
    'vigil approval request sepsis-risk@4 --target production --sites site-a,site-b --note "recalibrated on 2026 data"',
    '# in CI: keep the id for the promotion step',
    'REQ=$(vigil --json approval request sepsis-risk@4 --target production | jq -r .id)',
  ]);

  const show = approval
    .command('show')
    .description('show a request: status, what is still missing, every signature, and its expiry')
    .argument('<request-id>')
    .action(async (id: string) => {
      const found = await context.client().getApprovalRequest(id);
      context.print(found, () => requestView(found));
      warnAboutExpiry(context, [found], (r) => `request ${r.id} (${formatVersionRef(r)}, ${targetLabel(r)})`);
    });
  withExamples(show, ['vigil approval show 0b6e…', 'vigil approval show "$REQ" --json | jq -r .status']);

  const list = approval
    .command('list')
    .description("list a model's approval requests, newest first; EXPIRING and EXPIRED approvals are flagged")
    .argument('<model>')
    .action(async (model: string) => {
      const items = await context.client().listApprovalRequests(model);
      context.print({ items }, () => requestTable(model, items));
      warnAboutExpiry(context, items, (r) => `request ${r.id} (${model}@${r.version}, ${targetLabel(r)})`);
    });
  withExamples(list, [
    'vigil approval list sepsis-risk',
    '# approvals that need renewing (continued validation)',
    'vigil approval list sepsis-risk --json | jq -r \'.items[] | select(.expiry == "expiring" or .expiry == "expired") | .id\'',
  ]);

  const sign = approval
    .command('sign')
    .description(
      `sign a request as yourself: re-authenticates with your password (typed without echo, --password-stdin, or ${PASSWORD_ENV}); none with an OIDC token`,
    )
    .argument('<request-id>')
    .addOption(
      new Option('--decision <decision>', 'approve or reject').choices(['approve', 'reject']).makeOptionMandatory(),
    )
    .requiredOption(
      '--meaning <text>',
      'what your signature means, e.g. "Approved for clinical use at site-a"',
      parseNonEmpty('the meaning'),
    )
    .requiredOption('--reason <text>', 'why, for the record', parseNonEmpty('the reason'))
    .option('--password-stdin', 'read your password from stdin instead of prompting on the terminal')
    .action(async (id: string, options: SignOptions) => {
      const client = context.client();
      const input: SignApprovalInput = { decision: options.decision, meaning: options.meaning, reason: options.reason };
      if (await needsPassword(context, options.passwordStdin === true)) {
        // A person typing a password should see what the signature will bind before giving it.
        if (!options.passwordStdin && !context.io.env[PASSWORD_ENV] && context.io.stdin?.isTTY === true) {
          context.io.stderr.write(`${signingPreview(await client.getApprovalRequest(id), input)}\n`);
        }
        input.password = await readPassword(context.io, {
          fromStdin: options.passwordStdin === true,
          allowEnv: true,
          prompt: 'Your password (to sign): ',
          purpose: 'sign',
        });
      }
      const signed = await client.signApproval(id, input);
      const mine = ownSignature(signed.signatures, input);
      context.print(signed, () => signedView(signed, mine));
    });
  withExamples(sign, [
    'vigil approval sign 0b6e… --decision approve --meaning "Approved for clinical use at site-a" \\\n      --reason "Validated on the 2025 cohort; calibration within limits"',
    'vigil approval sign 0b6e… --decision reject --meaning "Not approved for clinical use" --reason "Calibration drift at site-b"',
    '# scripted (e.g. a test harness): the password on stdin, never in argv',
    'printf "%s" "$PW" | vigil approval sign "$REQ" --decision approve --meaning "…" --reason "…" --password-stdin',
  ]);
}

/**
 * An OIDC access token re-authenticates by itself (its `auth_time`); an API token needs the password again.
 * When no password could be read without a terminal, a service account (CI) is sent on without one, so that
 * the server refuses it for what it is (403, exit 4) rather than the CLI asking for a password it cannot have.
 */
async function needsPassword(context: CliContext, fromStdin: boolean): Promise<boolean> {
  if (isOidcAccessToken(context.connection().token)) return false;
  if (fromStdin || context.io.env[PASSWORD_ENV] || context.io.stdin?.isTTY === true) return true;
  return (await context.client().whoami()).kind !== 'service';
}

interface Target {
  environment: string;
  sites: string[];
}

function targetLabel(target: Target): string {
  return `${target.environment} at ${target.sites.length === 0 ? 'any site' : target.sites.join(', ')}`;
}

function missingLines(request: ApprovalRequest): string[] {
  if (request.missing.length === 0) return [];
  return ['still missing:', ...request.missing.map((m) => `  - ${m}`)];
}

function requestView(request: ApprovalRequest): string {
  const fields: [string, string][] = [
    ['request', request.id],
    ['version', formatVersionRef(request)],
    ['sha256', request.artifactSha256],
    ['target', targetLabel(request)],
    ['status', request.status],
    ['policy version', String(request.policyVersion)],
    ['requested', `${formatTime(request.createdAt)} by ${request.requestedBy}`],
    ['note', request.note ?? NONE],
    ['decided', formatTime(request.decidedAt)],
    ['expires', expiryLabel(request)],
  ];
  const signatures = request.signatures.map((s) => [
    formatTimeSeconds(s.signedAt),
    s.printedName,
    s.attributes.length ? `${s.role} (${s.attributes.join(', ')})` : s.role,
    s.decision,
    s.meaning,
    s.reason,
  ]);
  return [
    formatFields(fields),
    ...missingLines(request),
    '',
    'signatures:',
    indent(
      signatures.length
        ? formatTable(['SIGNED', 'NAME', 'ROLE', 'DECISION', 'MEANING', 'REASON'], signatures)
        : 'none yet',
    ),
  ].join('\n');
}

function requestTable(model: string, items: readonly ApprovalRequestSummary[]): string {
  if (items.length === 0) return `no approval requests for ${model} yet`;
  return formatTable(
    ['ID', 'VERSION', 'TARGET', 'STATUS', 'REQUESTED', 'BY', 'EXPIRES'],
    items.map((r) => [
      r.id,
      String(r.version),
      targetLabel(r),
      r.status,
      formatTime(r.createdAt),
      r.requestedBy,
      expiryLabel(r),
    ]),
  );
}

/**
 * An expiring or expired approval is said again on stderr, not left to a table cell: an expired one blocks
 * promotion, an expiring one is about to.
 */
function warnAboutExpiry<T extends ApprovalRequestSummary>(
  context: CliContext,
  requests: readonly T[],
  describe: (request: T) => string,
): void {
  for (const request of requests.filter(needsAttention)) {
    const when = formatTime(request.expiresAt);
    context.notice(
      isExpired(request)
        ? `WARNING: the approval of ${describe(request)} EXPIRED ${when}; it no longer allows promotion: request and sign a new one`
        : `WARNING: the approval of ${describe(request)} is EXPIRING ${when}; request and sign a new one before then`,
    );
  }
}

function signingPreview(request: ApprovalRequest, input: SignApprovalInput): string {
  return [
    `You are signing approval request ${request.id}:`,
    indent(
      formatFields([
        ['version', `${formatVersionRef(request)} (sha256 ${request.artifactSha256})`],
        ['target', targetLabel(request)],
        ['decision', input.decision],
        ['meaning', input.meaning],
        ['reason', input.reason],
      ]),
    ),
  ].join('\n');
}

/**
 * The signature just made: the newest one with the decision, meaning and reason sent. The answer holds every
 * signature of the request, and another signer may have signed in the same moment.
 */
function ownSignature(
  signatures: readonly ApprovalSignature[],
  input: SignApprovalInput,
): ApprovalSignature | undefined {
  const matching = signatures.filter(
    (s) => s.decision === input.decision && s.meaning === input.meaning && s.reason === input.reason,
  );
  return matching.sort((a, b) => a.signedAt.localeCompare(b.signedAt)).at(-1);
}

function signedView(request: ApprovalRequest, signature: ApprovalSignature | undefined): string {
  const lines = [`signed approval request ${request.id} (${formatVersionRef(request)}, ${targetLabel(request)})`];
  if (signature !== undefined) {
    lines.push(
      indent(
        formatFields([
          ['printed name', `${signature.printedName} (${signature.role})`],
          ['time', formatTimeSeconds(signature.signedAt)],
          ['decision', signature.decision],
          ['meaning', signature.meaning],
          ['reason', signature.reason],
          ['signed hash', signature.signedHash],
        ]),
      ),
    );
  }
  const status =
    request.status === 'approved' && request.expiresAt !== null
      ? `approved (expires ${formatTime(request.expiresAt)})`
      : request.status;
  lines.push(`request status: ${status}`, ...missingLines(request));
  return lines.join('\n');
}
