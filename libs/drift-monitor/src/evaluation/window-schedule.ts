/** A tumbling window [start, end), aligned to multiples of its length since the Unix epoch (UTC). */
export interface ScheduledWindow {
  start: Date;
  end: Date;
}

export interface DueWindowsInput {
  windowMs: number;
  /** How long after a window ends it is evaluated (late events; for performance, late labels). */
  delayMs: number;
  /** End of the latest window already evaluated for this stream and phase; null when none was. */
  lastWindowEnd: Date | null;
  /** The stream's earliest event; where evaluation starts when nothing was evaluated yet. */
  firstEventTime: Date | null;
  now: Date;
  /** At most this many windows (oldest first), so a stream that is far behind catches up over several runs. */
  max: number;
}

/**
 * The windows of a stream that are due for evaluation, oldest first: after the last evaluated one (or from the
 * window holding the first event), ending at least `delayMs` before `now`. Pure: the evaluator calls it with
 * what it read under the stream's lock.
 */
export function dueWindows(input: DueWindowsInput): ScheduledWindow[] {
  const { windowMs, delayMs, now, max } = input;
  if (!(Number.isInteger(windowMs) && windowMs > 0)) throw new RangeError(`windowMs must be a positive integer`);
  const from =
    input.lastWindowEnd !== null
      ? alignUp(input.lastWindowEnd.getTime(), windowMs)
      : input.firstEventTime !== null
        ? alignDown(input.firstEventTime.getTime(), windowMs)
        : null;
  if (from === null) return [];
  const out: ScheduledWindow[] = [];
  for (let start = from; out.length < max; start += windowMs) {
    const end = start + windowMs;
    if (end + delayMs > now.getTime()) break;
    out.push({ start: new Date(start), end: new Date(end) });
  }
  return out;
}

function alignDown(t: number, windowMs: number): number {
  return Math.floor(t / windowMs) * windowMs;
}

/** The first window start at or after t (a previous window of another length may end mid-window). */
function alignUp(t: number, windowMs: number): number {
  return Math.ceil(t / windowMs) * windowMs;
}
