#!/usr/bin/env node
'use strict';
// The `conduit` command: a thin launcher for the bundled CLI (built by `npm run build`).
const path = require('node:path');
const fs = require('node:fs');
const bundle = path.join(__dirname, '..', 'dist', 'cli', 'conduit.cjs');
if (!fs.existsSync(bundle)) {
  process.stderr.write('conduit: the CLI is not built yet; run `npm run build` first\n');
  process.exit(2);
}
require(bundle);
