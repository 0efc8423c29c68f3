import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError, assessCardCompleteness } from '@vigil/domain';
import { stringify } from 'yaml';
import { ModelCardInvalidError, type ModelCardFieldError } from './model-card-invalid.error';
import { MODEL_CARD_SOURCE_MAX_LENGTH, parseModelCard } from './parse-model-card';
import { validateModelCardObject } from './validate-model-card-object';

const examples = join(__dirname, '../../../../docs/examples');
const completeYaml = readFileSync(join(examples, 'card.yaml'), 'utf8');
const partialYaml = readFileSync(join(examples, 'card-partial.yaml'), 'utf8');

/** The errors a call throws; fails the test when it throws nothing or something else. */
function problems(call: () => unknown): ModelCardFieldError[] {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(ModelCardInvalidError);
    return (error as ModelCardInvalidError).errors;
  }
  throw new Error('expected the card to be rejected');
}

function problemsIn(card: object): ModelCardFieldError[] {
  return problems(() => validateModelCardObject(card));
}

describe('parseModelCard', () => {
  describe('the examples in docs/examples', () => {
    it('reads the complete card with all 31 attributes present', () => {
      const card = parseModelCard(completeYaml);
      expect(assessCardCompleteness(card)).toEqual({ total: 31, present: 31, missing: [] });
      expect(card.purpose?.decisionRole).toBe('informs');
      expect(card.development?.demographicInputs?.sex).toBe(true);
    });

    it('reads the partial card and leaves out the value written as empty', () => {
      const card = parseModelCard(partialYaml, 'yaml');
      expect(card.details).not.toHaveProperty('outputValue');
      const completeness = assessCardCompleteness(card);
      expect(completeness.present).toBe(5);
      expect(completeness.missing).toContain('details.outputValue');
      expect(completeness.missing).toContain('development.demographicInputs');
    });
  });

  it('returns plain objects that survive a JSON round trip unchanged', () => {
    const card = parseModelCard(completeYaml);
    expect(Object.getPrototypeOf(card)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(card.details)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(card.development?.demographicInputs)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(card))).toEqual(card);
  });

  it('reads the same card from JSON text, detected or named', () => {
    const fromYaml = parseModelCard(completeYaml);
    const json = JSON.stringify(fromYaml, null, 2);
    expect(parseModelCard(json)).toEqual(fromYaml);
    expect(parseModelCard(`\uFEFF  \n${json}`)).toEqual(fromYaml);
    expect(parseModelCard(json, 'json')).toEqual(fromYaml);
    expect(parseModelCard(json, 'yaml')).toEqual(fromYaml);
  });

  it('takes an already parsed object', () => {
    expect(parseModelCard({ purpose: { intendedUse: 'Triage' } })).toEqual({ purpose: { intendedUse: 'Triage' } });
  });

  it('keeps a stable key order and drops empty values and empty groups', () => {
    const card = parseModelCard(
      'updates:\n  updateProcess: Yearly\nfairness:\ndetails:\n  outputType: other\n  developer: Lab\nschemaVersion: 1\n',
    );
    expect(JSON.stringify(card)).toBe(
      '{"schemaVersion":1,"details":{"developer":"Lab","outputType":"other"},"updates":{"updateProcess":"Yearly"}}',
    );
  });

  it('accepts an empty mapping as a card with nothing in it yet', () => {
    expect(parseModelCard('{}')).toEqual({});
  });

  describe('unknown fields', () => {
    it('names an unknown top-level field', () => {
      expect(problems(() => parseModelCard('owner: Dr. Rivera\n'))).toEqual([
        { field: 'owner', message: expect.stringMatching(/^unknown field; the fields allowed at the top/) as string },
      ]);
    });

    it('names a misspelt attribute with its full path and suggests the known key', () => {
      expect(problems(() => parseModelCard('details:\n  fundingSourse: A grant\n'))).toEqual([
        { field: 'details.fundingSourse', message: 'unknown field; did you mean "fundingSource"?' },
      ]);
    });

    it('names unknown fields at every depth, including inside the demographic inputs', () => {
      const errors = problemsIn({
        purpose: { intendedUse: 'Triage', audience: 'Nurses' },
        development: { demographicInputs: { race: false, religion: false } },
      });
      expect(errors.map((e) => e.field).sort()).toEqual(['development.demographicInputs.religion', 'purpose.audience']);
      expect(errors.every((e) => e.message.startsWith('unknown field'))).toBe(true);
    });

    it('says where a well-spelt attribute in the wrong group belongs', () => {
      expect(problemsIn({ details: { intendedUse: 'Triage' } })).toEqual([
        { field: 'details.intendedUse', message: 'unknown field here; it belongs at "purpose.intendedUse"' },
      ]);
    });

    it('reports the keys that the object mapper would silently drop', () => {
      const errors = problems(() =>
        parseModelCard('{"__proto__": {"x": 1}, "details": {"constructor": "y", "developer": "Lab"}}'),
      );
      expect(errors.map((e) => e.field).sort()).toEqual(['__proto__', 'details.constructor']);
      expect(({} as Record<string, unknown>).x).toBeUndefined();
    });
  });

  describe('wrong values', () => {
    it('names a wrong enum value and lists the allowed ones', () => {
      expect(problems(() => parseModelCard('purpose:\n  decisionRole: decides\n'))).toEqual([
        {
          field: 'purpose.decisionRole',
          message: 'must be one of informs, augments, replaces, not "decides"',
        },
      ]);
    });

    it('suggests the enum value a wrong one is closest to', () => {
      const [error] = problemsIn({ details: { outputType: 'Prediction' } });
      expect(error).toEqual({
        field: 'details.outputType',
        message: expect.stringContaining('did you mean "prediction"?') as string,
      });
    });

    it('rejects blank text with a message saying what to do instead', () => {
      expect(problemsIn({ fairness: { biasManagement: '', fairnessApproach: '  \n ' } })).toEqual([
        { field: 'fairness.fairnessApproach', message: expect.stringContaining('must not be blank') as string },
        { field: 'fairness.biasManagement', message: expect.stringContaining('must not be blank') as string },
      ]);
    });

    it('rejects a number where text belongs, hinting at YAML quoting', () => {
      expect(problems(() => parseModelCard('details:\n  fundingSource: 2024\n'))).toEqual([
        { field: 'details.fundingSource', message: 'must be text, not the number 2024 (in YAML, put it in quotes)' },
      ]);
    });

    it('rejects text over the length limit', () => {
      expect(problemsIn({ summary: 'x'.repeat(10_001) })).toEqual([
        { field: 'summary', message: 'is 10001 characters long; the limit is 10000' },
      ]);
      expect(problemsIn({ modelName: 'x'.repeat(201) })[0].field).toBe('modelName');
    });

    it('reports a group that is not a mapping once, without noise from inside it', () => {
      expect(problemsIn({ details: [{ developer: 3 }], purpose: 'Triage' })).toEqual([
        { field: 'details', message: expect.stringMatching(/^must be a mapping of .*, not a list$/) as string },
        { field: 'purpose', message: expect.stringMatching(/^must be a mapping of .*, not "Triage"$/) as string },
      ]);
    });

    it("rejects YAML's yes/no where true/false is needed", () => {
      expect(problems(() => parseModelCard('development:\n  demographicInputs:\n    race: no\n'))).toEqual([
        { field: 'development.demographicInputs.race', message: 'must be true or false, not "no"' },
      ]);
    });

    it('accepts only schema version 1', () => {
      expect(problemsIn({ schemaVersion: 2 })).toEqual([
        { field: 'schemaVersion', message: expect.stringContaining('must be 1') as string },
      ]);
    });

    it('lists every problem in one error', () => {
      const errors = problemsIn({
        details: { outputType: 'score', fundingSourse: 'x' },
        purpose: { decisionRole: 'replace' },
        extra: true,
      });
      expect(errors.map((e) => e.field).sort()).toEqual([
        'details.fundingSourse',
        'details.outputType',
        'extra',
        'purpose.decisionRole',
      ]);
    });
  });

  describe('input that is not a card', () => {
    it.each([
      ['a YAML scalar', 'just some text'],
      ['a YAML list', '- details\n- purpose\n'],
      ['an empty document', ''],
      ['JSON null', 'null'],
      ['a JSON list', '[{"details": {}}]'],
    ])('rejects %s as a whole', (_what, text) => {
      expect(problems(() => parseModelCard(text))).toEqual([
        { field: '', message: expect.stringContaining('a model card must be a mapping of its groups') as string },
      ]);
    });

    it.each([null, undefined, 'text', 3, []])('rejects %p passed as an object', (value) => {
      expect(problems(() => validateModelCardObject(value))).toEqual([
        { field: '', message: expect.any(String) as string },
      ]);
    });

    it('refuses text far larger than any card', () => {
      expect(problems(() => parseModelCard(' '.repeat(MODEL_CARD_SOURCE_MAX_LENGTH + 1)))[0].message).toContain(
        'the limit is',
      );
    });
  });

  describe('syntax errors', () => {
    it('gives the line and column of a YAML error', () => {
      const [error] = problems(() =>
        parseModelCard('details:\n  developer: Lab\n  outputType: [prediction\npurpose:\n'),
      );
      expect(error.field).toBe('');
      expect(error.message).toMatch(/^YAML syntax error at line \d+, column \d+: /);
      expect(error.message).not.toContain('\n');
    });

    it('points at a duplicated YAML key', () => {
      const [error] = problems(() => parseModelCard('details:\n  developer: A\n  developer: B\n'));
      expect(error.message).toMatch(/^YAML syntax error at line 3, column 3: .*unique/);
    });

    it('asks for a single YAML document', () => {
      expect(problems(() => parseModelCard('details: {}\n---\npurpose: {}\n'))).toEqual([
        {
          field: '',
          message:
            'YAML syntax error at line 2, column 1: a card is a single YAML document; remove the extra "---" separator',
        },
      ]);
    });

    it('gives the line and column of a JSON error that V8 locates', () => {
      const [error] = problems(() => parseModelCard('{\n  "details": {\n    "developer": "Lab",\n  }\n}'));
      expect(error).toEqual({
        field: '',
        message: expect.stringMatching(/^JSON syntax error at line 4, column 3: /) as string,
      });
    });

    it('gives the line and column of a JSON error that V8 reports without a position', () => {
      const [error] = problems(() => parseModelCard('{\n  "details": {\n    "outputType": prediction\n  }\n}'));
      expect(error.message).toMatch(/^JSON syntax error at line 3, column 19: Unexpected token/);
      expect(error.message).not.toContain('is not valid JSON');
    });

    it('reads JSON as JSON when told to, even when it does not look like JSON', () => {
      expect(problems(() => parseModelCard('details: {}\n', 'json'))[0].message).toMatch(
        /^JSON syntax error at line 1, column 1/,
      );
    });

    it('refuses a YAML alias bomb', () => {
      const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
      for (let i = 0; i < 9; i++) {
        const ref = String.fromCharCode(97 + i);
        const next = String.fromCharCode(98 + i);
        bomb.push(`${next}: &${next} [*${ref},*${ref},*${ref},*${ref},*${ref},*${ref},*${ref},*${ref},*${ref}]`);
      }
      expect(problems(() => parseModelCard(bomb.join('\n')))[0].message).toMatch(/could not be expanded/);
    });
  });

  describe('ModelCardInvalidError', () => {
    it('carries its code, its problems and a readable summary', () => {
      let caught: unknown;
      try {
        parseModelCard('purpose:\n  decisionRole: decides\nowner: x\n');
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DomainError);
      const error = caught as ModelCardInvalidError;
      expect(error.code).toBe('model_card_invalid');
      expect(error.name).toBe('ModelCardInvalidError');
      expect(error.errors).toHaveLength(2);
      expect(error.message).toContain('(2 problems)');
      expect(error.message).toContain('purpose.decisionRole: must be one of');
    });
  });

  it('round-trips a parsed card through YAML', () => {
    const card = parseModelCard(completeYaml);
    expect(parseModelCard(stringify(card))).toEqual(card);
  });
});
