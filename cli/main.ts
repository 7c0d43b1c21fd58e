// The `conduit` command: bundled by scripts/build.mjs into dist/cli/conduit.cjs, run by bin/conduit.cjs.
import { runCli } from './program';

// exitCode, not exit(): stdout must drain when it is a pipe or a file.
process.exitCode = runCli(process.argv.slice(2));
