// Deployment manifest polling: 1,000 sites each with its own manifest, polled by a second process on loopback.
// Measures the unchanged poll (If-None-Match → 304, answered from memory) and the full 200, against a bare
// GET /healthz in the same run. Goal: ≥ 5,000 requests/s for the 304s on a 2-core machine.
import { spawn, spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildLogisticModel } from '@vigil/inference/testing';
import { runBenchmark } from './support/bench-harness';
import { heading, note, printResultLine, printTable, fixed, verdict } from './support/report';
import { startRegistryProcess } from './support/registry-process';

const SITES = 1000;
const CONNECTIONS = 32;

interface Load {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  statuses: Record<string, number>;
  errors: number;
}

async function call(
  base: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  extra: Record<string, string> = {},
) {
  const res = await fetch(base + path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...extra,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
  return {
    status: res.status,
    etag: res.headers.get('etag'),
    body: text ? (JSON.parse(text) as Record<string, unknown>) : null,
  };
}

/** wrk with a Lua script that walks the sites in turn, each with its own If-None-Match, counting statuses. */
async function wrkLoad(
  dir: string,
  url: string,
  token: string,
  paths: string[],
  etags: (string | null)[],
  seconds: number,
): Promise<Load> {
  const lua = `
local paths = {${paths.map((p) => JSON.stringify(p)).join(',')}}
local etags = {${etags.map((e) => (e ? JSON.stringify(e) : 'false')).join(',')}}
local counter = 0
local threads = {}
function setup(thread) thread:set("id", #threads + 1); table.insert(threads, thread) end
function init() statuses = {} end
function request()
  counter = counter + 1
  local i = (counter % #paths) + 1
  local h = { ["Authorization"] = "Bearer ${token}" }
  if etags[i] then h["If-None-Match"] = etags[i] end
  return wrk.format("GET", paths[i], h)
end
function response(status) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  local merged = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for k, v in pairs(s) do merged[k] = (merged[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(merged) do table.insert(parts, string.format('"%d":%d', k, v)) end
  io.write(string.format('{"requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"errors":%d,"statuses":{%s}}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    table.concat(parts, ",")))
end`;
  const script = join(dir, `load-${Date.now()}.lua`);
  await writeFile(script, lua, { mode: 0o600 });
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn('wrk', ['-t2', `-c${CONNECTIONS}`, `-d${seconds}s`, '--latency', '-s', script, url], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.on('error', reject);
    child.on('exit', () => resolve(text));
  });
  const line = out.split('\n').find((l) => l.startsWith('{"requests"'));
  if (!line) throw new Error(`wrk printed no result: ${out}`);
  const r = JSON.parse(line) as {
    requests: number;
    durationUs: number;
    p50Us: number;
    p99Us: number;
    errors: number;
    statuses: Record<string, number>;
  };
  return {
    rps: r.requests / (r.durationUs / 1e6),
    p50Ms: r.p50Us / 1000,
    p99Ms: r.p99Us / 1000,
    statuses: r.statuses,
    errors: r.errors,
  };
}

