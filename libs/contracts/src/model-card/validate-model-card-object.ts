import {
  DEMOGRAPHIC_VARIABLE_KEYS,
  MODEL_CARD_ATTRIBUTES,
  MODEL_CARD_GROUPS,
  MODEL_CARD_TOP_LEVEL_FIELDS,
  type ModelCard,
} from '@vigil/domain';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { allowedKeysAt, unknownFieldMessage } from './card-field-keys';
import { ModelCardDto } from './dto/model-card.dto';
import { CARD_OBJECT_CONSTRAINT, describeValue } from './model-card.decorators';
import { ModelCardInvalidError, type ModelCardFieldError } from './model-card-invalid.error';

/** Keys class-transformer drops without a word (to stop prototype pollution); they must still be reported. */
const SILENTLY_DROPPED_KEYS = ['__proto__', 'constructor'];

/**
 * Checks a card that is already a JavaScript value (a parsed JSON body, a JSONB column) and returns it as a
 * plain object holding only the given, non-empty fields. Throws `ModelCardInvalidError` listing every problem.
 */
export function validateModelCardObject(input: unknown): ModelCard {
  if (!isPlainObject(input)) {
    throw new ModelCardInvalidError([
      {
        field: '',
        message: `a model card must be a mapping of its groups (${MODEL_CARD_GROUPS.map((g) => g.key).join(', ')}), not ${describeValue(input)}`,
      },
    ]);
  }

  const errors = [
    ...droppedKeyErrors(input),
    ...toFieldErrors(
      validateSync(plainToInstance(ModelCardDto, input), { whitelist: true, forbidNonWhitelisted: true }),
      '',
    ),
  ];
  if (errors.length > 0) throw new ModelCardInvalidError(errors);
  return toPlainCard(input);
}

function toFieldErrors(errors: readonly ValidationError[], parentPath: string): ModelCardFieldError[] {
  const result: ModelCardFieldError[] = [];
  for (const error of errors) {
    const field = parentPath === '' ? error.property : `${parentPath}.${error.property}`;
    const constraints = error.constraints ?? {};
    for (const [name, message] of Object.entries(constraints)) {
      if (name === 'whitelistValidation')
        result.push({ field, message: unknownFieldMessage(parentPath, error.property) });
      // ValidateNested's own complaint repeats what isCardObject already said in better words.
      else if (name !== 'nestedValidation') result.push({ field, message });
    }
    // When the group itself is not a mapping, whatever class-validator found inside it is noise.
    if (!(CARD_OBJECT_CONSTRAINT in constraints)) result.push(...toFieldErrors(error.children ?? [], field));
  }
  return result;
}

function droppedKeyErrors(card: Record<string, unknown>): ModelCardFieldError[] {
  const errors: ModelCardFieldError[] = [];
  const visit = (value: Record<string, unknown>, path: string): void => {
    for (const key of SILENTLY_DROPPED_KEYS) {
      if (Object.hasOwn(value, key)) {
        errors.push({ field: path === '' ? key : `${path}.${key}`, message: unknownFieldMessage(path, key) });
      }
    }
    for (const key of allowedKeysAt(path) ?? []) {
      const child = ownValue(value, key);
      const childPath = path === '' ? key : `${path}.${key}`;
      if (isPlainObject(child) && allowedKeysAt(childPath) !== undefined) visit(child, childPath);
    }
  };
  visit(card, '');
  return errors;
}

/**
 * Rebuilds the card from the catalogue rather than returning the validated instance: the result is a plain,
 * JSON-ready object in a stable key order, and empty values (YAML's `key:` with nothing after it) are left out.
 */
function toPlainCard(input: Record<string, unknown>): ModelCard {
  const card: Record<string, unknown> = {};
  for (const key of MODEL_CARD_TOP_LEVEL_FIELDS) copyIfGiven(input, card, key);
  for (const group of MODEL_CARD_GROUPS) {
    const source = ownValue(input, group.key);
    if (!isPlainObject(source)) continue;
    const target: Record<string, unknown> = {};
    for (const attribute of MODEL_CARD_ATTRIBUTES.filter((a) => a.group === group.key)) {
      const value = ownValue(source, attribute.key);
      if (attribute.kind === 'demographicInputs' && isPlainObject(value)) {
        const inputs: Record<string, unknown> = {};
        for (const key of [...DEMOGRAPHIC_VARIABLE_KEYS, 'notes']) copyIfGiven(value, inputs, key);
        if (Object.keys(inputs).length > 0) target[attribute.key] = inputs;
      } else {
        copyIfGiven(source, target, attribute.key);
      }
    }
    if (Object.keys(target).length > 0) card[group.key] = target;
  }
  // Validation above has checked every value copied here.
  return card;
}

function copyIfGiven(from: Record<string, unknown>, to: Record<string, unknown>, key: string): void {
  const value = ownValue(from, key);
  if (value !== undefined && value !== null) to[key] = value;
}

/** Own properties only: anything inherited was never validated, so it must not reach the stored card. */
function ownValue(from: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(from, key) ? from[key] : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
