import { type Command } from 'commander';
import { type AuditEntry, type AuditLogQuery, type AuditVerification, type Page } from '@vigil/contracts';
import { canonicalJson } from '@vigil/domain';
import { type CliContext } from '../cli-context';
import { CliError } from '../cli.error';
import { ExitCode } from '../exit-codes';
import { parseLimit, parseNonEmpty } from '../input/option-parsers';
import { NONE } from '../output/format';
import { formatTable } from '../output/table';
import { withExamples } from './help-text';

interface LogOptions {
  model?: string;
  entityType?: string;
  entityId?: string;
  oldestFirst?: boolean;
  limit?: number;
  all?: boolean;
}

/** Wide enough for a few changed fields; the full before/after is one `--json` away. */
const SUMMARY_WIDTH = 90;
const VALUE_WIDTH = 32;
/** A card is nested a few levels deep; below that, "x changed" says enough. */
const MAX_DIFF_DEPTH = 4;

export function registerAuditCommands(program: Command, context: CliContext): void {
  const audit = program
    .command('audit')
    .description('verify the hash-chained audit trail and read its entries (any role)');
  withExamples(audit, ['vigil audit verify', 'vigil audit log --model sepsis-risk']);

  const verify = audit
    .command('verify')
    .description('walk the whole audit chain on the server and report the first entry that does not hold')
    .action(async () => {
      const result = await context.client().verifyAuditTrail();
      context.print(result, () => verificationView(result));
      if (!result.ok) {
        throw new CliError(
          ExitCode.CheckFailed,
          'the audit trail does not verify; leave the database as it is and see docs/audit.md ("When verify fails")',
        );
      }
    });
  withExamples(verify, [
    'vigil audit verify',
    '# in a nightly job: keep the head hash outside the database, alert on exit code 1',
    'vigil audit verify --json | jq -r ".lastId, .lastHash" >> audit-heads.txt',
  ]);

  const log = audit
    .command('log')
    .description('list audit entries, newest first (the first page unless --all): who changed what, and when')
    .option('--model <name>', 'entries about this model and all of its versions', parseNonEmpty('the model name'))
    .option('--entity-type <type>', 'only entries about this kind of thing: model, model_version, token, …')
    .option('--entity-id <id>', 'only entries about this one (needs --entity-type), e.g. sepsis-risk@3')
    .option('--oldest-first', 'oldest entries first')
    .option('--limit <n>', 'entries per request, 1-200 (server default 50)', parseLimit)
    .option('--all', 'follow every page instead of stopping after the first')
    .action(async (options: LogOptions) => {
      if (options.entityId !== undefined && options.entityType === undefined) {
        throw new CliError(ExitCode.Usage, '--entity-id needs --entity-type (ids are only unique within a type)');
      }
      const query: AuditLogQuery = {
        model: options.model,
        entityType: options.entityType,
        entityId: options.entityId,
        order: options.oldestFirst ? 'oldest' : undefined,
      };
      const client = context.client();
      const page: Page<AuditEntry> = options.all
        ? { items: await client.listAllAuditLog(query, options.limit), nextCursor: null }
        : await client.listAuditLog({ ...query, limit: options.limit });
      context.print(page, () => auditTable(page.items));
      if (page.nextCursor !== null) context.notice(`showing ${page.items.length} entries; add --all for the rest`);
    });
  withExamples(log, [
    'vigil audit log --model sepsis-risk',
    'vigil audit log --entity-type model_version --entity-id sepsis-risk@3 --oldest-first',
    'vigil audit log --entity-type token --all --json | jq -r ".items[] | [.occurredAt, .actor, .action] | @tsv"',
  ]);
}

function verificationView(v: AuditVerification): string {
  const seconds = `${(v.durationMs / 1000).toFixed(2)} s`;
  const head = v.lastId === null ? 'none' : `entry #${v.lastId}, hash ${v.lastHash ?? NONE}`;
  if (v.ok) {
    return [
      `audit trail intact: ${v.entriesChecked} entries checked in ${seconds}`,
      `last entry: ${head}`,
      // Verification proves the chain is consistent, not that its end is still there; only a copy kept
      // elsewhere shows that.
      'record the last hash outside the database: a later verify that no longer reaches it means entries were cut off',
    ].join('\n');
  }
  return [
    `audit trail BROKEN at entry #${v.firstBrokenId ?? '?'} (${v.reason ?? 'unknown'}): ${v.detail ?? 'see the server log'}`,
    `last intact entry: ${head}`,
    `${v.entriesChecked} entries checked in ${seconds}`,
  ].join('\n');
}

function auditTable(entries: readonly AuditEntry[]): string {
  if (entries.length === 0) return 'no audit entries match';
  return formatTable(
    ['ID', 'TIME (UTC)', 'ACTOR', 'ACTION', 'ENTITY', 'CHANGES'],
    entries.map((e) => [
      String(e.id),
      utcSeconds(e.occurredAt),
      e.actorRole === null ? e.actor : `${e.actor} (${e.actorRole})`,
      e.action,
      e.entityId,
      summarizeChange(e.before, e.after),
    ]),
  );
}

/** Seconds matter in an audit trail (two changes in one minute); the zone is in the header. */
function utcSeconds(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * One line on what an entry changed: the fields whose values differ between `before` and `after`, with old and
 * new values when they are short scalars. `rowVersion` is left out: it changes on every update and says nothing.
 */
export function summarizeChange(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string {
  if (before === null && after === null) return '';
  if (before === null) return 'created';
  if (after === null) return 'removed';
  const changes = diffPaths(before, after, '', 0).filter((c) => c.path !== 'rowVersion');
  if (changes.length === 0) return 'no field changed';
  const parts = changes.map((c) =>
    isScalar(c.before) && isScalar(c.after)
      ? `${c.path}: ${showValue(c.before)} → ${showValue(c.after)}`
      : `${c.path} changed`,
  );
  let line = '';
  for (const [index, part] of parts.entries()) {
    const next = line === '' ? part : `${line}; ${part}`;
    const rest = parts.length - index - 1;
    if (next.length > SUMMARY_WIDTH && line !== '') return `${line}; … (+${rest + 1} more)`;
    line = next;
  }
  return line;
}

interface Change {
  path: string;
  before: unknown;
  after: unknown;
}

function diffPaths(before: unknown, after: unknown, path: string, depth: number): Change[] {
  if (isPlainObject(before) && isPlainObject(after) && depth < MAX_DIFF_DEPTH) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => diffPaths(before[key], after[key], path ? `${path}.${key}` : key, depth + 1));
  }
  // Key order inside jsonb values is not meaningful, so equal content must compare equal whatever the order.
  return sameValue(before, after) ? [] : [{ path: path || '(entry)', before, after }];
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return a === b;
  return canonicalJson(a) === canonicalJson(b);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): boolean {
  return value === undefined || value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function showValue(value: unknown): string {
  if (value === undefined) return NONE;
  // Only scalars get here: numbers, booleans and null print as JSON writes them.
  if (typeof value !== 'string') return JSON.stringify(value);
  const short = value.length > VALUE_WIDTH ? `${value.slice(0, VALUE_WIDTH - 1)}…` : value;
  return JSON.stringify(short);
}