/** Fallback without wrk: autocannon in a child process, rotating the sites through setupRequest. */
function autocannonLoad(url: string, token: string, paths: string[], etags: (string | null)[], seconds: number): Load {
  const code = `
const autocannon = require(${JSON.stringify(require.resolve('autocannon'))});
const paths = ${JSON.stringify(paths)}; const etags = ${JSON.stringify(etags)}; let i = 0; const statuses = {};
const inst = autocannon({ url: ${JSON.stringify(url)}, connections: ${CONNECTIONS}, duration: ${seconds},
  headers: { authorization: 'Bearer ' + process.env.BENCH_TOKEN },
  requests: [{ setupRequest: (req) => { const k = i++ % paths.length; req.path = paths[k];
    req.headers = Object.assign({}, req.headers, etags[k] ? { 'if-none-match': etags[k] } : {}); return req; } }] },
  (err, r) => { if (err) { console.error(err); process.exit(1); }
    console.log(JSON.stringify({ rps: r.requests.total / r.duration, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, statuses }) ); });
inst.on('response', (_c, status) => { statuses[status] = (statuses[status] || 0) + 1; });`;
  const r = spawnSync(process.execPath, ['-e', code], {
    env: { ...process.env, BENCH_TOKEN: token },
    encoding: 'utf8',
    timeout: (seconds + 30) * 1000,
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('{'));
  if (!line) throw new Error(`autocannon printed no result: ${r.stderr}`);
  const o = JSON.parse(line) as {
    rps: number;
    p50: number;
    p99: number;
    errors: number;
    statuses: Record<string, number>;
  };
  return { rps: o.rps, p50Ms: o.p50, p99Ms: o.p99, statuses: o.statuses, errors: o.errors };
}

runBenchmark('site-manifest', 15 * 60_000, async (ctx) => {
  const seconds = Number(ctx.args.get('duration') ?? 15);
  const useWrk = spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined;
  const server = await startRegistryProcess();
  ctx.defer(() => server.stop());
  const base = server.url;
  const admin = server.adminToken;

  heading(`site-manifest: setting up ${SITES} sites`);
  const password = 'Bench-approver-2026!';
  await call(base, admin, 'POST', '/api/v1/users', {
    name: 'Bench Approver',
    email: 'approver@bench.local',
    role: 'approver',
    password,
  });
  const approver = (
    await call(base, admin, 'POST', '/api/v1/tokens', { name: 'bench-approver', principal: 'approver@bench.local' })
  ).body!.secret as string;
  const deployer = (await call(base, admin, 'POST', '/api/v1/tokens', { name: 'bench-deployer', role: 'deployer' }))
    .body!.secret as string;
  const viewer = (await call(base, admin, 'POST', '/api/v1/tokens', { name: 'bench-edge', role: 'viewer' })).body!
    .secret as string;
  await call(base, admin, 'POST', '/api/v1/models', { name: 'bench-model', owner: 'bench' });
  const form = new FormData();
  form.append('metadata', JSON.stringify({ gitCommit: 'abcdef1', trainingDataUri: 's3://bench' }));
  form.append('artifact', new Blob([buildLogisticModel({ weights: [1, 2, 3], bias: 0 })]), 'm.onnx');
  const reg = await fetch(`${base}/api/v1/models/bench-model/versions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}` },
    body: form,
  });
  if (reg.status !== 201) throw new Error(`registration failed: ${reg.status} ${await reg.text()}`);
  await call(base, admin, 'PUT', '/api/v1/models/bench-model/policy', {
    rules: [{ environment: 'production', signatures: [{ role: 'approver', count: 1 }] }],
  });
  const request = (
    await call(base, admin, 'POST', '/api/v1/approvals', {
      model: 'bench-model',
      version: 1,
      environment: 'production',
    })
  ).body!;
  await call(base, approver, 'POST', `/api/v1/approvals/${String(request.id)}/signatures`, {
    decision: 'approve',
    meaning: 'Approved for the benchmark',
    reason: 'bench',
    password,
  });
  const sites = Array.from({ length: SITES }, (_, i) => `site-${String(i).padStart(4, '0')}`);
  for (const site of sites)
    await call(base, deployer, 'POST', '/api/v1/models/bench-model/deployments', {
      version: 1,
      environment: 'production',
      site,
    });
  const paths = sites.map((s) => `/api/v1/sites/${s}/deployment`);
  const etags: string[] = [];
  for (const p of paths) etags.push((await call(base, viewer, 'GET', p)).etag!);
  note(
    `${SITES} sites promoted; ${new Set(etags).size} distinct ETags; load: ${useWrk ? 'wrk' : 'autocannon'}, ${CONNECTIONS} connections, ${seconds} s each`,
  );

  const run = (urlPaths: string[], tags: (string | null)[]) =>
    useWrk
      ? wrkLoad(server.dataDir, base, viewer, urlPaths, tags, seconds)
      : Promise.resolve(autocannonLoad(base, viewer, urlPaths, tags, seconds));
  const notModified = await run(paths, etags);
  const full = await run(
    paths,
    paths.map(() => null),
  );
  const health = await run(['/healthz'], [null]);

  heading('site-manifest: results');
  printTable([
    ['load', 'requests/s', 'p50 ms', 'p99 ms', 'statuses', 'errors'],
    ...(
      [
        ['304 (If-None-Match)', notModified],
        ['200 (full manifest)', full],
        ['GET /healthz (baseline)', health],
      ] as const
    ).map(([n, r]) => [
      n,
      fixed(r.rps, 0),
      fixed(r.p50Ms, 2),
      fixed(r.p99Ms, 2),
      Object.entries(r.statuses)
        .map(([s, c]) => `${s}:${c}`)
        .join(' '),
      String(r.errors),
    ]),
  ]);
  note(`304 throughput / healthz throughput: ${fixed(notModified.rps / health.rps, 2)}`);
  note(`goal ≥ 5,000 requests/s for 304s: ${verdict(notModified.rps >= 5000)}`);
  printResultLine({
    benchmark: 'site-manifest',
    sites: SITES,
    tool: useWrk ? 'wrk' : 'autocannon',
    notModified: { rps: Math.round(notModified.rps), p99Ms: notModified.p99Ms, statuses: notModified.statuses },
    full: { rps: Math.round(full.rps), p99Ms: full.p99Ms, statuses: full.statuses },
    healthz: { rps: Math.round(health.rps), p99Ms: health.p99Ms },
    ratio304ToHealthz: notModified.rps / health.rps,
    goals: { notModifiedRps: { target: 5000, measured: Math.round(notModified.rps), met: notModified.rps >= 5000 } },
  });
});
