import type { ModelCard, ModelCardGroupKey, ModelCardGroups } from '../model-card.types';

/** Every group and every attribute required: the type checker then fails if the card type gains a key. */
export type CompleteModelCard = ModelCard & { [G in ModelCardGroupKey]-?: Required<NonNullable<ModelCardGroups[G]>> };

/** A fresh card with all 31 attributes given, for specs to copy and then break. */
export function completeModelCard(): CompleteModelCard {
  return {
    schemaVersion: 1,
    modelName: 'Ward deterioration score',
    details: {
      developer: 'Test Lab, test@example.org',
      fundingSource: 'Internal budget',
      outputValue: 'Probability of deterioration within 12 hours',
      outputType: 'prediction',
    },
    purpose: {
      intendedUse: 'Flag inpatients for review',
      intendedPopulation: 'Adults on general wards',
      intendedUsers: 'Ward nurses',
      decisionRole: 'informs',
    },
    outOfScope: { cautionedUses: 'Intensive care', knownRisksAndLimitations: 'Not tested on children' },
    development: {
      inclusionExclusionCriteria: 'Adult admissions 2019-2022',
      demographicInputs: {
        race: false,
        ethnicity: false,
        language: false,
        sexualOrientation: false,
        genderIdentity: false,
        sex: true,
        dateOfBirth: true,
        socialDeterminantsOfHealth: false,
        healthStatusAssessments: false,
      },
      demographicRepresentativeness: 'Matches the catchment census within 5 points',
      relevanceToDeployedSetting: 'Same hospital group',
    },
    fairness: { fairnessApproach: 'Equal sensitivity targets', biasManagement: 'Reweighting' },
    externalValidation: {
      dataSource: 'A second hospital',
      conductedBy: 'An independent team',
      demographicRepresentativeness: 'Older population',
      process: 'Retrospective replay',
    },
    performance: {
      sameSourceValidity: 'AUROC 0.80',
      sameSourceFairness: 'Sensitivity ratio 0.95',
      externalValidity: 'AUROC 0.77',
      externalFairness: 'Sensitivity ratio 0.91',
      outcomeEvaluations: 'None yet',
    },
    maintenance: {
      validityMonitoring: 'Weekly',
      localValidity: 'AUROC 0.78 last quarter',
      fairnessMonitoring: 'Monthly',
      localFairness: 'Within 0.8-1.25',
    },
    updates: { updateProcess: 'Yearly retraining', correctionFrequency: 'Within 30 days of a confirmed issue' },
  };
}
