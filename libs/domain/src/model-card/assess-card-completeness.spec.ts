import { assessCardCompleteness } from './assess-card-completeness';
import { MODEL_CARD_ATTRIBUTES } from './model-card.catalogue';
import { completeModelCard } from './testing/complete-model-card';

const ALL_PATHS = MODEL_CARD_ATTRIBUTES.map((a) => a.path);

describe('assessCardCompleteness', () => {
  it('reports every attribute missing, in catalogue order, for an empty card', () => {
    expect(assessCardCompleteness({})).toEqual({ total: 31, present: 0, missing: ALL_PATHS });
  });

  it('reports 31 of 31 for a complete card', () => {
    expect(assessCardCompleteness(completeModelCard())).toEqual({ total: 31, present: 31, missing: [] });
  });

  it('counts a partial card attribute by attribute', () => {
    const result = assessCardCompleteness({
      details: { developer: 'Lab', outputType: 'classification' },
      purpose: {
        intendedUse: 'Triage',
        intendedPopulation: 'Adults',
        intendedUsers: 'Nurses',
        decisionRole: 'augments',
      },
      updates: { correctionFrequency: 'Monthly' },
    });
    expect(result.present).toBe(7);
    expect(result.missing).toHaveLength(24);
    expect(result.missing.slice(0, 3)).toEqual([
      'details.fundingSource',
      'details.outputValue',
      'outOfScope.cautionedUses',
    ]);
    expect(result.missing).toContain('updates.updateProcess');
    expect(result.missing).not.toContain('updates.correctionFrequency');
    expect(result.missing).toEqual(ALL_PATHS.filter((p) => result.missing.includes(p)));
  });

  it('counts blank and whitespace-only text as missing', () => {
    const card = completeModelCard();
    card.details.fundingSource = '';
    card.purpose.intendedUse = '   \n\t ';
    expect(assessCardCompleteness(card)).toEqual({
      total: 31,
      present: 29,
      missing: ['details.fundingSource', 'purpose.intendedUse'],
    });
  });

  it('counts only the exact enum values', () => {
    const complete = completeModelCard();
    const card = {
      ...complete,
      details: { ...complete.details, outputType: 'Prediction' },
      purpose: { ...complete.purpose, decisionRole: 'decides' },
    };
    expect(assessCardCompleteness(card).missing).toEqual(['details.outputType', 'purpose.decisionRole']);
  });

  describe('demographic inputs', () => {
    const withInputs = (demographicInputs: unknown): string[] =>
      assessCardCompleteness({ development: { demographicInputs } }).missing;

    it('is present when all nine variables are answered, yes or no', () => {
      const all = completeModelCard().development.demographicInputs;
      expect(withInputs(all)).not.toContain('development.demographicInputs');
      expect(withInputs({ ...all, notes: 'Age is derived from date of birth' })).not.toContain(
        'development.demographicInputs',
      );
    });

    it('is missing when one variable is left out or not a boolean', () => {
      const { healthStatusAssessments: _left, ...eight } = completeModelCard().development.demographicInputs;
      expect(withInputs(eight)).toContain('development.demographicInputs');
      expect(withInputs({ ...eight, healthStatusAssessments: 'no' })).toContain('development.demographicInputs');
      expect(withInputs({ ...eight, healthStatusAssessments: null })).toContain('development.demographicInputs');
    });

    it('is missing when only notes are given, or when it is not an object', () => {
      expect(withInputs({ notes: 'none used' })).toContain('development.demographicInputs');
      expect(withInputs('none')).toContain('development.demographicInputs');
      expect(withInputs([true, true, true, true, true, true, true, true, true])).toContain(
        'development.demographicInputs',
      );
    });
  });

  it.each([null, undefined, 'card', 42, true, [], [completeModelCard()]])(
    'treats %p as a card with nothing in it',
    (odd) => {
      expect(assessCardCompleteness(odd)).toEqual({ total: 31, present: 0, missing: ALL_PATHS });
    },
  );

  it('ignores groups and attributes of the wrong type', () => {
    const result = assessCardCompleteness({
      details: ['Lab', 'Grant'],
      purpose: 'Triage',
      outOfScope: null,
      fairness: { fairnessApproach: 3, biasManagement: { text: 'reweighting' } },
      updates: { updateProcess: ['yearly'], correctionFrequency: true },
    });
    expect(result.present).toBe(0);
  });

  it('reads only own properties, never inherited ones', () => {
    const inherited = Object.create({ details: { developer: 'Lab' } }) as object;
    expect(assessCardCompleteness(inherited).present).toBe(0);
    const proto = Object.create({ developer: 'Lab' }) as object;
    expect(assessCardCompleteness({ details: proto }).present).toBe(0);
  });

  it('ignores keys outside the catalogue and leaves the card untouched', () => {
    const card = { ...completeModelCard(), extra: { anything: 'x' } };
    const before = JSON.stringify(card);
    expect(assessCardCompleteness(card).present).toBe(31);
    expect(JSON.stringify(card)).toBe(before);
  });
});
