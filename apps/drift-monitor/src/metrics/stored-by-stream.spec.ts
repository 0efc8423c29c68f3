import { needsStoredLookup, storedByStream, streamKey, streamLabels } from './stored-by-stream';

const a = streamKey('sepsis-risk', 'site-a');
const b = streamKey('sepsis-risk', 'site-b');
const item = (eventId: string, stream: string | null) => ({ eventId, stream });

describe('storedByStream', () => {
  it('gives a one-stream batch all it stored, the rest as duplicates', () => {
    const items = [item('e1', a), item('e2', a), item('e3', a)];
    const counts = storedByStream(items, 2, null);
    expect(counts.stored).toEqual(new Map([[a, 2]]));
    expect(counts.duplicates).toEqual(new Map([[a, 1]]));
    expect(needsStoredLookup(items)).toBe(false);
  });

  it('splits a mixed batch by what was stored before it, and counts a repeated id in the batch once', () => {
    const items = [item('e1', a), item('e2', b), item('e3', b), item('e2', b), item('e4', a)];
    expect(needsStoredLookup(items)).toBe(true);
    // e1 was already there; e2 and e3 are new (e2 twice: its second copy is a duplicate); e4 new.
    const counts = storedByStream(items, 3, new Set(['e1']));
    expect(counts.stored).toEqual(
      new Map([
        [b, 2],
        [a, 1],
      ]),
    );
    expect(counts.duplicates).toEqual(
      new Map([
        [a, 1],
        [b, 1],
      ]),
    );
  });

  it('never counts more than the receipt says, even when another replica stored some of the candidates first', () => {
    const items = [item('e1', a), item('e2', b), item('e3', b)];
    const counts = storedByStream(items, 1, new Set());
    expect([...counts.stored.values()].reduce((n, v) => n + v, 0)).toBe(1);
    expect([...counts.duplicates.values()].reduce((n, v) => n + v, 0)).toBe(2);
  });

  it('leaves out items whose event is unknown (they carry no model or site)', () => {
    const counts = storedByStream([item('x', null), item('e1', a)], 1, new Set());
    expect(counts.stored).toEqual(new Map([[a, 1]]));
    expect(counts.duplicates.size).toBe(0);
  });

  it('turns a stream key back into its labels', () => {
    expect(streamLabels(streamKey('m', 's'))).toEqual({ model: 'm', site: 's' });
  });
});
