import { type Command } from 'commander';

const EXIT_CODES_SHORT =
  'Exit codes: 0 ok, 1 check failed or conflict, 2 usage or invalid input, 3 server/network, 4 auth, 5 not found.';

/** Appends examples and the exit-code summary to a command's `--help`. */
export function withExamples(command: Command, examples: readonly string[]): Command {
  const lines = examples.map((example) => (example.startsWith('#') ? `  ${example}` : `  $ ${example}`));
  return command.addHelpText('after', `\nExamples:\n${lines.join('\n')}\n\n${EXIT_CODES_SHORT}\n`);
}
