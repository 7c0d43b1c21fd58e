#!/usr/bin/env node
'use strict';
// The `conduit` command: a thin launcher for the bundled CLI (built by `npm run build`).
const path = require('node:path');
const fs = require('node:fs');
const { RELAUNCHED, relaunchArgs } = require('./v8-flags.cjs');

const bundle = path.join(__dirname, '..', 'dist', 'cli', 'conduit.cjs');
if (!fs.existsSync(bundle)) {
  process.stderr.write('conduit: the CLI is not built yet; run `npm run build` first\n');
  process.exit(2);
}

// Site commands run in a node started with a larger young generation (see v8-flags.cjs). The
// child inherits stdin, stdout and stderr, so pipes, files and exit codes behave as in-process.
const again = relaunchArgs(__filename, process.argv.slice(2), process.execArgv, process.env);
if (again !== null) {
  const { spawnSync } = require('node:child_process');
  const run = spawnSync(process.execPath, again, {
    stdio: 'inherit',
    env: { ...process.env, [RELAUNCHED]: '1' },
  });
  if (run.error === undefined) {
    // Die of the same signal (Ctrl+C reaches the child too), else exit with its code.
    if (run.signal) process.kill(process.pid, run.signal);
    process.exit(run.status ?? 1);
  }
  // node could not be started again (out of processes?): run here with the default heap.
}
require(bundle);
