// `npm test`: builds (the end-to-end specs drive the compiled CLI and server), runs every Jest project,
// and ends with one plain line "tests: N passed, N failed" for CI.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const build = spawnSync(process.execPath, ['tools/scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

mkdirSync('tmp', { recursive: true });
const resultsFile = 'tmp/jest-results.json';
const jest = spawnSync(
  process.execPath,
  [require.resolve('jest/bin/jest'), '--json', `--outputFile=${resultsFile}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
try {
  const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
  process.stdout.write(
    `\ntests: ${r.numPassedTests} passed, ${r.numFailedTests + r.numRuntimeErrorTestSuites} failed\n`,
  );
} catch {
  process.stdout.write('\ntests: 0 passed, 1 failed\n');
}
process.exit(jest.status ?? 1);
