import { type Command, Option } from 'commander';
import type { VendorId } from '../../models/device';
import { isIcmp, parseProtocol } from '../../models/net';
import { CliError, EXIT_OK } from '../errors';
import { formatAnswer, formatIssues } from '../format/text';
import { writeErr, writeOut } from '../io/output';
import { loadInputs } from '../load';
import { answerQuery, answerToJson, targetOf } from '../query/answer';
import { type FlowField, type FlowSpec, buildFlow } from '../query/flow';
import { resolveEndpoint, resolveList, selectDevice } from '../query/select';
import { runProbeFile } from './probes';
import { traceSite } from '../../models/reach';
import { formatSiteAnswer, siteToJson } from '../query/site';
import { vendorOption } from './shared';

export interface QueryOptions {
  readonly src?: string;
  readonly dst?: string;
  readonly proto?: string;
  readonly sport?: string;
  readonly dport?: string;
  readonly icmpType?: string;
  readonly icmpCode?: string;
  readonly device?: string;
  readonly in?: string;
  readonly out?: string;
  readonly fromZone?: string;
  readonly toZone?: string;
  readonly filter?: string;
  readonly probes?: string;
  readonly vendor?: VendorId;
  readonly json?: boolean;
}

const FLOW_OPTIONS = [
  'src',
  'dst',
  'proto',
  'sport',
  'dport',
  'icmpType',
  'icmpCode',
  'in',
  'out',
  'fromZone',
  'toZone',
];

export function registerQuery(program: Command, done: (code: number) => void): void {
  program
    .command('query')
    .summary('ask whether a flow is permitted, citing the rule that decides')
    .description(
      'Evaluate one flow (or a CSV file of probes) against a device and print the verdict with the rule that ' +
        'decided it (file and line). The flow is transit traffic through the device (for iptables: the raw, ' +
        'mangle and filter chains of the FORWARD path) unless --filter names one list to evaluate alone. ' +
        'Give --in and --out where rules test interfaces: without them such rules cannot be decided, and the ' +
        'verdict takes the permissive assumption and says so under "uncertain".',
    )
    .argument('<file...>', 'configuration files, folders of them, or a project (.conduit)')
    .option('--src <ip>', 'source address (IPv4 or IPv6)')
    .option('--dst <ip>', 'destination address')
    .option('--proto <proto>', 'protocol: tcp, udp, icmp or a number 0-255')
    .option('--sport <port>', 'source port (default 49152, an ephemeral port)')
    .option('--dport <port>', 'destination port (required for tcp and udp)')
    .option('--icmp-type <type>', 'ICMP type (default: echo request, 8; 128 for ICMPv6)')
    .option('--icmp-code <code>', 'ICMP code (default 0)')
    .option(
      '--device <name>',
      'the device to ask (a device name or its file); needed when the files hold several',
    )
    .addOption(new Option('--in <iface>', 'ingress interface (or zone)').conflicts('fromZone'))
    .addOption(new Option('--from-zone <zone>', 'ingress zone'))
    .addOption(new Option('--out <iface>', 'egress interface (or zone)').conflicts('toZone'))
    .addOption(new Option('--to-zone <zone>', 'egress zone'))
    .option('--filter <name>', 'evaluate this one list (ACL, chain, rulebase) alone, as if applied inbound')
    .addOption(
      new Option(
        '--probes <file>',
        'evaluate every flow of this CSV file (id,device,in,out,proto,src,dst,sport,dport)',
      ).conflicts(FLOW_OPTIONS),
    )
    .addOption(vendorOption())
    .option('--json', 'print the verdict as JSON (with --probes: one JSON object per line)')
    .addHelpText(
      'after',
      '\nOutput:\n' +
        '  text     the verdict, the deciding rule (file:line: text) and any reason for doubt\n' +
        '  --json   { "verdict": "permit"|"deny", "device", "rule": {file,line,endLine,text}|null,\n' +
        '             "reason": "rule"|"default"|"implicit-deny"|"no-match"|"unfiltered",\n' +
        '             "ruleId", "uncertain": [...], "flow", "evaluated", "in", "out", "trace", "issues" }\n' +
        '  --probes CSV: a header line id,verdict,file,line then one line per probe, in input\n' +
        '           order; file and line cite the rule or policy line that decided, and are\n' +
        '           empty when none did. --probes --json: one object per line with id, verdict,\n' +
        '           device, rule, reason, ruleId, uncertain.\n' +
        '           The probe file is checked whole before any verdict is printed: the first bad\n' +
        '           row stops the run with "PROBES.csv:LINE: reason" on stderr and exit code 2.\n' +
        '           For icmp, dport holds the ICMP type and sport the ICMP code. Rows with an\n' +
        '           empty device cell use --device; --filter applies to every row.\n' +
        '\nExamples:\n' +
        '  conduit query fw.rules --src 10.1.0.5 --dst 10.2.0.9 --proto tcp --dport 445\n' +
        '  conduit query fw.rules --src 10.1.0.5 --dst 10.2.0.9 --proto icmp --filter INPUT --json\n' +
        '  conduit query fw.rules --probes probes.csv > verdicts.csv',
    )
    .action((files: string[], opts: QueryOptions) => {
      done(opts.probes !== undefined ? runProbeFile(files, opts.probes, opts) : runQuery(files, opts));
    });
}

