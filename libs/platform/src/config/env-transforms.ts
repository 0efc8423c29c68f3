/** An environment variable read as a number; unset or empty keeps the field's default. */
export const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);
