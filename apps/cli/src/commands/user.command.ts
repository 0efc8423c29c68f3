import { Option, type Command } from 'commander';
import { type CreatePersonInput } from '@vigil/contracts';
import { ROLES, type Role } from '@vigil/domain';
import { type CliContext } from '../cli-context';
import { parseNonEmpty } from '../input/option-parsers';
import { readPassword } from '../input/password';
import { formatFields } from '../output/table';
import { withExamples } from './help-text';

interface CreateOptions {
  name: string;
  email: string;
  role: Role;
  attribute: string[];
  passwordStdin?: boolean;
  /** Commander's reading of `--no-password`: false when it was given. */
  password: boolean;
}

export function registerUserCommands(program: Command, context: CliContext): void {
  const user = program.command('user').description('add people: the ones who can sign approvals (admin only)');
  withExamples(user, ['vigil user create --help']);

  const create = user
    .command('create')
    .description(
      'add a person with a role and attributes; their password is read from stdin or typed at a prompt, never given as an argument',
    )
    .requiredOption(
      '--name <name>',
      'full name as signatures will print it, e.g. "Dr. A. Rivera"',
      parseNonEmpty('the name'),
    )
    .requiredOption('--email <address>', 'e-mail address; tokens are issued to it (vigil token create --for)')
    .addOption(new Option('--role <role>', 'what the person may do').choices(ROLES).makeOptionMandatory())
    .option(
      '--attribute <name>',
      'a qualification an approval policy can require, e.g. clinical-lead (repeat for several)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--password-stdin', 'read the password from stdin (for scripts), instead of prompting on the terminal')
    .addOption(
      new Option(
        '--no-password',
        'create the person without a password (people who sign in only through OIDC)',
      ).conflicts('passwordStdin'),
    )
    .action(async (options: CreateOptions) => {
      const input: CreatePersonInput = {
        name: options.name,
        email: options.email,
        role: options.role,
        attributes: options.attribute,
      };
      if (options.password) {
        input.password = await readPassword(context.io, {
          fromStdin: options.passwordStdin === true,
          allowEnv: false,
          prompt: `Password for ${options.name}: `,
          confirm: true,
          purpose: `create ${options.name} (or give --no-password for an OIDC-only person)`,
        });
      }
      const person = await context.client().createPerson(input);
      context.print(person, () =>
        [
          `created ${person.name} <${person.email}>`,
          formatFields([
            ['role', person.role],
            ['attributes', person.attributes.length ? person.attributes.join(', ') : 'none'],
            ['password', input.password === undefined ? 'none (signs in through OIDC)' : 'set'],
            ['id', person.id],
          ]),
          `next: vigil token create --name NAME --for ${person.email}`,
        ].join('\n'),
      );
    });
  withExamples(create, [
    'vigil user create --name "Dr. A. Rivera" --email rivera@hospital.org --role approver --attribute clinical-lead',
    '# in a provisioning script: the password comes from a secret store, never from argv',
    'vault kv get -field=password secret/rivera | vigil user create --name "Dr. A. Rivera" \\\n      --email rivera@hospital.org --role approver --password-stdin',
    'vigil user create --name "Dr. B. Chen" --email chen@hospital.org --role approver --no-password',
  ]);
}
