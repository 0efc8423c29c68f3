import { CliError } from '../cli.error';
import { parseFeatureColumns } from './feature-columns';

describe('parseFeatureColumns', () => {
  it('reads one column per line, in order, skipping blank lines and # comments', () => {
    const text = '# inputs of the sepsis model\nage\n\n  lactate  \n# vitals\nheart_rate\n';
    expect(parseFeatureColumns(text, 'cols.txt')).toEqual(['age', 'lactate', 'heart_rate']);
  });

  it('accepts Windows line endings and a byte-order mark', () => {
    expect(parseFeatureColumns('\uFEFFage\r\nlactate\r\n', 'cols.txt')).toEqual(['age', 'lactate']);
  });

  it('keeps a # inside a name', () => {
    expect(parseFeatureColumns('visit#\nage', 'cols.txt')).toEqual(['visit#', 'age']);
  });

  it('reads a JSON array', () => {
    expect(parseFeatureColumns(' ["age", "lactate"]\n', 'cols.json')).toEqual(['age', 'lactate']);
  });

  it.each([
    ['', /lists no feature columns/],
    ['# only a comment\n\n', /lists no feature columns/],
    ['[]', /lists no feature columns/],
    ['age\nlactate\nage', /lists the column "age" twice \(entries 1 and 3\)/],
    ['["age", 3]', /entry 2 must be a non-empty string/],
    ['["age", ""]', /entry 2 must be a non-empty string/],
    ['["age",', /not valid JSON/],
  ])('refuses %p', (text, message) => {
    expect(() => parseFeatureColumns(text, 'cols.txt')).toThrow(CliError);
    expect(() => parseFeatureColumns(text, 'cols.txt')).toThrow(message);
  });
});
