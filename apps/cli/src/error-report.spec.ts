import { CommanderError } from 'commander';
import { VigilApiError, VigilNetworkError } from '@vigil/contracts';
import { CliError } from './cli.error';
import { reportFailure } from './error-report';
import { ExitCode } from './exit-codes';

const withToken = { tokenGiven: true };

describe('reportFailure', () => {
  it('prints the detail and one line per invalid field, and exits 2 on a 422', () => {
    const error = new VigilApiError(
      422,
      {
        detail: 'The model card has 2 problems.',
        errors: [
          { field: 'card.purpose.decisionRole', message: 'must be one of informs, augments, replaces' },
          { field: 'card.details.developer', message: 'must be a string' },
        ],
      },
      'req-1',
      'POST',
      '/models',
    );
    expect(reportFailure(error, withToken)).toEqual({
      exitCode: ExitCode.Usage,
      lines: [
        'vigil: The model card has 2 problems.',
        'vigil: card.purpose.decisionRole: must be one of informs, augments, replaces',
        'vigil: card.details.developer: must be a string',
      ],
    });
  });

  it('exits 1 on a conflict, with the server sentence', () => {
    const error = new VigilApiError(
      409,
      { code: 'version_exists', detail: 'already registered as version 3' },
      null,
      'POST',
      '/x',
    );
    expect(reportFailure(error, withToken)).toEqual({
      exitCode: ExitCode.CheckFailed,
      lines: ['vigil: already registered as version 3'],
    });
  });

  it('hints at how to give a token when a 401 followed a request without one', () => {
    const error = new VigilApiError(401, { detail: 'a bearer token is required' }, null, 'GET', '/whoami');
    const report = reportFailure(error, { tokenGiven: false });
    expect(report.exitCode).toBe(ExitCode.Auth);
    expect(report.lines[1]).toMatch(/no token was given: pass --token/);
    expect(reportFailure(error, withToken).lines).toHaveLength(1);
  });

  it('asks to quote the ids of a server failure', () => {
    const error = new VigilApiError(500, { detail: 'Internal error', errorId: 'e-9' }, 'req-7', 'GET', '/models');
    expect(reportFailure(error, withToken)).toEqual({
      exitCode: ExitCode.Server,
      lines: ['vigil: Internal error', 'vigil: quote error id e-9, request id req-7 when reporting this'],
    });
  });

  it('exits 5 on a 404 and 4 on a 403', () => {
    expect(reportFailure(new VigilApiError(404, null, null, 'GET', '/m'), withToken).exitCode).toBe(ExitCode.NotFound);
    expect(reportFailure(new VigilApiError(403, null, null, 'GET', '/m'), withToken).exitCode).toBe(ExitCode.Auth);
  });

  it('exits 3 on a network failure and says where it tried', () => {
    const report = reportFailure(
      new VigilNetworkError('could not reach the registry at http://x: ECONNREFUSED', 'http://x', false),
      withToken,
    );
    expect(report.exitCode).toBe(ExitCode.Server);
    expect(report.lines[0]).toBe('vigil: could not reach the registry at http://x: ECONNREFUSED');
  });

  it('uses the exit code a CliError carries', () => {
    expect(reportFailure(new CliError(ExitCode.CheckFailed, 'checksum mismatch'), withToken)).toEqual({
      exitCode: ExitCode.CheckFailed,
      lines: ['vigil: checksum mismatch'],
    });
  });

  it('leaves commander messages to commander and exits 2, or 0 after --help', () => {
    expect(reportFailure(new CommanderError(1, 'commander.missingArgument', 'x'), withToken)).toEqual({
      exitCode: ExitCode.Usage,
      lines: [],
    });
    expect(reportFailure(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'), withToken).exitCode).toBe(
      ExitCode.Ok,
    );
  });
});
