import { spawn, spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PacedLoadInput, PacedLoadOutput } from './paced-load.worker';

export type LoadTool = 'paced' | 'autocannon' | 'wrk';

export interface LoadSpec {
  url: string;
  headers: Record<string, string>;
  connections: number;
  durationS: number;
  /** Requests per second over all connections; absent for "as fast as possible". */
  rate?: number;
  signal: AbortSignal;
  /** A folder for the load generator's scratch files (wrk's script holds the bearer token). */
  scratchDir: string;
}

export interface LoadResult {
  tool: LoadTool;
  responses: number;
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
  /** Paced runs only: p99 of send-to-response, without the time a request waited to go out. */
  serviceP99Ms?: number;
  /** Paced runs only: the most connections open at once (the pool opens them as concurrency needs). */
  connectionsUsed?: number;
}

/** Loopback requests should take milliseconds; a request still open after this counts as an error. */
const REQUEST_TIMEOUT_MS = 10_000;

export function wrkAvailable(): boolean {
  const probe = spawnSync('wrk', ['--version'], { stdio: 'ignore' });
  return !probe.error;
}

export async function runLoad(tool: LoadTool, spec: LoadSpec): Promise<LoadResult> {
  switch (tool) {
    case 'paced':
      return runPaced(spec);
    case 'autocannon':
      return runAutocannon(spec);
    case 'wrk':
      return runWrk(spec);
  }
}

async function runPaced(spec: LoadSpec): Promise<LoadResult> {
  if (spec.rate === undefined) throw new Error('the paced generator needs a rate');
  const input: PacedLoadInput = {
    url: spec.url,
    headers: spec.headers,
    rate: spec.rate,
    durationS: spec.durationS,
    connections: spec.connections,
    timeoutMs: REQUEST_TIMEOUT_MS,
  };
  // The input goes on argv, bearer token included: acceptable for a throw-away token of a throw-away server
  // that listens on loopback only (autocannon's headers go the same way).
  const stdout = await runProcess(
    process.execPath,
    [join(__dirname, 'paced-load.worker.js'), JSON.stringify(input)],
    spec.signal,
  );
  const out = lastJsonLine(stdout) as PacedLoadOutput;
  return {
    tool: 'paced',
    responses: out.responses,
    rps: out.responses / out.elapsedS,
    p50Ms: out.latencyPercentilesMs.p50,
    p90Ms: out.latencyPercentilesMs.p90,
    p99Ms: out.latencyPercentilesMs.p99,
    maxMs: out.latencyPercentilesMs.max,
    non2xx: out.non2xx,
    errors: out.errors,
    serviceP99Ms: out.servicePercentilesMs.p99,
    connectionsUsed: out.socketsUsed,
  };
}

interface AutocannonJson {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  requests: { total: number };
  latency: { p50: number; p90: number; p99: number; max: number };
}

async function runAutocannon(spec: LoadSpec): Promise<LoadResult> {
  const args = [
    require.resolve('autocannon'),
    '--connections',
    String(spec.connections),
    '--duration',
    String(spec.durationS),
    '--timeout',
    String(REQUEST_TIMEOUT_MS / 1000),
    '--json',
    '--no-progress',
    ...Object.entries(spec.headers).flatMap(([k, v]) => ['--headers', `${k}=${v}`]),
  ];
  // autocannon's own coordinated-omission correction assumes 1 ms between requests whatever the rate
  // (Math.ceil(1 / rate) in lib/run.js), which multiplies every slow sample; -C records plain latencies.
  if (spec.rate !== undefined) args.push('--overallRate', String(spec.rate), '--ignoreCoordinatedOmission');
  args.push(spec.url);
  const out = lastJsonLine(await runProcess(process.execPath, args, spec.signal)) as AutocannonJson;
  return {
    tool: 'autocannon',
    responses: out.requests.total,
    rps: out.requests.total / out.duration,
    p50Ms: out.latency.p50,
    p90Ms: out.latency.p90,
    p99Ms: out.latency.p99,
    maxMs: out.latency.max,
    non2xx: out.non2xx,
    errors: out.errors + out.timeouts,
  };
}

interface WrkJson {
  requests: number;
  durationUs: number;
  p50Us: number;
  p90Us: number;
  p99Us: number;
  maxUs: number;
  connectErrors: number;
  readErrors: number;
  writeErrors: number;
  timeouts: number;
  statusErrors: number;
}

// wrk reports through a Lua `done` hook so the figures come out as JSON rather than its human table.
// The token goes into the script rather than argv, so it does not show in the process list.
function wrkScript(headers: Record<string, string>): string {
  const lines = Object.entries(headers).map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`);
  return `${lines.join('\n')}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"p50Us":%.0f,"p90Us":%.0f,"p99Us":%.0f,"maxUs":%.0f,' ..
    '"connectErrors":%d,"readErrors":%d,"writeErrors":%d,"timeouts":%d,"statusErrors":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.timeout, e.status))
end
`;
}

async function runWrk(spec: LoadSpec): Promise<LoadResult> {
  if (spec.rate !== undefined) throw new Error('wrk cannot hold a fixed rate (that is wrk2)');
  const script = join(spec.scratchDir, 'wrk-report.lua');
  await writeFile(script, wrkScript(spec.headers), { mode: 0o600 });
  // One thread: on a 2-core machine every extra load thread is CPU taken from the server under test.
  const stdout = await runProcess(
    'wrk',
    [
      '-t1',
      `-c${spec.connections}`,
      `-d${spec.durationS}s`,
      `--timeout`,
      `${REQUEST_TIMEOUT_MS / 1000}s`,
      '-s',
      script,
      spec.url,
    ],
    spec.signal,
  );
  const out = lastJsonLine(stdout) as WrkJson;
  return {
    tool: 'wrk',
    responses: out.requests,
    rps: out.requests / (out.durationUs / 1e6),
    p50Ms: out.p50Us / 1000,
    p90Ms: out.p90Us / 1000,
    p99Ms: out.p99Us / 1000,
    maxMs: out.maxUs / 1000,
    // wrk's status count is responses >= 400; the lookups answer 200, anything else is a failure anyway.
    non2xx: out.statusErrors,
    errors: out.connectErrors + out.readErrors + out.writeErrors + out.timeouts,
  };
}

function runProcess(command: string, args: string[], signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], signal, killSignal: 'SIGKILL' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr = (stderr + c).slice(-4000)));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`${command} exited with ${code}: ${stderr || stdout.slice(-2000)}`));
    });
  });
}

function lastJsonLine(stdout: string): unknown {
  const line = stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.trim().startsWith('{'));
  if (!line) throw new Error(`no JSON result in the load generator's output:\n${stdout.slice(-2000)}`);
  return JSON.parse(line);
}
