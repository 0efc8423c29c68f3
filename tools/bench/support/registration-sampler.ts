import { childProcesses, cpuSecondsOf, readVmBytes, resetPeakRss } from './proc-stats';

export interface InspectionChildSample {
  pid: number;
  /** Milliseconds after the request started when the child was first and last seen alive. */
  firstSeenMs: number;
  lastSeenMs: number;
  /** The child's VmHWM at the last sample: a lower bound of its true peak, since it may grow after that. */
  peakRssBytes: number;
}

export interface RegistrationSample {
  /** The server's VmHWM since the reset just before the request (null if the kernel refused the reset). */
  serverPeakRssBytes: number | null;
  /** Highest VmRSS seen in the samples; a cross-check of the above, and the fallback when it is null. */
  serverMaxSampledRssBytes: number;
  serverRssBeforeBytes: number;
  serverCpuSeconds: number;
  inspectionChildren: InspectionChildSample[];
}

/**
 * Watches the server process while one registration runs: its peak RSS and the short-lived ONNX inspection
 * child it spawns (`node -e …`, parented to the server). The child lives well under a second for 100 MB, so it
 * is polled, and may be missed entirely if it lives less than one interval; the report says when it was.
 */
export class RegistrationSampler {
  private readonly children = new Map<number, InspectionChildSample>();
  private readonly resetOk: boolean;
  private readonly rssBefore: number;
  private readonly cpuBefore: number;
  private maxRss: number;
  private timer: NodeJS.Timeout | undefined;
  private startedAt = performance.now();

  constructor(
    private readonly serverPid: number,
    private readonly intervalMs: number,
  ) {
    this.rssBefore = readVmBytes(serverPid, 'VmRSS') ?? 0;
    this.maxRss = this.rssBefore;
    this.resetOk = resetPeakRss(serverPid);
    this.cpuBefore = cpuSecondsOf(serverPid);
  }

  /** Starts polling; `startedAt` is the request's start (performance.now()), the zero of the child timings. */
  start(startedAt: number): void {
    this.startedAt = startedAt;
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  stop(): RegistrationSample {
    clearInterval(this.timer);
    this.sample();
    return {
      serverPeakRssBytes: this.resetOk ? readVmBytes(this.serverPid, 'VmHWM') : null,
      serverMaxSampledRssBytes: this.maxRss,
      serverRssBeforeBytes: this.rssBefore,
      serverCpuSeconds: cpuSecondsOf(this.serverPid) - this.cpuBefore,
      inspectionChildren: [...this.children.values()],
    };
  }

  private sample(): void {
    const now = performance.now() - this.startedAt;
    this.maxRss = Math.max(this.maxRss, readVmBytes(this.serverPid, 'VmRSS') ?? 0);
    for (const child of childProcesses(this.serverPid)) {
      if (child.argv[1] !== '-e') continue; // PostgreSQL is the server's other child
      const hwm = readVmBytes(child.pid, 'VmHWM');
      if (hwm === null) continue;
      const seen = this.children.get(child.pid);
      if (seen) {
        seen.lastSeenMs = now;
        seen.peakRssBytes = Math.max(seen.peakRssBytes, hwm);
      } else {
        this.children.set(child.pid, { pid: child.pid, firstSeenMs: now, lastSeenMs: now, peakRssBytes: hwm });
      }
    }
  }
}
