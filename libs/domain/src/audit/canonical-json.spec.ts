import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined, x: null }], c: 'é' } })).toBe(
      '{"a":{"c":"é","d":[3,{"x":null,"z":1}]},"b":1}',
    );
  });
  it('is the same whatever order the object was built in', () => {
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });
  it('writes dates as ISO strings and refuses non-finite numbers', () => {
    expect(canonicalJson({ t: new Date(Date.UTC(2026, 0, 2)) })).toBe('{"t":"2026-01-02T00:00:00.000Z"}');
    expect(() => canonicalJson({ n: NaN })).toThrow(/non-finite/);
  });
});
