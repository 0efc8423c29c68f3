import { MODEL_CARD_ATTRIBUTES, MODEL_CARD_ATTRIBUTE_COUNT, type ModelCardAttribute } from './model-card.catalogue';
import { DEMOGRAPHIC_VARIABLE_KEYS } from './model-card.types';

export interface CardCompleteness {
  total: typeof MODEL_CARD_ATTRIBUTE_COUNT;
  present: number;
  /** Paths of the attributes not yet given, in catalogue (regulation) order. */
  missing: string[];
}

/**
 * How many of the 31 source attributes a card discloses. Takes `unknown` because cards come back from JSONB
 * columns written by older code or by hand; anything malformed simply counts as not disclosed rather than
 * throwing, so a bad card can still be shown with its gaps.
 */
export function assessCardCompleteness(card: unknown): CardCompleteness {
  const missing: string[] = [];
  for (const attribute of MODEL_CARD_ATTRIBUTES) {
    const group = ownProperty(card, attribute.group);
    if (!isDisclosed(attribute, ownProperty(group, attribute.key))) missing.push(attribute.path);
  }
  return { total: MODEL_CARD_ATTRIBUTE_COUNT, present: MODEL_CARD_ATTRIBUTES.length - missing.length, missing };
}

function isDisclosed(attribute: ModelCardAttribute, value: unknown): boolean {
  switch (attribute.kind) {
    case 'text':
      return typeof value === 'string' && value.trim() !== '';
    case 'enum':
      return typeof value === 'string' && (attribute.values ?? []).includes(value);
    case 'demographicInputs':
      // "Not used" must be said for each variable: a partly answered list hides exactly the answers that matter.
      return DEMOGRAPHIC_VARIABLE_KEYS.every((variable) => typeof ownProperty(value, variable) === 'boolean');
  }
}

/** Reads a key only from a plain object's own properties, so inherited names like `constructor` never count. */
function ownProperty(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}
