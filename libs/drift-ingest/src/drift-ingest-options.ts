/** Settings of the ingestion module (from the app's config: VIGIL_EVENT_RETENTION_DAYS). */
export interface DriftIngestOptions {
  /**
   * Events whose time is older than this many days are deleted (by dropping their day's partition once the
   * whole day is that old), and refused on arrival.
   */
  retentionDays: number;
  /**
   * How often each replica runs partition maintenance (partitions ahead, retention); 0 turns the timer off
   * (tests call sweep()). The partitions ahead are also created once at start-up, timer or not.
   */
  retentionSweepIntervalMs: number;
  /** Day partitions kept ready after today's (default 7): a day's events never wait for its partition. */
  partitionsAheadDays?: number;
  /** How far in the future an event's or outcome's time may be (clocks at sites drift). */
  maxClockSkewMs: number;
}

export const DRIFT_INGEST_OPTIONS = Symbol('DRIFT_INGEST_OPTIONS');

export const DEFAULT_PARTITIONS_AHEAD_DAYS = 7;

export const DEFAULT_DRIFT_INGEST_OPTIONS: DriftIngestOptions = {
  retentionDays: 90,
  retentionSweepIntervalMs: 60 * 60 * 1000,
  partitionsAheadDays: DEFAULT_PARTITIONS_AHEAD_DAYS,
  maxClockSkewMs: 15 * 60 * 1000,
};
