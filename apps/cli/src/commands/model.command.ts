import { type Command } from 'commander';
import { stringify } from 'yaml';
import {
  type CardCompleteness,
  type Model,
  type ModelSummary,
  type Page,
  type UpdateModelInput,
} from '@vigil/contracts';
import { type CliContext } from '../cli-context';
import { CliError } from '../cli.error';
import { ExitCode } from '../exit-codes';
import { readCardFile } from '../input/card-file';
import { parseLimit, parseNonEmpty } from '../input/option-parsers';
import { formatTime, orNone } from '../output/format';
import { formatFields, formatTable, indent } from '../output/table';
import { withExamples } from './help-text';

interface CreateOptions {
  owner: string;
  description?: string;
  card?: string;
}

interface ListOptions {
  limit?: number;
  all?: boolean;
}

interface UpdateOptions {
  owner?: string;
  description?: string;
  card?: string;
}

export function registerModelCommands(program: Command, context: CliContext): void {
  const model = program.command('model').description('create, list, show and update models and their model cards');
  withExamples(model, ['vigil model list', 'vigil model show sepsis-risk', 'vigil model create --help']);

  const create = model
    .command('create')
    .description('create a model (a name under which versions are registered), optionally with its model card')
    .argument('<name>', 'lower-case letters, digits, ".", "_" and "-", e.g. sepsis-risk')
    .requiredOption('--owner <person>', 'who answers for the model, e.g. "Dr. A. Rivera"', parseNonEmpty('the owner'))
    .option('--description <text>', 'a sentence on what the model is for')
    .option('--card <file>', 'model card as YAML or JSON (HTI-1 source attributes); checked by the server')
    .action(async (name: string, options: CreateOptions) => {
      const card =
        options.card === undefined ? undefined : await readCardFile(context.path(options.card), options.card);
      const created = await context.client().createModel({
        name,
        owner: options.owner,
        description: options.description,
        card,
      });
      context.print(created, () => `created model ${created.name}\n${completenessLine(created.cardCompleteness)}`);
    });
  withExamples(create, [
    'vigil model create sepsis-risk --owner "Dr. A. Rivera"',
    'vigil model create sepsis-risk --owner "Dr. A. Rivera" --description "Sepsis within 6 h" --card card.yaml',
  ]);

  const list = model
    .command('list')
    .description('list models by name (the first page unless --all)')
    .option('--limit <n>', 'models per request, 1-200 (server default 50)', parseLimit)
    .option('--all', 'follow every page instead of stopping after the first')
    .action(async (options: ListOptions) => {
      const client = context.client();
      const page: Page<ModelSummary> = options.all
        ? { items: await client.listAllModels(options.limit), nextCursor: null }
        : await client.listModels({ limit: options.limit });
      context.print(page, () => modelTable(page.items));
      if (page.nextCursor !== null)
        context.notice(`showing the first ${page.items.length} models; add --all for the rest`);
    });
  withExamples(list, ['vigil model list', 'vigil model list --all --json | jq -r ".items[].name"']);

  const show = model
    .command('show')
    .description('show a model, its model card and how complete the card is')
    .argument('<name>')
    .action(async (name: string) => {
      const found = await context.client().getModel(name);
      context.print(found, () => modelView(found));
    });
  withExamples(show, [
    'vigil model show sepsis-risk',
    'vigil model show sepsis-risk --json | jq .cardCompleteness.missing',
  ]);

  const update = model
    .command('update')
    .description("change a model's owner, description or card (refused if someone changed it since it was read)")
    .argument('<name>')
    .option('--owner <person>', 'new owner', parseNonEmpty('the owner'))
    .option('--description <text>', 'new description')
    .option('--card <file>', 'new model card as YAML or JSON; replaces the whole card')
    .action(async (name: string, options: UpdateOptions) => {
      const changes: UpdateModelInput = { owner: options.owner, description: options.description };
      if (options.card !== undefined) changes.card = await readCardFile(context.path(options.card), options.card);
      if (changes.owner === undefined && changes.description === undefined && changes.card === undefined) {
        throw new CliError(ExitCode.Usage, 'nothing to change: give --owner, --description or --card');
      }
      const client = context.client();
      // The PATCH must name the state it was based on, so that a concurrent edit is refused, not overwritten.
      const current = await client.getModel(name);
      const updated = await client.updateModel(name, changes, current.etag);
      context.print(updated, () => `updated model ${updated.name}\n${completenessLine(updated.cardCompleteness)}`);
    });
  withExamples(update, [
    'vigil model update sepsis-risk --card card.yaml',
    'vigil model update sepsis-risk --owner "Dr. B. Chen" --description "Sepsis within 6 h of admission"',
  ]);
}

/** "card: 12 of 31 HTI-1 attributes present; missing: …" */
export function completenessLine(completeness: CardCompleteness | undefined): string {
  if (completeness === undefined) return 'card: completeness not reported by the server';
  const head = `card: ${completeness.present} of ${completeness.total} HTI-1 attributes present`;
  return completeness.missing.length === 0 ? head : `${head}; missing: ${completeness.missing.join(', ')}`;
}

function modelTable(models: readonly ModelSummary[]): string {
  if (models.length === 0) return 'no models yet';
  return formatTable(
    ['NAME', 'OWNER', 'CARD', 'UPDATED', 'DESCRIPTION'],
    models.map((m) => [
      m.name,
      m.owner,
      `${m.cardCompleteness.present}/${m.cardCompleteness.total}`,
      formatTime(m.updatedAt),
      m.description ?? '',
    ]),
  );
}

function modelView(model: Model): string {
  const fields = formatFields([
    ['name', model.name],
    ['owner', model.owner],
    ['description', orNone(model.description)],
    ['latest version', orNone(model.latestVersion)],
    ['created', `${formatTime(model.createdAt)} by ${model.createdBy}`],
    ['updated', formatTime(model.updatedAt)],
  ]);
  const card =
    model.card === null || Object.keys(model.card).length === 0
      ? ''
      : `\n\nmodel card:\n${indent(stringify(model.card, { lineWidth: 0 }).trimEnd())}`;
  return `${fields}\n${completenessLine(model.cardCompleteness)}${card}`;
}
