import {
  MODEL_CARD_ATTRIBUTES,
  MODEL_CARD_ATTRIBUTE_COUNT,
  MODEL_CARD_GROUPS,
  attributesOfGroup,
} from './model-card.catalogue';
import { DECISION_ROLES, DEMOGRAPHIC_VARIABLES, OUTPUT_TYPES } from './model-card.types';
import { completeModelCard } from './testing/complete-model-card';

const ROMAN = ['i', 'ii', 'iii', 'iv', 'v'];

describe('model card catalogue', () => {
  it('lists the 31 HTI-1 predictive source attributes', () => {
    expect(MODEL_CARD_ATTRIBUTES).toHaveLength(31);
    expect(MODEL_CARD_ATTRIBUTE_COUNT).toBe(31);
  });

  it('has the nine groups in regulation order with their sizes', () => {
    expect(MODEL_CARD_GROUPS.map((g) => g.key)).toEqual([
      'details',
      'purpose',
      'outOfScope',
      'development',
      'fairness',
      'externalValidation',
      'performance',
      'maintenance',
      'updates',
    ]);
    expect(MODEL_CARD_GROUPS.map((g) => attributesOfGroup(g.key).length)).toEqual([4, 4, 2, 4, 2, 4, 5, 4, 2]);
  });

  it('keeps each group contiguous, so catalogue order is group order', () => {
    const groupOrder = MODEL_CARD_ATTRIBUTES.map((a) => MODEL_CARD_GROUPS.findIndex((g) => g.key === a.group));
    expect(groupOrder).toEqual([...groupOrder].sort((a, b) => a - b));
  });

  it('has unique paths made of group and key', () => {
    const paths = MODEL_CARD_ATTRIBUTES.map((a) => a.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (const a of MODEL_CARD_ATTRIBUTES) expect(a.path).toBe(`${a.group}.${a.key}`);
  });

  it('numbers each attribute under its group paragraph, (i), (ii)… in order', () => {
    MODEL_CARD_GROUPS.forEach((group, g) => {
      expect(group.hti1).toBe(`(b)(11)(iv)(B)(${g + 1})`);
      attributesOfGroup(group.key).forEach((a, i) => expect(a.hti1).toBe(`${group.hti1}(${ROMAN[i]})`));
    });
  });

  it('places the attributes the regulation names at their paragraphs', () => {
    const byPath = new Map(MODEL_CARD_ATTRIBUTES.map((a) => [a.path, a]));
    expect(byPath.get('details.fundingSource')?.hti1).toBe('(b)(11)(iv)(B)(1)(ii)');
    expect(byPath.get('purpose.decisionRole')?.hti1).toBe('(b)(11)(iv)(B)(2)(iv)');
    expect(byPath.get('development.demographicInputs')?.hti1).toBe('(b)(11)(iv)(B)(4)(ii)');
    expect(byPath.get('performance.outcomeEvaluations')?.hti1).toBe('(b)(11)(iv)(B)(7)(v)');
    expect(byPath.get('updates.correctionFrequency')?.hti1).toBe('(b)(11)(iv)(B)(9)(ii)');
  });

  it('mirrors the card type: the keys of a complete card are the catalogue keys, group by group', () => {
    const card = completeModelCard();
    for (const group of MODEL_CARD_GROUPS) {
      expect(Object.keys(card[group.key]).sort()).toEqual(
        attributesOfGroup(group.key)
          .map((a) => a.key)
          .sort(),
      );
    }
  });

  it('gives enum attributes their allowed values and nothing else', () => {
    const enums = MODEL_CARD_ATTRIBUTES.filter((a) => a.kind === 'enum');
    expect(enums.map((a) => [a.path, a.values])).toEqual([
      ['details.outputType', OUTPUT_TYPES],
      ['purpose.decisionRole', DECISION_ROLES],
    ]);
    for (const a of MODEL_CARD_ATTRIBUTES.filter((x) => x.kind !== 'enum')) expect(a.values).toBeUndefined();
  });

  it('labels every group and attribute', () => {
    for (const x of [...MODEL_CARD_GROUPS, ...MODEL_CARD_ATTRIBUTES]) expect(x.label.trim()).not.toBe('');
  });

  it('marks only external validation, performance and maintenance as fillable from evidence', () => {
    expect(MODEL_CARD_GROUPS.filter((g) => g.fillableFromEvidence).map((g) => g.key)).toEqual([
      'externalValidation',
      'performance',
      'maintenance',
    ]);
  });

  it('lists the nine demographic variables at (A)(5) to (A)(13)', () => {
    expect(DEMOGRAPHIC_VARIABLES.map((v) => v.hti1)).toEqual(
      [5, 6, 7, 8, 9, 10, 11, 12, 13].map((n) => `(b)(11)(iv)(A)(${n})`),
    );
    expect(new Set(DEMOGRAPHIC_VARIABLES.map((v) => v.key)).size).toBe(9);
  });
});
