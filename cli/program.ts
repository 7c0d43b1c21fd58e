import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { registerParse } from './commands/parse';
import { registerQuery } from './commands/query';
import { registerZones } from './commands/zones';
import { registerAnalyze } from './commands/analyze';
import { registerDoh } from './commands/doh';
import { CliError, EXIT_BAD_INPUT, EXIT_OK, oneLine } from './errors';
import { complain, writeErr, writeOut } from './io/output';

function version(): string {
  // The bundle lives in dist/cli/; package.json two folders up.
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  for (const candidate of [
    path.resolve(here, '..', '..', 'package.json'),
    path.resolve(here, '..', 'package.json'),
  ]) {
    try {
      const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'conduit' && pkg.version) return pkg.version;
    } catch {
      // try the next place
    }
  }
  return 'unknown';
}

const HELP_AFTER = `
Every command reads configuration exports of any supported vendor (detected; --vendor forces
one): files, or folders of them (file names in the output are then relative to the folder).

Exit codes:
  0  success
  1  the analysis reports a failing condition the caller asked to fail on
  2  bad input or usage; the reason is one line on stderr, naming the file and line

Examples:
  conduit parse fw.iptables-save --json
  conduit query fw.iptables-save --src 10.1.0.5 --dst 10.2.0.9 --proto tcp --dport 3389
  conduit query fw.iptables-save --probes probes.csv
`;

export function buildProgram(done: (code: number) => void = () => {}): Command {
  const program = new Command('conduit');
  program
    .description(
      'Offline firewall-rule analysis: what each firewall lets through, citing the rule (file and line) that decides.',
    )
    .version(version(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .helpCommand('help [command]', 'show help for a command')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => writeOut(s),
      writeErr: (s) => writeErr(s),
      // Commander's errors ("error: unknown option '--x'\n(Did you mean --y?)") as one line.
      outputError: (s, write) => write(`conduit: ${oneLine(s.replace(/^error: /, ''))}\n`),
    })
    .addHelpText('after', HELP_AFTER);
  // Subcommands inherit exitOverride and configureOutput from the program at creation time.
  registerParse(program, done);
  registerQuery(program, done);
  registerZones(program, done);
  registerAnalyze(program, done);
  registerDoh(program, done);
  return program;
}

/** Runs the command line; returns the exit code and never throws. */
export function runCli(argv: readonly string[]): number {
  let code: number = EXIT_OK;
  const program = buildProgram((c) => (code = c));
  try {
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return EXIT_BAD_INPUT;
    }
    program.parse(argv as string[], { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and --version "errors" are successes; every other commander error is usage.
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
      )
        return EXIT_OK;
      return EXIT_BAD_INPUT;
    }
    if (err instanceof CliError) {
      complain(oneLine(err.message));
      return err.exitCode;
    }
    const message = err instanceof Error ? err.message : String(err);
    complain(`${oneLine(message, 200)} (internal error; please report)`);
    if (process.env.CONDUIT_DEBUG && err instanceof Error && err.stack) writeErr(`${err.stack}\n`);
    return EXIT_BAD_INPUT;
  }
}
