import { MODEL_CARD_SCHEMA_VERSION, MODEL_CARD_TEXT_MAX_LENGTH } from '@vigil/domain';
import { ValidateBy, type ValidationArguments } from 'class-validator';
import { nearestKey } from './card-field-keys';

/**
 * Validation decorators for card fields. Each folds all of its checks into one constraint so a bad field gets
 * one message that says what to write instead, not class-validator's stack of generic ones.
 */

/** Optional text: a string with something in it, within a length limit. */
export function IsCardText(maxLength: number = MODEL_CARD_TEXT_MAX_LENGTH): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCardText',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && /\S/.test(value) && value.length <= maxLength,
      },
    },
    { message: ({ value }: ValidationArguments) => textProblem(value, maxLength) },
  );
}

function textProblem(value: unknown, maxLength: number): string {
  if (typeof value !== 'string') {
    const hint = typeof value === 'number' || typeof value === 'boolean' ? ' (in YAML, put it in quotes)' : '';
    return `must be text, not ${describeValue(value)}${hint}`;
  }
  if (!/\S/.test(value)) return 'must not be blank: write the text, or leave the field out until it is known';
  return `is ${value.length} characters long; the limit is ${maxLength}`;
}

/** One of a fixed list of words, with a suggestion when the value looks like a slip of one. */
export function IsCardEnum(values: readonly string[]): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCardEnum',
      validator: { validate: (value: unknown) => typeof value === 'string' && values.includes(value) },
    },
    {
      message: ({ value }: ValidationArguments) => {
        const guess = typeof value === 'string' ? nearestKey(value, values) : undefined;
        const suggestion = guess === undefined ? '' : `; did you mean "${guess}"?`;
        return `must be one of ${values.join(', ')}, not ${describeValue(value)}${suggestion}`;
      },
    },
  );
}

/** A yes/no answer; YAML's `yes`/`no` are plain strings in YAML 1.2, hence the explicit hint. */
export function IsCardFlag(): PropertyDecorator {
  return ValidateBy(
    { name: 'isCardFlag', validator: { validate: (value: unknown) => typeof value === 'boolean' } },
    { message: ({ value }: ValidationArguments) => `must be true or false, not ${describeValue(value)}` },
  );
}

/** A group must be a mapping; the flattening of errors relies on this constraint's name to skip its children. */
export const CARD_OBJECT_CONSTRAINT = 'isCardObject';

export function IsCardObject(what: string): PropertyDecorator {
  return ValidateBy(
    {
      name: CARD_OBJECT_CONSTRAINT,
      validator: {
        validate: (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value),
      },
    },
    { message: ({ value }: ValidationArguments) => `must be a mapping of ${what}, not ${describeValue(value)}` },
  );
}

export function IsCardSchemaVersion(): PropertyDecorator {
  return ValidateBy(
    { name: 'isCardSchemaVersion', validator: { validate: (value: unknown) => value === MODEL_CARD_SCHEMA_VERSION } },
    {
      message: ({ value }: ValidationArguments) =>
        `must be ${MODEL_CARD_SCHEMA_VERSION}, the only card layout Vigil reads (got ${describeValue(value)})`,
    },
  );
}

/** Names a value's shape in the words a YAML author uses, quoting short strings so a typo is visible. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return value.length > 40 ? `a ${value.length}-character text` : `"${value}"`;
    case 'number':
    case 'bigint':
      return `the number ${String(value)}`;
    case 'boolean':
      return `the value ${String(value)}`;
    case 'object':
      return 'a mapping';
    default:
      return `a ${typeof value}`;
  }
}
