import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from '../cli.error';
import { ExitCode } from '../exit-codes';
import { parseCardText, readCardFile } from './card-file';

function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(ExitCode.Usage);
    return (error as CliError).message;
  }
  throw new Error('expected a usage error');
}

describe('parseCardText', () => {
  it('turns YAML into an object', () => {
    const yaml = 'details:\n  developer: Vigil Labs\npurpose:\n  decisionRole: informs\n  # a comment\n';
    expect(parseCardText(yaml, 'card.yaml')).toEqual({
      details: { developer: 'Vigil Labs' },
      purpose: { decisionRole: 'informs' },
    });
  });

  it('keeps dates and yes/no as the strings they were written as', () => {
    expect(parseCardText('updates:\n  lastReview: 2026-10-01\n  flag: no\n', 'card.yml')).toEqual({
      updates: { lastReview: '2026-10-01', flag: 'no' },
    });
  });

  it('reads JSON by extension or by a leading brace', () => {
    expect(parseCardText('{"details": {"developer": "x"}}', 'card.json')).toEqual({ details: { developer: 'x' } });
    expect(parseCardText('\n {"details": {}}', 'card.txt')).toEqual({ details: {} });
  });

  it('names the file, line and column of a YAML syntax error', () => {
    const message = usageMessage(() =>
      parseCardText('details:\n  developer: x\npurpose: [informs\nother: 1\n', 'card.yaml'),
    );
    expect(message).toMatch(/^card\.yaml:\d+:\d+: not valid YAML: /);
    expect(message).not.toContain('\n');
  });

  it('names the line of a YAML indentation error', () => {
    expect(usageMessage(() => parseCardText('details:\n  developer: x\n purpose: y\n', 'card.yaml'))).toBe(
      'card.yaml:3:1: not valid YAML: All mapping items must start at the same column',
    );
    expect(usageMessage(() => parseCardText('details:\n  developer: x\n\tpurpose: y\n', 'card.yaml'))).toMatch(
      /^card\.yaml:3:1: .*Tabs/,
    );
  });

  it('names the line and column of a JSON error whose message gives a position', () => {
    const message = usageMessage(() => parseCardText('{\n  "a": 1\n  "b": 2\n}', 'card.json'));
    expect(message).toMatch(/^card\.json:3:3: not valid JSON: Expected ',' or '}' after property value$/);
  });

  it('finds the line of a JSON error whose message gives none ("Unexpected token")', () => {
    const message = usageMessage(() => parseCardText('{\n  "a": 1,\n  "b": }\n', 'card.json'));
    expect(message).toMatch(/^card\.json:3:8: not valid JSON: Unexpected token '}'$/);
  });

  it('reports a truncated JSON file at its end', () => {
    expect(usageMessage(() => parseCardText('{\n"a": [1,\n', 'card.json'))).toMatch(/^card\.json:3:1: not valid JSON/);
  });

  it.each([
    ['- a\n- b\n', 'card.yaml', /a list/],
    ['just text', 'card.yaml', /a string/],
    ['', 'card.yaml', /nothing/],
    ['[1]', 'card.json', /a list/],
  ])('refuses a card that is not a mapping: %p', (text, file, what) => {
    expect(usageMessage(() => parseCardText(text, file))).toMatch(what);
  });
});

describe('readCardFile', () => {
  it('reads a file from disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-card-'));
    writeFileSync(join(dir, 'card.yaml'), 'details:\n  developer: x\n');
    await expect(readCardFile(join(dir, 'card.yaml'), 'card.yaml')).resolves.toEqual({ details: { developer: 'x' } });
  });

  it('refuses an unreadable file as a usage error naming it', async () => {
    await expect(readCardFile('/nonexistent/card.yaml', 'card.yaml')).rejects.toMatchObject({
      exitCode: ExitCode.Usage,
      message: 'cannot read the card file card.yaml: no such file',
    });
  });
});
