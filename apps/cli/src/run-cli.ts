import { Command, Option } from 'commander';
import { VigilApiError } from '@vigil/contracts';
import { CliContext } from './cli-context';
import { type CliIo } from './cli-io';
import { DEFAULT_SERVER, EMBEDDED_ADMIN_TOKEN_FILE, type GlobalOptions } from './connection';
import { reportFailure } from './error-report';
import { EXIT_CODES_HELP, ExitCode } from './exit-codes';
import { registerApprovalCommands } from './commands/approval.command';
import { registerAuditCommands } from './commands/audit.command';
import { registerDeployCommands } from './commands/deploy.command';
import { registerHistoryCommand } from './commands/history.command';
import { registerModelCommands } from './commands/model.command';
import { registerPolicyCommands } from './commands/policy.command';
import { registerTokenCommands } from './commands/token.command';
import { registerUserCommands } from './commands/user.command';
import { registerVersionCommands } from './commands/version.command';
import { registerWhoamiCommand } from './commands/whoami.command';
import { registerDatasetCommands } from './commands/dataset.command';
import { registerCriteriaCommands } from './commands/criteria.command';
import { registerValidateCommand } from './commands/validate.command';
import { registerValidationCommands } from './commands/validation.command';
import { registerDriftCommand } from './commands/drift.command';
import { registerSimulateCommand } from './commands/simulate.command';
import { registerMonitorCommands } from './commands/monitor.command';
import { registerTicketCommands } from './commands/ticket.command';

const ROOT_HELP = `
Server and token:
  --server, else VIGIL_SERVER, else ${DEFAULT_SERVER}.
  The token is the first of: --token, --token-file, VIGIL_TOKEN, VIGIL_TOKEN_FILE, and
  ./${EMBEDDED_ADMIN_TOKEN_FILE} (written by the embedded server, \`npm start\`, in its directory).
  In CI prefer VIGIL_TOKEN or a token file: a --token value is visible in the process list.

Output:
  Human output is aligned plain text. With --json, stdout holds exactly one JSON document (the server's
  JSON; on an API error, its problem+json) and everything else goes to stderr.

${EXIT_CODES_HELP}

Examples:
  $ npm start &                      # embedded server; writes ./.vigil/admin-token
  $ vigil whoami
  $ vigil model create sepsis-risk --owner "Dr. A. Rivera" --card card.yaml
  $ vigil version register sepsis-risk --artifact model.onnx --commit "$(git rev-parse HEAD)" \\
        --training-data s3://vigil-data/sepsis/2026-10
  $ vigil version show sepsis-risk@1
  $ VIGIL_SERVER=https://vigil.example.org VIGIL_TOKEN="$VIGIL_CI_TOKEN" vigil --json version list sepsis-risk
`;

/** Runs one `vigil` invocation and returns its exit code; never calls process.exit, so it runs under test. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const program = new Command('vigil');
  const context = new CliContext(io, () => program.opts<GlobalOptions>());

  program
    .description('Vigil command line: models, versions, tokens, people, approvals, deployments and the audit trail')
    .addOption(new Option('--server <url>', `registry address (env VIGIL_SERVER; default ${DEFAULT_SERVER})`))
    .addOption(new Option('--token <token>', 'API token (env VIGIL_TOKEN)'))
    .addOption(new Option('--token-file <path>', 'file holding the API token (env VIGIL_TOKEN_FILE)'))
    .option('--json', 'machine output: one JSON document on stdout')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(text.replace(/^error: /, 'vigil: ')),
    })
    // Commander would exit with 1 on a usage error; throwing lets the one exit-code table decide (2).
    .exitOverride()
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(add --help for usage and examples)')
    .addHelpText('after', ROOT_HELP);

  registerWhoamiCommand(program, context);
  registerModelCommands(program, context);
  registerVersionCommands(program, context);
  registerTokenCommands(program, context);
  registerUserCommands(program, context);
  registerPolicyCommands(program, context);
  registerApprovalCommands(program, context);
  registerDeployCommands(program, context);
  registerHistoryCommand(program, context);
  registerAuditCommands(program, context);
  registerDatasetCommands(program, context);
  registerCriteriaCommands(program, context);
  registerValidateCommand(program, context);
  registerValidationCommands(program, context);
  registerDriftCommand(program, context);
  registerSimulateCommand(program, context);
  registerMonitorCommands(program, context);
  registerTicketCommands(program, context);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ExitCode.Ok;
  } catch (error) {
    const report = reportFailure(error, { tokenGiven: context.tokenGiven() });
    if (context.json && error instanceof VigilApiError && error.problem !== null) {
      io.stdout.write(`${JSON.stringify(error.problem, null, 2)}\n`);
    }
    for (const line of report.lines) io.stderr.write(`${line}\n`);
    return report.exitCode;
  }
}
