import { DomainError, type FieldProblem } from '@vigil/domain';

/** One problem with a card, `field` being the dotted path inside the card ('' for the card as a whole). */
export type ModelCardFieldError = FieldProblem;

/**
 * A card that cannot be read or does not have the right shape. Carries every problem found, so an author can
 * fix a card in one pass instead of one error per upload. A `DomainError`, so the HTTP error filter already
 * knows its code.
 */
export class ModelCardInvalidError extends DomainError {
  // Narrowed, not redefined: the base class sets both in its constructor.
  declare readonly code: 'model_card_invalid';
  declare readonly errors: ModelCardFieldError[];

  constructor(errors: ModelCardFieldError[]) {
    super('model_card_invalid', summarise(errors), errors);
    this.name = 'ModelCardInvalidError';
  }
}

function summarise(errors: readonly ModelCardFieldError[]): string {
  const listed = errors.map((e) => (e.field === '' ? e.message : `${e.field}: ${e.message}`));
  const noun = errors.length === 1 ? 'problem' : 'problems';
  return `The model card is not valid (${errors.length} ${noun}): ${listed.join('; ')}`;
}
