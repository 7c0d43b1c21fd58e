import type { Command } from 'commander';
import type { Device, VendorId } from '../../models/device';
import { EXIT_OK } from '../errors';
import { deviceHeadToJson, deviceRules, natToJson, SetFormatter } from '../format/device-json';
import { formatDeviceSummary, formatIssues } from '../format/text';
import { ChunkedWriter, writeJsonArray } from '../io/chunked';
import { writeErr, writeOut } from '../io/output';
import { loadInputs } from '../load';
import { vendorOption } from './shared';

export interface ParseOptions {
  readonly vendor?: VendorId;
  readonly json?: boolean;
}

export function registerParse(program: Command, done: (code: number) => void): void {
  program
    .command('parse')
    .summary('import configurations and show the devices, rule lists and rules found')
    .description(
      'Import firewall configurations and show what was understood: devices, interfaces, zones, rule lists ' +
        'and (with --json) every rule, each with the file and line it came from. Lines that could not be used ' +
        'are reported as issues: on stderr, or under "issues" with --json.',
    )
    .argument('<file...>', 'configuration files, or folders of them')
    .addOption(vendorOption())
    .option('--json', 'print { devices: [...], issues: [...] } as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  conduit parse fw1.iptables-save\n' +
        '  conduit parse site/ --json | jq \'.devices[].rules[] | select(.action == "permit")\'',
    )
    .action((files: string[], opts: ParseOptions) => {
      done(runParse(files, opts));
    });
}

function writeDeviceJson(out: ChunkedWriter, device: Device, fmt: SetFormatter, indent: string): void {
  const head = JSON.stringify(deviceHeadToJson(device), null, 2);
  out.write(indent + head.slice(0, -2).replace(/\n/g, `\n${indent}`));
  out.write(`,\n${indent}  "rules": `);
  writeJsonArray(out, deviceRules(device, fmt), `${indent}  `);
  out.write(`,\n${indent}  "nat": `);
  writeJsonArray(out, device.nat, `${indent}  `, (n) => natToJson(n, fmt));
  out.write(`\n${indent}}`);
}

export function runParse(files: readonly string[], opts: ParseOptions): number {
  const { devices, issues } = loadInputs(files, opts.vendor);
  if (opts.json) {
    const out = new ChunkedWriter(writeOut);
    const fmt = new SetFormatter();
    out.write('{\n  "devices": [');
    devices.forEach((d, k) => {
      out.write(k === 0 ? '\n' : ',\n');
      writeDeviceJson(out, d, fmt, '    ');
    });
    out.write(devices.length > 0 ? '\n  ],\n  "issues": ' : '],\n  "issues": ');
    writeJsonArray(out, issues, '  ');
    out.write('\n}\n');
    out.flush();
    return EXIT_OK;
  }
  writeOut(devices.map(formatDeviceSummary).join('\n'));
  const rules = devices.reduce(
    (n, d) => n + [...d.lists.values()].reduce((m, l) => m + l.rules.length, 0),
    0,
  );
  const errors = issues.filter((i) => i.severity === 'error').length;
  writeOut(
    `\n${devices.length} device${devices.length === 1 ? '' : 's'}, ${rules} rule${rules === 1 ? '' : 's'}, ` +
      `${issues.length} issue${issues.length === 1 ? '' : 's'}${errors > 0 ? ` (${errors} error${errors === 1 ? '' : 's'})` : ''}` +
      `${issues.length > 0 ? ' (on stderr; all of them with --json)' : ''}\n`,
  );
  writeErr(formatIssues(issues));
  return EXIT_OK;
}
