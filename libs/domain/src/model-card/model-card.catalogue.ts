import { DECISION_ROLES, OUTPUT_TYPES, type ModelCardGroupKey, type ModelCardGroups } from './model-card.types';

/**
 * The single list of the 31 source attributes. Completeness, validation messages, docs and (later) the
 * approval UI all read it, so the regulation's structure is written down once.
 */

/** HTI-1's paragraph for predictive decision support source attributes; group paragraphs hang off it. */
export const HTI1_PREDICTIVE_SOURCE_ATTRIBUTES = '45 CFR 170.315(b)(11)(iv)(B)';

export type ModelCardAttributeKind = 'text' | 'enum' | 'demographicInputs';

type AttributeKeyOf<G extends ModelCardGroupKey> = keyof NonNullable<ModelCardGroups[G]> & string;

interface AttributeOf<G extends ModelCardGroupKey> {
  readonly group: G;
  readonly key: AttributeKeyOf<G>;
  /** Dotted path into the card, also the `field` named in validation errors and in `missing`. */
  readonly path: `${G}.${AttributeKeyOf<G>}`;
  readonly label: string;
  /** Paragraph of 45 CFR 170.315 that asks for this attribute. */
  readonly hti1: string;
  readonly kind: ModelCardAttributeKind;
  /** The allowed values, for `enum` attributes only. */
  readonly values?: readonly string[];
}

export type ModelCardAttribute = { [G in ModelCardGroupKey]: AttributeOf<G> }[ModelCardGroupKey];

export interface ModelCardGroup {
  readonly key: ModelCardGroupKey;
  readonly label: string;
  readonly hti1: string;
  /**
   * Whether Vigil can later fill the group from its own records (validation runs, drift monitoring) instead
   * of someone typing it in.
   */
  readonly fillableFromEvidence: boolean;
}

export const MODEL_CARD_GROUPS: readonly ModelCardGroup[] = [
  { key: 'details', label: 'Details and output', hti1: '(b)(11)(iv)(B)(1)', fillableFromEvidence: false },
  { key: 'purpose', label: 'Purpose', hti1: '(b)(11)(iv)(B)(2)', fillableFromEvidence: false },
  { key: 'outOfScope', label: 'Cautioned out-of-scope use', hti1: '(b)(11)(iv)(B)(3)', fillableFromEvidence: false },
  {
    key: 'development',
    label: 'Development details and input features',
    hti1: '(b)(11)(iv)(B)(4)',
    fillableFromEvidence: false,
  },
  { key: 'fairness', label: 'Fairness in development', hti1: '(b)(11)(iv)(B)(5)', fillableFromEvidence: false },
  { key: 'externalValidation', label: 'External validation', hti1: '(b)(11)(iv)(B)(6)', fillableFromEvidence: true },
  {
    key: 'performance',
    label: 'Quantitative measures of performance',
    hti1: '(b)(11)(iv)(B)(7)',
    fillableFromEvidence: true,
  },
  { key: 'maintenance', label: 'Ongoing maintenance', hti1: '(b)(11)(iv)(B)(8)', fillableFromEvidence: true },
  { key: 'updates', label: 'Update and correction schedule', hti1: '(b)(11)(iv)(B)(9)', fillableFromEvidence: false },
];

