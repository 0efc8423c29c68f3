import { daysToPrepare, expiredPartitions, utcDay } from './partition-days';

const at = (iso: string) => new Date(iso);

describe('event partition days', () => {
  it('takes the UTC day, whatever the time of day', () => {
    expect(utcDay(at('2026-03-01T00:00:00Z'))).toEqual(at('2026-03-01T00:00:00Z'));
    expect(utcDay(at('2026-03-01T23:59:59.999Z'))).toEqual(at('2026-03-01T00:00:00Z'));
    expect(utcDay(at('2026-03-01T01:30:00+02:00'))).toEqual(at('2026-02-28T00:00:00Z'));
  });

  it('prepares today and the days ahead, across a month end', () => {
    expect(daysToPrepare(at('2026-02-27T18:00:00Z'), 3)).toEqual([
      at('2026-02-27T00:00:00Z'),
      at('2026-02-28T00:00:00Z'),
      at('2026-03-01T00:00:00Z'),
      at('2026-03-02T00:00:00Z'),
    ]);
    expect(daysToPrepare(at('2026-02-27T18:00:00Z'), 0)).toEqual([at('2026-02-27T00:00:00Z')]);
  });

  it('expires a partition only once its whole day is older than the cutoff', () => {
    const partitions = ['2026-01-01', '2026-01-02', '2026-01-03'].map((d) => ({ name: d, day: at(`${d}T00:00:00Z`) }));
    expect(expiredPartitions(partitions, at('2026-01-02T12:00:00Z')).map((p) => p.name)).toEqual(['2026-01-01']);
    expect(expiredPartitions(partitions, at('2026-01-03T00:00:00Z')).map((p) => p.name)).toEqual([
      '2026-01-01',
      '2026-01-02',
    ]);
    expect(expiredPartitions(partitions, at('2026-01-01T23:59:59Z'))).toEqual([]);
  });
});
