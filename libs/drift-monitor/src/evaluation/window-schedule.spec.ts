import { dueWindows } from './window-schedule';

const H = 3_600_000;
const at = (iso: string) => new Date(iso);

describe('dueWindows', () => {
  it('starts at the window holding the first event and stops at the last one past its delay', () => {
    const w = dueWindows({
      windowMs: H,
      delayMs: 5 * 60_000,
      lastWindowEnd: null,
      firstEventTime: at('2026-01-01T10:20:00Z'),
      now: at('2026-01-01T13:04:59Z'),
      max: 100,
    });
    // 10–11, 11–12 are due; 12–13 ends at 13:00 and is due only from 13:05.
    expect(w.map((x) => [x.start.toISOString(), x.end.toISOString()])).toEqual([
      ['2026-01-01T10:00:00.000Z', '2026-01-01T11:00:00.000Z'],
      ['2026-01-01T11:00:00.000Z', '2026-01-01T12:00:00.000Z'],
    ]);
    const later = dueWindows({
      windowMs: H,
      delayMs: 5 * 60_000,
      lastWindowEnd: null,
      firstEventTime: at('2026-01-01T10:20:00Z'),
      now: at('2026-01-01T13:05:00Z'),
      max: 100,
    });
    expect(later).toHaveLength(3);
  });

  it('continues after the last evaluated window, never repeating it, and caps the catch-up', () => {
    const w = dueWindows({
      windowMs: H,
      delayMs: 0,
      lastWindowEnd: at('2026-01-01T12:00:00Z'),
      firstEventTime: at('2026-01-01T00:00:00Z'),
      now: at('2026-01-02T00:00:00Z'),
      max: 5,
    });
    expect(w[0].start.toISOString()).toBe('2026-01-01T12:00:00.000Z');
    expect(w).toHaveLength(5);
  });

  it('after a change of window length, starts at the next boundary of the new length', () => {
    const w = dueWindows({
      windowMs: 24 * H,
      delayMs: 0,
      lastWindowEnd: at('2026-01-01T13:00:00Z'),
      firstEventTime: null,
      now: at('2026-01-04T00:00:00Z'),
      max: 10,
    });
    expect(w.map((x) => x.start.toISOString())).toEqual(['2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z']);
  });

  it('is empty for a stream without events and refuses a bad window length', () => {
    expect(
      dueWindows({ windowMs: H, delayMs: 0, lastWindowEnd: null, firstEventTime: null, now: new Date(), max: 9 }),
    ).toEqual([]);
    expect(() =>
      dueWindows({ windowMs: 0, delayMs: 0, lastWindowEnd: null, firstEventTime: null, now: new Date(), max: 9 }),
    ).toThrow(RangeError);
  });
});
