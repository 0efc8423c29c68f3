export const DAY_MS = 24 * 60 * 60 * 1000;

/** Midnight UTC of the day `t` falls on: event partitions are UTC days. */
export function utcDay(t: Date): Date {
  return new Date(Math.floor(t.getTime() / DAY_MS) * DAY_MS);
}

/** The days whose partitions should exist at `now`: today (UTC) and the `aheadDays` days after it. */
export function daysToPrepare(now: Date, aheadDays: number): Date[] {
  const today = utcDay(now).getTime();
  return Array.from({ length: Math.max(0, Math.floor(aheadDays)) + 1 }, (_, i) => new Date(today + i * DAY_MS));
}

/**
 * The day partitions that retention drops at `cutoff`: those whose whole day is older (the day ends at or before
 * the cutoff). A partition the cutoff falls inside stays until the next day, so an event is kept at most a day
 * longer than the retention, never shorter.
 */
export function expiredPartitions<T extends { day: Date }>(partitions: readonly T[], cutoff: Date): T[] {
  return partitions.filter((p) => p.day.getTime() + DAY_MS <= cutoff.getTime());
}
