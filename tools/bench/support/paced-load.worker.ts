// Open-loop load at a fixed rate, run as its own process by load-generators.ts. Requests are spread evenly
// (one every 1000/rate ms) rather than sent in a burst at the top of each second, and latency is counted from
// when each request was due, not from when it went out: a stalled server then shows up as latency instead of
// silently lowering the rate (coordinated omission). Prints one JSON line: PacedLoadOutput.
import { Agent, request } from 'node:http';

export interface PacedLoadInput {
  url: string;
  headers: Record<string, string>;
  rate: number;
  durationS: number;
  connections: number;
  timeoutMs: number;
}

export interface PacedLoadOutput {
  scheduled: number;
  responses: number;
  non2xx: number;
  errors: number;
  /** First due time to last response, in seconds. */
  elapsedS: number;
  /** Due time to last response byte, sorted ascending, in milliseconds. */
  latencyPercentilesMs: Record<'p50' | 'p90' | 'p99' | 'max', number>;
  /** Actual send to last response byte (what the server and the network took). */
  servicePercentilesMs: Record<'p50' | 'p90' | 'p99' | 'max', number>;
  /** Most sockets the agent had open at once. */
  socketsUsed: number;
}

function percentiles(values: number[]): Record<'p50' | 'p90' | 'p99' | 'max', number> {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN };
}

function main(input: PacedLoadInput): void {
  // fifo: reuse the longest-idle socket, so the load is spread over the connections that exist.
  const agent = new Agent({ keepAlive: true, maxSockets: input.connections, scheduling: 'fifo' });
  const intervalMs = 1000 / input.rate;
  const total = Math.round(input.rate * input.durationS);
  const startAt = performance.now() + 20;
  const fromDue: number[] = [];
  const service: number[] = [];
  let fired = 0;
  let settled = 0;
  let non2xx = 0;
  let errors = 0;
  let lastEnd = startAt;
  let socketsUsed = 0;

  const finish = () => {
    agent.destroy();
    const output: PacedLoadOutput = {
      scheduled: total,
      responses: fromDue.length,
      non2xx,
      errors,
      elapsedS: (lastEnd - startAt) / 1000,
      latencyPercentilesMs: percentiles(fromDue),
      servicePercentilesMs: percentiles(service),
      socketsUsed,
    };
    process.stdout.write(`${JSON.stringify(output)}\n`);
  };

  const settle = () => {
    settled += 1;
    if (settled === total) finish();
  };

  const fire = (dueAt: number) => {
    const sentAt = performance.now();
    const req = request(input.url, { agent, headers: input.headers, timeout: input.timeoutMs }, (res) => {
      res.resume();
      res.once('end', () => {
        const end = performance.now();
        lastEnd = Math.max(lastEnd, end);
        fromDue.push(end - dueAt);
        service.push(end - sentAt);
        if (!res.statusCode || res.statusCode < 200 || res.statusCode > 299) non2xx += 1;
        settle();
      });
    });
    req.once('timeout', () => req.destroy(new Error('timed out')));
    req.once('error', () => {
      errors += 1;
      settle();
    });
    req.end();
    socketsUsed = Math.max(
      socketsUsed,
      Object.values(agent.sockets).reduce((n, list) => n + (list?.length ?? 0), 0),
    );
  };

  // Timers fire late by up to a millisecond or so; every request that has come due by then goes out at once,
  // and its latency still counts from its due time.
  const tick = () => {
    const now = performance.now();
    while (fired < total && startAt + fired * intervalMs <= now) {
      fire(startAt + fired * intervalMs);
      fired += 1;
    }
    if (fired < total) setTimeout(tick, Math.max(0, startAt + fired * intervalMs - performance.now()));
  };
  setTimeout(tick, 20);
}

main(JSON.parse(process.argv[2] ?? '{}') as PacedLoadInput);
