// `npm run bench`: builds, then runs every tools/bench/*.bench.ts (compiled to dist/tools/bench/) one after the
// other (never together: on a small machine they would measure each other), and ends with each benchmark's
// result line and goals. Not part of `npm test`: the figures depend on the machine and take minutes.
//   npm run bench                          all benchmarks
//   npm run bench -- version-lookup        only the named ones
//   npm run bench -- --duration=5          options are passed to every benchmark (see docs/benchmarks.md)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const build = spawnSync(process.execPath, ['tools/scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const args = process.argv.slice(2);
const options = args.filter((a) => a.startsWith('--'));
const wanted = args.filter((a) => !a.startsWith('--'));
// Sources, not dist/: a benchmark deleted from the tree may still have stale output in dist/.
const available = readdirSync('tools/bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.slice(0, -'.bench.ts'.length))
  .sort();
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; available: ${available.join(', ')}\n`);
  process.exit(2);
}
const selected = wanted.length > 0 ? available.filter((n) => wanted.includes(n)) : available;

// Ctrl-C reaches the benchmark too (same process group); it cleans up and exits, and we report what ran.
let interrupted = false;
process.on('SIGINT', () => (interrupted = true));
process.on('SIGTERM', () => (interrupted = true));

const outcomes = [];
for (const name of selected) {
  if (interrupted) break;
  const script = `dist/tools/bench/${name}.bench.js`;
  if (!existsSync(script)) {
    outcomes.push({ name, code: 1, result: null });
    continue;
  }
  const { code, stdout } = await run(script, options);
  const result = stdout
    .trim()
    .split('\n')
    .reverse()
    .map((line) => {
      try {
        return JSON.parse(line);
      } catch {
        return null;
      }
    })
    .find((r) => r && r.benchmark === name);
  outcomes.push({ name, code, result: result ?? null });
}

process.stdout.write('\n== npm run bench: summary ==\n');
for (const { name, code, result } of outcomes) {
  const goals = result?.goals
    ? Object.entries(result.goals)
        .map(([goal, g]) => `${goal} ${g.met ? 'MET' : 'MISSED'}`)
        .join(', ')
    : 'no result';
  process.stdout.write(`${name}: ${code === 0 ? 'ran' : `FAILED (exit ${code})`}; goals: ${goals}\n`);
  if (result) process.stdout.write(`${JSON.stringify(result)}\n`);
}
process.exit(outcomes.length === selected.length && outcomes.every((o) => o.code === 0) ? 0 : 1);

function run(script, extraArgs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...extraArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      stdout = (stdout + chunk.toString('utf8')).slice(-1024 * 1024);
    });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), stdout }));
  });
}