export const MODEL_CARD_ATTRIBUTES: readonly ModelCardAttribute[] = [
  {
    group: 'details',
    key: 'developer',
    path: 'details.developer',
    label: 'Developer name and contact',
    hti1: '(b)(11)(iv)(B)(1)(i)',
    kind: 'text',
  },
  {
    group: 'details',
    key: 'fundingSource',
    path: 'details.fundingSource',
    label: 'Funding source',
    hti1: '(b)(11)(iv)(B)(1)(ii)',
    kind: 'text',
  },
  {
    group: 'details',
    key: 'outputValue',
    path: 'details.outputValue',
    label: 'Meaning of the output',
    hti1: '(b)(11)(iv)(B)(1)(iii)',
    kind: 'text',
  },
  {
    group: 'details',
    key: 'outputType',
    path: 'details.outputType',
    label: 'Output type',
    hti1: '(b)(11)(iv)(B)(1)(iv)',
    kind: 'enum',
    values: OUTPUT_TYPES,
  },
  {
    group: 'purpose',
    key: 'intendedUse',
    path: 'purpose.intendedUse',
    label: 'Intended use',
    hti1: '(b)(11)(iv)(B)(2)(i)',
    kind: 'text',
  },
  {
    group: 'purpose',
    key: 'intendedPopulation',
    path: 'purpose.intendedPopulation',
    label: 'Intended patient population',
    hti1: '(b)(11)(iv)(B)(2)(ii)',
    kind: 'text',
  },
  {
    group: 'purpose',
    key: 'intendedUsers',
    path: 'purpose.intendedUsers',
    label: 'Intended users',
    hti1: '(b)(11)(iv)(B)(2)(iii)',
    kind: 'text',
  },
  {
    group: 'purpose',
    key: 'decisionRole',
    path: 'purpose.decisionRole',
    label: 'Decision-making role',
    hti1: '(b)(11)(iv)(B)(2)(iv)',
    kind: 'enum',
    values: DECISION_ROLES,
  },
  {
    group: 'outOfScope',
    key: 'cautionedUses',
    path: 'outOfScope.cautionedUses',
    label: 'Tasks, situations or populations to avoid',
    hti1: '(b)(11)(iv)(B)(3)(i)',
    kind: 'text',
  },
  {
    group: 'outOfScope',
    key: 'knownRisksAndLimitations',
    path: 'outOfScope.knownRisksAndLimitations',
    label: 'Known risks, inappropriate settings and limitations',
    hti1: '(b)(11)(iv)(B)(3)(ii)',
    kind: 'text',
  },
  {
    group: 'development',
    key: 'inclusionExclusionCriteria',
    path: 'development.inclusionExclusionCriteria',
    label: 'Training data inclusion and exclusion criteria',
    hti1: '(b)(11)(iv)(B)(4)(i)',
    kind: 'text',
  },
  {
    group: 'development',
    key: 'demographicInputs',
    path: 'development.demographicInputs',
    label: 'Demographic and social variables used as inputs',
    hti1: '(b)(11)(iv)(B)(4)(ii)',
    kind: 'demographicInputs',
  },
  {
    group: 'development',
    key: 'demographicRepresentativeness',
    path: 'development.demographicRepresentativeness',
    label: 'Demographic representativeness of the training data',
    hti1: '(b)(11)(iv)(B)(4)(iii)',
    kind: 'text',
  },
  {
    group: 'development',
    key: 'relevanceToDeployedSetting',
    path: 'development.relevanceToDeployedSetting',
    label: 'Relevance of the training data to the deployed setting',
    hti1: '(b)(11)(iv)(B)(4)(iv)',
    kind: 'text',
  },
  {
    group: 'fairness',
    key: 'fairnessApproach',
    path: 'fairness.fairnessApproach',
    label: 'Approach to a fair output',
    hti1: '(b)(11)(iv)(B)(5)(i)',
    kind: 'text',
  },
  {
    group: 'fairness',
    key: 'biasManagement',
    path: 'fairness.biasManagement',
    label: 'Managing, reducing or removing bias',
    hti1: '(b)(11)(iv)(B)(5)(ii)',
    kind: 'text',
  },
  {
    group: 'externalValidation',
    key: 'dataSource',
    path: 'externalValidation.dataSource',
    label: 'External data source, clinical setting or environment',
    hti1: '(b)(11)(iv)(B)(6)(i)',
    kind: 'text',
  },
  {
    group: 'externalValidation',
    key: 'conductedBy',
    path: 'externalValidation.conductedBy',
    label: 'Party that ran the external testing',
    hti1: '(b)(11)(iv)(B)(6)(ii)',
    kind: 'text',
  },
  {
    group: 'externalValidation',
    key: 'demographicRepresentativeness',
    path: 'externalValidation.demographicRepresentativeness',
    label: 'Demographic representativeness of the external data',
    hti1: '(b)(11)(iv)(B)(6)(iii)',
    kind: 'text',
  },
  {
    group: 'externalValidation',
    key: 'process',
    path: 'externalValidation.process',
    label: 'External validation process',
    hti1: '(b)(11)(iv)(B)(6)(iv)',
    kind: 'text',
  },
  {
    group: 'performance',
    key: 'sameSourceValidity',
    path: 'performance.sameSourceValidity',
    label: 'Validity on test data from the training source',
    hti1: '(b)(11)(iv)(B)(7)(i)',
    kind: 'text',
  },
  {
    group: 'performance',
    key: 'sameSourceFairness',
    path: 'performance.sameSourceFairness',
    label: 'Fairness on test data from the training source',
    hti1: '(b)(11)(iv)(B)(7)(ii)',
    kind: 'text',
  },
  {
    group: 'performance',
    key: 'externalValidity',
    path: 'performance.externalValidity',
    label: 'Validity on external data',
    hti1: '(b)(11)(iv)(B)(7)(iii)',
    kind: 'text',
  },
  {
    group: 'performance',
    key: 'externalFairness',
    path: 'performance.externalFairness',
    label: 'Fairness on external data',
    hti1: '(b)(11)(iv)(B)(7)(iv)',
    kind: 'text',
  },
  {
    group: 'performance',
    key: 'outcomeEvaluations',
    path: 'performance.outcomeEvaluations',
    label: 'Evaluations of effect on outcomes',
    hti1: '(b)(11)(iv)(B)(7)(v)',
    kind: 'text',
  },
  {
    group: 'maintenance',
    key: 'validityMonitoring',
    path: 'maintenance.validityMonitoring',
    label: 'How and how often validity is monitored',
    hti1: '(b)(11)(iv)(B)(8)(i)',
    kind: 'text',
  },
  {
    group: 'maintenance',
    key: 'localValidity',
    path: 'maintenance.localValidity',
    label: 'Validity on local data',
    hti1: '(b)(11)(iv)(B)(8)(ii)',
    kind: 'text',
  },
  {
    group: 'maintenance',
    key: 'fairnessMonitoring',
    path: 'maintenance.fairnessMonitoring',
    label: 'How and how often fairness is monitored',
    hti1: '(b)(11)(iv)(B)(8)(iii)',
    kind: 'text',
  },
  {
    group: 'maintenance',
    key: 'localFairness',
    path: 'maintenance.localFairness',
    label: 'Fairness on local data',
    hti1: '(b)(11)(iv)(B)(8)(iv)',
    kind: 'text',
  },
  {
    group: 'updates',
    key: 'updateProcess',
    path: 'updates.updateProcess',
    label: 'How and how often the model is updated',
    hti1: '(b)(11)(iv)(B)(9)(i)',
    kind: 'text',
  },
  {
    group: 'updates',
    key: 'correctionFrequency',
    path: 'updates.correctionFrequency',
    label: 'How often performance is corrected once a risk is found',
    hti1: '(b)(11)(iv)(B)(9)(ii)',
    kind: 'text',
  },
];

/** Fixed by the regulation; the catalogue spec holds the list above to it. */
export const MODEL_CARD_ATTRIBUTE_COUNT = 31;

/** The attributes of one group, in regulation order. */
export function attributesOfGroup(group: ModelCardGroupKey): readonly ModelCardAttribute[] {
  return MODEL_CARD_ATTRIBUTES.filter((a) => a.group === group);
}

/** The keys a card may carry at its top level besides the nine groups. */
export const MODEL_CARD_TOP_LEVEL_FIELDS = ['schemaVersion', 'modelName', 'summary'] as const;
