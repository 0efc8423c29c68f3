import type { ReferencePerformance, WindowReport } from '@vigil/drift';

/** One watched stream (a version deployed at a site) as /metrics shows it: its latest evaluated window. */
export interface StreamSnapshot {
  model: string;
  /** The version number (a positive whole number). */
  version: number;
  site: string;
  /** The window's bounds, [windowStart, windowEnd). */
  windowStart: Date;
  windowEnd: Date;
  report: WindowReport;
  /**
   * The performance the version was approved on at this site (the reference profile's `performance`), exported
   * beside the window's so that a drop can be alerted on; absent or null when there is none.
   */
  referencePerformance?: Pick<ReferencePerformance, 'auroc' | 'sensitivity' | 'ppv'> | null;
}

/** Open governance tickets (status open or recovering) of one (model, site, signal, severity). */
export interface TicketCount {
  model: string;
  site: string;
  signal: string;
  severity: string;
  open: number;
}
