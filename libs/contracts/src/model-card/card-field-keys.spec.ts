import { allowedKeysAt, nearestKey, unknownFieldMessage } from './card-field-keys';

describe('card field keys', () => {
  it('knows the keys allowed at each level of a card', () => {
    expect(allowedKeysAt('')).toEqual([
      'schemaVersion',
      'modelName',
      'summary',
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
    expect(allowedKeysAt('outOfScope')).toEqual(['cautionedUses', 'knownRisksAndLimitations']);
    expect(allowedKeysAt('development.demographicInputs')).toContain('healthStatusAssessments');
    expect(allowedKeysAt('development.demographicInputs')).toContain('notes');
    expect(allowedKeysAt('details.developer')).toBeUndefined();
  });

  it.each([
    ['fundingSourse', 'fundingSource'],
    ['funding_source', 'fundingSource'],
    ['FundingSource', 'fundingSource'],
    ['outputtype', 'outputType'],
    ['develper', 'developer'],
  ])('takes %s for a slip of %s', (typo, intended) => {
    expect(nearestKey(typo, ['developer', 'fundingSource', 'outputValue', 'outputType'])).toBe(intended);
  });

  it('does not guess when nothing is close', () => {
    expect(nearestKey('owner', ['developer', 'fundingSource', 'outputValue', 'outputType'])).toBeUndefined();
    expect(nearestKey('x', ['notes'])).toBeUndefined();
  });

  it('points a well-spelt key in the wrong group to where it belongs', () => {
    expect(unknownFieldMessage('details', 'intendedUse')).toBe(
      'unknown field here; it belongs at "purpose.intendedUse"',
    );
    expect(unknownFieldMessage('', 'demographicRepresentativeness')).toBe(
      'unknown field here; it belongs at "development.demographicRepresentativeness" or "externalValidation.demographicRepresentativeness"',
    );
    expect(unknownFieldMessage('development', 'race')).toBe(
      'unknown field here; it belongs at "development.demographicInputs.race"',
    );
  });

  it('lists the allowed keys when it cannot guess', () => {
    expect(unknownFieldMessage('fairness', 'owner')).toBe(
      'unknown field; the fields allowed in "fairness" are: fairnessApproach, biasManagement',
    );
    expect(unknownFieldMessage('', 'owner')).toMatch(
      /^unknown field; the fields allowed at the top of a card are: schemaVersion, /,
    );
  });
});
