// Compiles the whole workspace (apps, libs, migrations, tools) to dist/ with tsc, then rewrites the
// @vigil/* path aliases into relative requires so plain `node` runs the output.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const run = (bin, args) => execFileSync(process.execPath, [require.resolve(bin), ...args], { stdio: 'inherit' });

run('typescript/bin/tsc', ['-p', 'tsconfig.build.json']);
run('tsc-alias/dist/bin/index.js', ['-p', 'tsconfig.build.json']);
