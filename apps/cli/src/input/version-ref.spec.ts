import { CliError } from '../cli.error';
import { ExitCode } from '../exit-codes';
import { parseVersionRef } from './version-ref';

describe('parseVersionRef', () => {
  it('splits NAME@V', () => {
    expect(parseVersionRef('sepsis-risk@3')).toEqual({ model: 'sepsis-risk', version: 3 });
    expect(parseVersionRef('a.b_c-d@120')).toEqual({ model: 'a.b_c-d', version: 120 });
  });

  it.each([
    ['name', /the version number is missing/],
    ['name@', /nothing follows the @/],
    ['name@x', /must be a whole number from 1 up/],
    ['name@0', /must be a whole number from 1 up/],
    ['name@-1', /must be a whole number from 1 up/],
    ['name@1.5', /must be a whole number from 1 up/],
    ['name@ 2', /must be a whole number from 1 up/],
    ['name@99999999999999999999', /must be a whole number from 1 up/],
    ['@3', /the model name is missing/],
    ['', /the version number is missing/],
  ])('refuses %p as a usage error', (text, message) => {
    let thrown: unknown;
    try {
      parseVersionRef(text);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CliError);
    expect((thrown as CliError).exitCode).toBe(ExitCode.Usage);
    expect((thrown as CliError).message).toMatch(message);
  });
});
