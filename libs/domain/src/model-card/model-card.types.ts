/**
 * The model card as Vigil stores it: nine groups named after the HTI-1 source-attribute groups for predictive
 * decision support (45 CFR 170.315(b)(11)(iv)(B)). Every attribute is optional because a card is written over
 * time; how much of it is filled in is reported by `assessCardCompleteness`, not enforced by the type.
 */

/** The output kinds the regulation names for a predictive intervention. */
export const OUTPUT_TYPES = [
  'prediction',
  'classification',
  'recommendation',
  'evaluation',
  'analysis',
  'other',
] as const;
export type OutputType = (typeof OUTPUT_TYPES)[number];

/** How much weight the output carries in the clinical decision. */
export const DECISION_ROLES = ['informs', 'augments', 'replaces'] as const;
export type DecisionRole = (typeof DECISION_ROLES)[number];

/**
 * The demographic and social variables whose use as inputs must be disclosed. HTI-1 lists them once, for
 * evidence-based interventions, at (b)(11)(iv)(A)(5)–(13); the predictive attributes refer back to that list.
 */
export const DEMOGRAPHIC_VARIABLES = [
  { key: 'race', label: 'Race', hti1: '(b)(11)(iv)(A)(5)' },
  { key: 'ethnicity', label: 'Ethnicity', hti1: '(b)(11)(iv)(A)(6)' },
  { key: 'language', label: 'Language', hti1: '(b)(11)(iv)(A)(7)' },
  { key: 'sexualOrientation', label: 'Sexual orientation', hti1: '(b)(11)(iv)(A)(8)' },
  { key: 'genderIdentity', label: 'Gender identity', hti1: '(b)(11)(iv)(A)(9)' },
  { key: 'sex', label: 'Sex', hti1: '(b)(11)(iv)(A)(10)' },
  { key: 'dateOfBirth', label: 'Date of birth', hti1: '(b)(11)(iv)(A)(11)' },
  { key: 'socialDeterminantsOfHealth', label: 'Social determinants of health', hti1: '(b)(11)(iv)(A)(12)' },
  { key: 'healthStatusAssessments', label: 'Health status assessments', hti1: '(b)(11)(iv)(A)(13)' },
] as const;
export type DemographicVariable = (typeof DEMOGRAPHIC_VARIABLES)[number]['key'];
export const DEMOGRAPHIC_VARIABLE_KEYS: readonly DemographicVariable[] = DEMOGRAPHIC_VARIABLES.map((v) => v.key);

/** One yes/no per variable, so that "not used" is an explicit statement rather than a silent omission. */
export type DemographicInputs = { [V in DemographicVariable]?: boolean } & {
  /** Free text, e.g. how a variable is encoded or why it is needed. */
  notes?: string;
};

export interface ModelCardDetails {
  /** Name of the developer and how to reach them. */
  developer?: string;
  fundingSource?: string;
  /** What the output means, in the units a clinician sees. */
  outputValue?: string;
  outputType?: OutputType;
}

export interface ModelCardPurpose {
  intendedUse?: string;
  intendedPopulation?: string;
  intendedUsers?: string;
  decisionRole?: DecisionRole;
}

export interface ModelCardOutOfScope {
  cautionedUses?: string;
  knownRisksAndLimitations?: string;
}

export interface ModelCardDevelopment {
  inclusionExclusionCriteria?: string;
  demographicInputs?: DemographicInputs;
  demographicRepresentativeness?: string;
  relevanceToDeployedSetting?: string;
}

export interface ModelCardFairness {
  fairnessApproach?: string;
  biasManagement?: string;
}

export interface ModelCardExternalValidation {
  dataSource?: string;
  conductedBy?: string;
  demographicRepresentativeness?: string;
  process?: string;
}

export interface ModelCardPerformance {
  sameSourceValidity?: string;
  sameSourceFairness?: string;
  externalValidity?: string;
  externalFairness?: string;
  /** Citations or links to studies of the model's effect on outcomes. */
  outcomeEvaluations?: string;
}

export interface ModelCardMaintenance {
  validityMonitoring?: string;
  localValidity?: string;
  fairnessMonitoring?: string;
  localFairness?: string;
}

export interface ModelCardUpdates {
  updateProcess?: string;
  correctionFrequency?: string;
}

/** The nine attribute groups, keyed as they appear in a card. */
export interface ModelCardGroups {
  details?: ModelCardDetails;
  purpose?: ModelCardPurpose;
  outOfScope?: ModelCardOutOfScope;
  development?: ModelCardDevelopment;
  fairness?: ModelCardFairness;
  externalValidation?: ModelCardExternalValidation;
  performance?: ModelCardPerformance;
  maintenance?: ModelCardMaintenance;
  updates?: ModelCardUpdates;
}

export type ModelCardGroupKey = keyof ModelCardGroups;

/** The only card layout so far; stored so a later layout can be told apart from this one. */
export const MODEL_CARD_SCHEMA_VERSION = 1;

export interface ModelCard extends ModelCardGroups {
  schemaVersion?: typeof MODEL_CARD_SCHEMA_VERSION;
  /** A display name for the card; the registry's model name stays the identifier. */
  modelName?: string;
  /** A few sentences for reviewers who will not read all 31 attributes. */
  summary?: string;
}

/** Long enough for a real paragraph with citations, short enough that a card stays a card. */
export const MODEL_CARD_TEXT_MAX_LENGTH = 10_000;
export const MODEL_CARD_NAME_MAX_LENGTH = 200;
