import type { Command } from 'commander';
import type { VendorId } from '../../models/device';
import { dnsEgressGaps } from '../../models/egress';
import { EXIT_FAILED, EXIT_OK } from '../errors';
import { formatIssues } from '../format/text';
import { writeErr, writeOut } from '../io/output';
import { projectResolvers } from '../io/project';
import { loadInputs } from '../load';
import { loadResolvers } from '../resolvers';
import { vendorOption } from './shared';

export interface DohOptions {
  readonly vendor?: VendorId;
  readonly json?: boolean;
  readonly failOnGap?: boolean;
  readonly resolvers?: string;
}

export function registerDoh(program: Command, done: (code: number) => void): void {
  program
    .command('doh')
    .summary('DNS-over-HTTPS / DNS-over-TLS / DNS egress gaps')
    .description(
      'For every asset (class): can it reach a public DNS-over-HTTPS / TLS / QUIC or DNSCrypt resolver of the ' +
        'bundled list, any internet address on tcp/443, or send DNS around the designated resolvers? Each gap ' +
        'names the hosts, the resolver, the service and the rule on every device on the way. OT assets with ' +
        'any such egress are critical.',
    )
    .argument(
      '<input...>',
      'configuration files, folders of them, inventories, ip addr/route outputs, a site file, a project (.conduit)',
    )
    .addOption(vendorOption())
    .option('--fail-on-gap', 'exit 1 when any gap is found')
    .option(
      '--resolvers <file>',
      'a newer public-resolver list (dnscrypt-resolvers markdown, JSON or CSV) instead of the bundled one',
    )
    .option('--json', 'print { egress: [...], issues: [...] } as JSON')
    .action((inputs: string[], opts: DohOptions) => {
      done(runDoh(inputs, opts));
    });
}

export function runDoh(inputs: readonly string[], opts: DohOptions): number {
  const list = opts.resolvers === undefined ? null : loadResolvers(opts.resolvers);
  const loaded = loadInputs(inputs, opts.vendor);
  // --resolvers wins over the list a project's settings name.
  const resolvers = list ? list.resolvers : loaded.project ? projectResolvers(loaded.project) : null;
  const egress = dnsEgressGaps(loaded.network, resolvers ? { resolvers } : {});
  const issues = [...loaded.issues, ...(list?.issues ?? [])];
  if (opts.json) writeOut(`${JSON.stringify({ egress, issues }, null, 2)}\n`);
  else {
    writeOut(
      egress.length === 0
        ? 'No DNS egress gap.\n'
        : `${egress.map((g) => `${g.severity.padEnd(8)} ${g.message}`).join('\n')}\n`,
    );
    writeErr(formatIssues(issues));
  }
  return opts.failOnGap && egress.length > 0 ? EXIT_FAILED : EXIT_OK;
}
