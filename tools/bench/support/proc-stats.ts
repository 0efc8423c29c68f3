// Linux /proc readers for the benchmarks. The server runs as a separate process precisely so its memory and CPU
// can be read from the outside like any other program's, without instrumenting it.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';

/** USER_HZ: the unit of the utime/stime fields. Fixed at 100 on every Linux architecture Node supports. */
const TICKS_PER_SECOND = 100;

/** A `Vm*` line of /proc/<pid>/status in bytes, or null once the process is gone. */
export function readVmBytes(pid: number, field: 'VmHWM' | 'VmRSS'): number | null {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  return match ? Number(match[1]) * 1024 : null;
}

/**
 * Sets the process's peak RSS (VmHWM) back to its current RSS (Linux >= 4.0, same user or root), so the next
 * VmHWM read is the peak of what happened since, not of start-up. False when the kernel refuses.
 */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime, in seconds. */
  cpuSeconds: number;
  /** cutime + cstime: children that have ended and been reaped, in seconds. */
  reapedChildrenSeconds: number;
}

// The command name (field 2) may hold spaces and parentheses, so fields are counted from the last ')'.
function readStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15, cutime 16, cstime 17.
  return {
    pid,
    ppid: Number(fields[1]),
    cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
    reapedChildrenSeconds: (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND,
  };
}

function allStats(): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat) stats.push(stat);
  }
  return stats;
}

/** Every live descendant of `pid` (children, their children, …). */
export function descendantPids(pid: number): number[] {
  const byParent = new Map<number, number[]>();
  for (const s of allStats()) byParent.set(s.ppid, [...(byParent.get(s.ppid) ?? []), s.pid]);
  const found: number[] = [];
  const queue = [pid];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const child of byParent.get(next) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** The direct children of `pid`, with their argv. */
export function childProcesses(pid: number): { pid: number; argv: string[] }[] {
  return allStats()
    .filter((s) => s.ppid === pid)
    .map((s) => ({ pid: s.pid, argv: readArgv(s.pid) }));
}

function readArgv(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
  } catch {
    return [];
  }
}

export function cpuSecondsOf(pid: number): number {
  return readStat(pid)?.cpuSeconds ?? 0;
}

/** Jiffies over all CPUs from the first line of /proc/stat, split by what they were spent on. */
function machineJiffies(): { processes: number; busy: number; total: number } {
  // user nice system idle iowait irq softirq steal ...
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0);
  const at = (i: number) => cpu[i] ?? 0;
  return { processes: at(0) + at(1) + at(2), busy: total - at(3) - at(4), total };
}

/** CPU seconds of this process and of its children that have ended and been reaped (the load generators). */
function ownCpuSeconds(): { self: number; reapedChildren: number } {
  const fields = readFileSync('/proc/self/stat', 'utf8');
  const rest = fields.slice(fields.lastIndexOf(')') + 2).split(' ');
  const { user, system } = process.cpuUsage();
  // cutime and cstime are fields 16 and 17.
  return { self: (user + system) / 1e6, reapedChildren: (Number(rest[13]) + Number(rest[14])) / TICKS_PER_SECOND };
}

export interface CpuUsage {
  /** Share of the whole machine (all cores) that was busy, 0–100. */
  machineBusyPct: number;
  /** The server's Node process, in percent of one core (can exceed 100 with libuv/V8 threads). */
  serverPctOfCore: number;
  /**
   * The server's child processes (embedded PostgreSQL and its backends, the ONNX inspection child), in percent
   * of one core.
   */
  childrenPctOfCore: number;
  /** The load generator (and this benchmark process), in percent of one core. */
  loadGenPctOfCore: number;
  /**
   * Everything else that ran on the machine meanwhile, in percent of one core: other people's builds and tests
   * on a shared box. Anything above a few percent means the figures of that run are depressed by noise.
   */
  otherPctOfCore: number;
}

/**
 * Where the CPU went during a load run. On a 2-core box the load generator competes with the server for the
 * same cores, so the split is what tells "the server is slow" from "the machine is full".
 * The load generator must run as a child of this process that has ended before stop() (its CPU is read from
 * our reaped-children counters).
 */
export class CpuMeter {
  private readonly startedAt = performance.now();
  private readonly machine = machineJiffies();
  private readonly own = ownCpuSeconds();
  private readonly server: number;
  private readonly serverReaped: number;
  private readonly children: Map<number, number>;

  constructor(private readonly serverPid: number) {
    this.server = cpuSecondsOf(serverPid);
    this.serverReaped = readStat(serverPid)?.reapedChildrenSeconds ?? 0;
    this.children = new Map(descendantPids(serverPid).map((p) => [p, cpuSecondsOf(p)]));
  }

  stop(): CpuUsage {
    const seconds = (performance.now() - this.startedAt) / 1000;
    const machine = machineJiffies();
    const own = ownCpuSeconds();
    // Short-lived children of the server (the inspection child) end up in its reaped counters; a live one
    // that appeared during the run counts from zero. PostgreSQL's own ended backends are lost (reaped by the
    // postmaster, not the server), but pooled connections live as long as the pool, so that is little.
    let children = (readStat(this.serverPid)?.reapedChildrenSeconds ?? 0) - this.serverReaped;
    for (const pid of descendantPids(this.serverPid)) children += cpuSecondsOf(pid) - (this.children.get(pid) ?? 0);
    const server = cpuSecondsOf(this.serverPid) - this.server;
    const loadGen = own.self - this.own.self + own.reapedChildren - this.own.reapedChildren;
    const processSeconds = (machine.processes - this.machine.processes) / TICKS_PER_SECOND;
    const pct = (cpuSeconds: number) => round1((cpuSeconds / seconds) * 100);
    return {
      machineBusyPct: round1(
        ((machine.busy - this.machine.busy) / Math.max(1, machine.total - this.machine.total)) * 100,
      ),
      serverPctOfCore: pct(server),
      childrenPctOfCore: pct(children),
      loadGenPctOfCore: pct(loadGen),
      otherPctOfCore: pct(Math.max(0, processSeconds - server - children - loadGen)),
    };
  }
}

/**
 * How busy the machine is without us, in percent of one core, over `ms`. A benchmark on a shared machine
 * reports it up front so a reader can discount a run taken while someone else was compiling.
 */
export async function backgroundLoadPctOfCore(ms = 2000): Promise<number> {
  const before = machineJiffies();
  const ownBefore = ownCpuSeconds().self;
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const seconds = (performance.now() - started) / 1000;
  const busy = (machineJiffies().processes - before.processes) / TICKS_PER_SECOND - (ownCpuSeconds().self - ownBefore);
  return round1((Math.max(0, busy) / seconds) * 100);
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
