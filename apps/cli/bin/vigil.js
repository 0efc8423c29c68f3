#!/usr/bin/env node
// Launcher for the compiled CLI (built by `npm run build`, which `npm ci` runs through `prepare`).
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const main = join(__dirname, '..', '..', '..', 'dist', 'apps', 'cli', 'src', 'main.js');
if (!existsSync(main)) {
  process.stderr.write('vigil: the CLI is not built yet. Run `npm run build` in the Vigil checkout first.\n');
  process.exit(2);
}
require(main);
