import { ExitCode, exitCodeForStatus } from './exit-codes';

describe('exitCodeForStatus', () => {
  it.each([
    [401, ExitCode.Auth],
    [403, ExitCode.Auth],
    [404, ExitCode.NotFound],
    [409, ExitCode.CheckFailed],
    [412, ExitCode.CheckFailed],
    [400, ExitCode.Usage],
    [413, ExitCode.Usage],
    [422, ExitCode.Usage],
    [428, ExitCode.Usage],
    [429, ExitCode.Server],
    [500, ExitCode.Server],
    [502, ExitCode.Server],
    [503, ExitCode.Server],
    [304, ExitCode.Server],
  ])('maps %i to %i', (status, code) => {
    expect(exitCodeForStatus(status)).toBe(code);
  });

  it('keeps the documented numbers', () => {
    expect(ExitCode).toEqual({ Ok: 0, CheckFailed: 1, Usage: 2, Server: 3, Auth: 4, NotFound: 5 });
  });
});
