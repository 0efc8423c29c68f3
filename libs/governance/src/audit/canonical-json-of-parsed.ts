// Strings that JSON.stringify writes as they are, between quotes: no quote, backslash, control character or
// surrogate (JSON.stringify escapes lone halves; pairs are rare enough to leave to it).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const VERBATIM = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/** Encoded object keys ('"name":'); the audit log uses a few dozen distinct keys, so this stays small. */
const encodedKeys = new Map<string, string>();
const MAX_CACHED_KEYS = 10_000;

function quote(text: string): string {
  return VERBATIM.test(text) ? `"${text}"` : JSON.stringify(text);
}

function encodedKey(key: string): string {
  let encoded = encodedKeys.get(key);
  if (encoded === undefined) {
    encoded = `${quote(key)}:`;
    if (encodedKeys.size < MAX_CACHED_KEYS) encodedKeys.set(key, encoded);
  }
  return encoded;
}

/**
 * The same text as `canonicalJson` from @vigil/domain, for the values `JSON.parse` and the pg driver produce
 * (null, booleans, finite numbers, strings, arrays, plain objects), about two to three times faster: verifying
 * the audit chain serialises every entry, and canonicalJson's generality (Dates, undefined members, entry
 * arrays and callbacks per object) dominated the walk. Anything else throws; callers fall back to
 * canonicalJson itself. The spec compares the two on many generated values.
 */
export function canonicalJsonOfParsed(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error('canonicalJsonOfParsed: non-finite number');
      // For a finite number JSON.stringify writes exactly Number#toString.
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return Array.isArray(value) ? arrayText(value) : objectText(value);
    default:
      throw new Error(`canonicalJsonOfParsed: a ${typeof value} cannot come from JSON`);
  }
}

function arrayText(items: readonly unknown[]): string {
  if (items.length === 0) return '[]';
  let text = `[${canonicalJsonOfParsed(items[0])}`;
  for (let i = 1; i < items.length; i += 1) text += `,${canonicalJsonOfParsed(items[i])}`;
  return `${text}]`;
}

function objectText(object: object): string {
  if (Object.getPrototypeOf(object) !== Object.prototype) {
    throw new Error('canonicalJsonOfParsed: only plain objects come from JSON');
  }
  const record = object as Record<string, unknown>;
  // Default sort compares UTF-16 code units, the order canonicalJson's comparator gives.
  const keys = Object.keys(record).sort();
  if (keys.length === 0) return '{}';
  let text = '{';
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i];
    const member = record[key];
    // JSON never yields undefined members; canonicalJson would drop one, so fall back rather than guess.
    if (member === undefined) throw new Error('canonicalJsonOfParsed: undefined member');
    text += `${i === 0 ? '' : ','}${encodedKey(key)}${canonicalJsonOfParsed(member)}`;
  }
  return `${text}}`;
}
