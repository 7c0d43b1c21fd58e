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
// child inherits stdin, stdout and stderr, so pipes, files and exit codes behave as in-process;
// a signal that stops this process (a caller's timeout) is passed on, so no analysis outlives it.
const again = relaunchArgs(__filename, process.argv.slice(2), process.execArgv, process.env);
if (again === null) require(bundle);
else {
  const { spawn } = require('node:child_process');
  const child = spawn(process.execPath, again, {
    stdio: 'inherit',
    env: { ...process.env, [RELAUNCHED]: '1' },
  });
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const forward = (signal) => child.kill(signal);
  for (const s of signals) process.on(s, forward);
  child.on('error', () => {
    if (child.pid !== undefined) return;
    // node could not be started again (out of processes?): run here with the default heap.
    for (const s of signals) process.off(s, forward);
    require(bundle);
  });
  child.on('exit', (code, signal) => {
    for (const s of signals) process.off(s, forward);
    // Die of the same signal, else exit with the child's code.
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}
