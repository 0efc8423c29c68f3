import { canonicalJson } from '@vigil/domain';
import { canonicalJsonOfParsed } from './canonical-json-of-parsed';

/** Small seeded generator (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TRICKY_STRINGS = [
  '',
  'plain',
  'quote " inside',
  'back\\slash',
  'new\nline\ttab',
  '\u0000\u001f control',
  'ümlaut café',
  '日本語',
  '😀 emoji pair',
  '\ud800 lone high',
  'lone low \udc00',
  '\u2028\u2029',
  '</script>',
  '__proto__',
  'constructor',
  '10',
  '2',
  'a',
  'B',
  'é',
  'Z',
];
const TRICKY_NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.5,
  0.1 + 0.2,
  1e21,
  1e-7,
  5e-324,
  1.7976931348623157e308,
  2 ** 53 + 2,
  -123.456,
];

function generate(next: () => number, depth: number): unknown {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const kind = depth >= 4 ? Math.floor(next() * 4) : Math.floor(next() * 6);
  switch (kind) {
    case 0:
      return pick([null, true, false]);
    case 1:
      return next() < 0.5 ? pick(TRICKY_NUMBERS) : Math.round((next() - 0.5) * 1e6) / 1000;
    case 2:
    case 3:
      return next() < 0.7
        ? pick(TRICKY_STRINGS)
        : String.fromCharCode(...Array.from({ length: 5 }, () => next() * 0xffff));
    case 4:
      return Array.from({ length: Math.floor(next() * 4) }, () => generate(next, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: Math.floor(next() * 6) }, () => [pick(TRICKY_STRINGS), generate(next, depth + 1)]),
      );
  }
}

describe('canonicalJsonOfParsed', () => {
  it('writes exactly what canonicalJson writes for anything that came from JSON', () => {
    const next = random(20261122);
    for (let i = 0; i < 5000; i += 1) {
      // Through JSON first: the verifier only ever sees what the pg driver's JSON.parse made of a jsonb value.
      const parsed: unknown = JSON.parse(JSON.stringify(generate(next, 0)));
      expect(canonicalJsonOfParsed(parsed)).toBe(canonicalJson(parsed));
    }
  });

  it('sorts keys by UTF-16 code unit, integer-like keys included', () => {
    const parsed: unknown = JSON.parse('{"b":1,"10":2,"2":3,"B":4,"é":5,"😀":6,"\uffff":7}');
    expect(canonicalJsonOfParsed(parsed)).toBe('{"10":2,"2":3,"B":4,"b":1,"é":5,"😀":6,"\uffff":7}');
    expect(canonicalJsonOfParsed(parsed)).toBe(canonicalJson(parsed));
  });

  it('keeps an own "__proto__" key that JSON.parse creates', () => {
    const parsed: unknown = JSON.parse('{"__proto__":{"x":1},"a":[]}');
    expect(canonicalJsonOfParsed(parsed)).toBe('{"__proto__":{"x":1},"a":[]}');
    expect(canonicalJsonOfParsed(parsed)).toBe(canonicalJson(parsed));
  });

  it('refuses what JSON cannot produce, so callers fall back to canonicalJson', () => {
    for (const value of [new Date(0), { a: undefined }, Number.NaN, Infinity, 1n, () => 1, [undefined], new Map()]) {
      expect(() => canonicalJsonOfParsed(value)).toThrow(/canonicalJsonOfParsed/);
    }
  });
});
