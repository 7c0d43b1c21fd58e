import type { Command } from 'commander';
import { CliError } from '../errors';

/** Subcommands of the contract that later issues implement: listed in --help, exit 2 when run. */
const LATER: ReadonlyArray<{ name: string; args: string; summary: string }> = [
  {
    name: 'analyze',
    args: '[input...]',
    summary: 'lateral-movement paths, egress gaps and findings (not available yet)',
  },
  {
    name: 'doh',
    args: '[input...]',
    summary: 'DNS-over-HTTPS / DNS-over-TLS / DNS egress gaps (not available yet)',
  },
];

export function registerNotYet(program: Command): void {
  for (const { name, args, summary } of LATER) {
    program
      .command(name)
      .summary(summary)
      .description(`${summary[0]!.toUpperCase()}${summary.slice(1)}.`)
      .argument(args, 'configuration files, folders or a project file')
      .allowUnknownOption()
      .allowExcessArguments()
      .action(() => {
        throw new CliError(
          `'${name}' is not available yet in this version of conduit (available: parse, query, zones)`,
        );
      });
  }
}
