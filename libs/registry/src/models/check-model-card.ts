import { validateModelCardObject } from '@vigil/contracts';
import { DomainError } from '@vigil/domain';

/** Validates a card from a request body; field paths are reported under `card.` so the caller finds them. */
export function checkModelCard(card: Record<string, unknown>): Record<string, unknown> {
  try {
    return validateModelCardObject(card) as unknown as Record<string, unknown>;
  } catch (e) {
    const errors = (e as { errors?: { field: string; message: string }[] }).errors;
    if (!errors) throw e;
    const prefixed = errors.map((p) => ({ field: `card.${p.field}`, message: p.message }));
    throw new DomainError(
      'model_card_invalid',
      `The model card is invalid: ${prefixed.map((p) => `${p.field}: ${p.message}`).join('; ')}.`,
      prefixed,
    );
  }
}
