'use strict';
// V8 settings for processes that analyze a site (the CLI's site commands, the app, the bench).
//
// The analysis keeps large memos alive (per-device answers, splits, routes) while it allocates
// short-lived objects by the million. With V8's default young generation (16 MB semi-spaces)
// it collects about 1,600 times at 100,000 assets, copying survivors each time: about 4.5 s of
// 24. With 64 MB semi-spaces it collects about 420 times (about 2.7 s). The size is fixed when
// the process starts, so the CLI's launcher starts node again with it (see relaunchArgs) and
// the app passes it to its renderers (js-flags). The young generation grows to it only when
// the allocation rate asks for it.
const ANALYSIS_V8_FLAGS = Object.freeze(['--max-semi-space-size=64']);

/** The commands that build a site model (the others parse or evaluate one device: no relaunch). */
const SITE_COMMANDS = Object.freeze(new Set(['analyze', 'zones', 'doh']));

/** Set in the relaunched process, so it never relaunches again. */
const RELAUNCHED = 'CONDUIT_V8_RELAUNCHED';

/**
 * The node arguments to run `script` again with ANALYSIS_V8_FLAGS, or null when this process
 * should run the command itself: not a site command, already relaunched, or the flag already
 * given (on node's command line or in NODE_OPTIONS: the user's choice wins).
 */
function relaunchArgs(script, argv, execArgv, env) {
  if (!SITE_COMMANDS.has(argv[0])) return null;
  if (env[RELAUNCHED]) return null;
  const names = ANALYSIS_V8_FLAGS.map((f) => f.split('=')[0]);
  const given = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)];
  if (given.some((a) => names.some((n) => a === n || a.startsWith(`${n}=`)))) return null;
  return [...ANALYSIS_V8_FLAGS, ...execArgv, script, ...argv];
}

module.exports = { ANALYSIS_V8_FLAGS, SITE_COMMANDS, RELAUNCHED, relaunchArgs };
