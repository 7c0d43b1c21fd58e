import type { Command } from 'commander';
import type { VendorId } from '../../models/device';
import { formatServiceSet } from '../../models/net';
import { zoneMatrix, compareMatrices } from '../../models/reach';
import { EXIT_FAILED, EXIT_OK } from '../errors';
import { formatIssues } from '../format/text';
import { formatZones, zonesToJson } from '../format/zones';
import { writeErr, writeOut } from '../io/output';
import { loadInputs } from '../load';
import { vendorOption } from './shared';

export interface ZonesOptions {
  readonly vendor?: VendorId;
  readonly json?: boolean;
  readonly compare?: string[];
  readonly failOnOpened?: boolean;
}

export function registerZones(program: Command, done: (code: number) => void): void {
  program
    .command('zones')
    .summary('zones, segments, assets and the conduits open between zones')
    .description(
      'Build the site model (segments from interface addresses, zones declared in a site file or inferred from ' +
        'names and the inventory, routes) and compute the zone-to-zone matrix: for every ordered pair of zones, ' +
        'the services some address of one can open to some address of the other, end to end, with the rule ' +
        'that lets them through on every device on the way. With --compare, print what changed since another ' +
        'snapshot of the same site.',
    )
    .argument(
      '<input...>',
      'configuration files, folders of them, inventories, ip addr/route outputs, a site file, a project (.conduit)',
    )
    .addOption(vendorOption())
    .option(
      '--compare <before...>',
      'an earlier snapshot (files or a folder): print conduits opened and closed',
    )
    .option('--fail-on-opened', 'with --compare: exit 1 when any service became open')
    .option('--json', 'print the zones, segments, assets, conduits and the full matrix as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  conduit zones examples/plant-site\n' +
        '  conduit zones site-after/ --compare site-before/ --fail-on-opened',
    )
    .action((inputs: string[], opts: ZonesOptions) => {
      done(runZones(inputs, opts));
    });
}

export function runZones(inputs: readonly string[], opts: ZonesOptions): number {
  const after = loadInputs(inputs, opts.vendor);
  const matrix = zoneMatrix(after.network);
  if (opts.compare && opts.compare.length > 0) {
    const before = loadInputs(opts.compare, opts.vendor);
    const changes = compareMatrices(zoneMatrix(before.network), matrix);
    if (opts.json) {
      writeOut(
        `${JSON.stringify(
          {
            changes: changes.map((c) => ({
              from: c.from,
              to: c.to,
              opened: formatServiceSet(c.opened),
              closed: formatServiceSet(c.closed),
            })),
            issues: [...before.issues, ...after.issues],
          },
          null,
          2,
        )}\n`,
      );
    } else {
      if (changes.length === 0) writeOut('no conduit changed between the two snapshots\n');
      for (const c of changes) {
        if (c.opened.size > 0) writeOut(`+ ${c.from} -> ${c.to}: ${formatServiceSet(c.opened)}\n`);
        if (c.closed.size > 0) writeOut(`- ${c.from} -> ${c.to}: ${formatServiceSet(c.closed)}\n`);
      }
      writeErr(formatIssues([...before.issues, ...after.issues]));
    }
    return opts.failOnOpened && changes.some((c) => c.opened.size > 0) ? EXIT_FAILED : EXIT_OK;
  }
  if (opts.json)
    writeOut(`${JSON.stringify({ ...zonesToJson(after.network, matrix), issues: after.issues }, null, 2)}\n`);
  else {
    writeOut(formatZones(after.network, matrix));
    writeErr(formatIssues(after.issues));
  }
  return EXIT_OK;
}