/** The option a flow field came from, for error messages. */
function optionOf(field: FlowField, icmp: boolean): string {
  if (field === 'sport') return icmp ? '--icmp-code' : '--sport';
  if (field === 'dport') return icmp ? '--icmp-type' : '--dport';
  return `--${field}`;
}

/** The flow fields of the options, checking that ports and ICMP options suit the protocol. */
export function flowSpecOf(opts: QueryOptions): { spec: FlowSpec; icmp: boolean } {
  const missing = (['src', 'dst', 'proto'] as const).filter((k) => opts[k] === undefined);
  if (missing.length > 0) {
    throw new CliError(
      `query needs ${missing.map((k) => `--${k}`).join(', ')} (or --probes FILE); see 'conduit query --help'`,
    );
  }
  const proto = parseProtocol(opts.proto!.trim());
  const icmp = proto !== null && isIcmp(proto);
  if (icmp && (opts.sport !== undefined || opts.dport !== undefined)) {
    throw new CliError('--sport and --dport do not apply to icmp; use --icmp-type and --icmp-code');
  }
  if (!icmp && (opts.icmpType !== undefined || opts.icmpCode !== undefined)) {
    throw new CliError(`--icmp-type and --icmp-code apply only to --proto icmp, not '${opts.proto}'`);
  }
  const spec: FlowSpec = {
    proto: opts.proto!,
    src: opts.src!,
    dst: opts.dst!,
    sport: icmp ? opts.icmpCode : opts.sport,
    dport: icmp ? opts.icmpType : opts.dport,
  };
  return { spec, icmp };
}

export function runQuery(files: readonly string[], opts: QueryOptions): number {
  const { spec, icmp } = flowSpecOf(opts);
  // Check the flow before reading any file: a typo should not wait for a 10 MB import.
  const flow = buildFlow(spec);
  if (!flow.ok) throw new CliError(`${optionOf(flow.field, icmp)}: ${flow.error}`);
  const { devices, issues, network, isSite } = loadInputs(files, opts.vendor);
  const endToEnd =
    isSite &&
    [opts.device, opts.in, opts.out, opts.fromZone, opts.toZone, opts.filter].every((o) => o === undefined);
  if (endToEnd) {
    const v = traceSite(network, flow.value);
    if (opts.json) writeOut(`${JSON.stringify({ ...siteToJson(v), issues }, null, 2)}\n`);
    else {
      writeOut(formatSiteAnswer(flow.value, v));
      writeErr(formatIssues(issues));
    }
    return EXIT_OK;
  }
  const device = selectDevice(devices, opts.device);
  if (!device.ok) throw new CliError(device.error);
  const d = device.value;
  const list = opts.filter === undefined ? null : resolveList(d, opts.filter);
  if (list !== null && !list.ok) throw new CliError(`--filter: ${list.error}`);
  const endpoint = (
    name: string | undefined,
    zone: string | undefined,
    option: string,
  ): { interfaces: string[]; zone?: string } | undefined => {
    const value = zone ?? name;
    if (value === undefined) return undefined;
    const r = resolveEndpoint(d, value, zone !== undefined);
    if (!r.ok) throw new CliError(`${option}: ${r.error}`);
    return {
      interfaces: [...r.value.interfaces],
      ...(r.value.zone !== undefined ? { zone: r.value.zone } : {}),
    };
  };
  const ins = endpoint(opts.in, opts.fromZone, opts.fromZone !== undefined ? '--from-zone' : '--in');
  const outs = endpoint(opts.out, opts.toZone, opts.toZone !== undefined ? '--to-zone' : '--out');
  const target = targetOf(
    d,
    list === null ? null : list.value,
    ins?.interfaces,
    outs?.interfaces,
    ins?.zone,
    outs?.zone,
  );
  const answer = answerQuery(target, flow.value);
  if (opts.json) {
    writeOut(`${JSON.stringify({ ...answerToJson(target, flow.value, answer), issues }, null, 2)}\n`);
  } else {
    writeOut(
      formatAnswer({
        flow: flow.value,
        verdict: answer.verdict,
        list: target.list,
        inInterface: answer.inInterface,
        outInterface: answer.outInterface,
      }),
    );
    writeErr(formatIssues(issues));
  }
  return EXIT_OK;
}
