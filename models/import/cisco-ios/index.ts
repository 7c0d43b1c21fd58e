import { DiagnosticSink, sourceRef } from '../../diagnostics';
import type { ImportResult } from '../types';
import { convertCiscoIos } from './convert';
import { splitLines } from './lines';
import { parseCiscoIos } from './parse';

export { parseCiscoIos } from './parse';
export type { IosParse } from './parse';
export { LineKind, MAX_LINE_LENGTH, splitLines } from './lines';
export { convertCiscoIos, convertAcl } from './convert';
export type * from './model';

const STRONG = [
  /^(ip|ipv6) access-list (standard |extended )?\S+\s*$/,
  /^access-list \d+ (permit|deny|remark)\b/,
  /^\s+(\d+ )?(permit|deny) (ip|tcp|udp|icmp|ipv6|\d+|ahp|esp|gre|pim|ospf|eigrp|igmp|object-group|any|host|\d+\.\d+\.\d+\.\d+)\b/,
  /^\s+ip access-group \S+ (in|out)\s*$/,
  /^(Standard|Extended) IP access list \S+/,
  /^IPv6 access list \S+/,
  /^zone(-pair)? security \S+/,
  /^(class|policy)-map type inspect /,
  /^object-group (network|service|ip address|ip port) \S+/,
  /^\s+zone-member security \S+/,
];
/** Lines only an ASA (or PIX / FTD) configuration has. */
const ASA_SIGNS =
  /^(: )?(ASA|PIX|FWSM) Version |^\s+nameif |^\s+security-level \d|^access-list \S+ (extended|standard|webtype|ethertype) |^access-group \S+ (in|out) interface |^access-group \S+ global/;

const WEAK = [
  /^interface \S+/,
  /^hostname \S+/,
  /^!/,
  /^version \d/,
  /^\s+(no )?shutdown\s*$/,
  /^\s+(description|remark) /,
  /^\s+ip address /,
  /^ip route /,
  /^(router|line|banner|service|logging|snmp-server|ntp|end)\b/,
  /^\s+\d+ (permit|deny|remark) /,
];

/** How much a text looks like an IOS / NX-OS config or `show ip access-lists` output. */
export function ciscoIosScore(lines: readonly string[]): number {
  let seen = 0;
  let strong = 0;
  let weak = 0;
  for (const line of lines) {
    if (line.trim() === '') continue;
    if (++seen > 300) break;
    if (STRONG.some((re) => re.test(line))) strong++;
    else if (WEAK.some((re) => re.test(line))) weak++;
  }
  if (seen === 0 || strong === 0) return 0;
  // Cisco ASA shares much of this syntax; its own markers leave the file to the ASA importer.
  if (lines.some((l) => ASA_SIGNS.test(l))) return 0.1;
  // A router config is mostly routing and interface lines; a few unmistakable ACL lines decide.
  const share = Math.min(1, (strong * 2 + weak) / seen);
  return strong >= 3 ? Math.max(share, 0.6) : share;
}

const EXTENSIONS = /\.(cfg|conf|txt|acl|ios|config|running-config)$/i;

/** Device name: the config's hostname, else the file's base name without its extension. */
export function deviceNameOf(file: string, hostname: string | null): string {
  if (hostname !== null && hostname !== '') return hostname;
  const base = file.split(/[\\/]/).pop() ?? file;
  const name = base.replace(EXTENSIONS, '');
  return name === '' ? base : name;
}

export function importCiscoIos(file: string, text: string): ImportResult {
  const lines = splitLines(text);
  const parsed = parseCiscoIos(file, text, lines);
  const diagnostics = [...parsed.diagnostics.diagnostics];
  const c = parsed.config;
  if (c.acls.size === 0 && c.interfaces.size === 0 && c.zones.size === 0) {
    const sink = new DiagnosticSink('convert');
    const first = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('!'));
    const at = first < 0 ? 0 : first;
    sink.error(
      'vendor-mismatch',
      'no access list, interface or zone found: this is not a Cisco IOS / NX-OS configuration',
      sourceRef(file, at + 1, lines[at] ?? ''),
    );
    return { vendor: 'cisco-ios', devices: [], diagnostics: [...diagnostics, ...sink.diagnostics] };
  }
  const { device, diagnostics: convert } = convertCiscoIos(c, deviceNameOf(file, c.hostname));
  return { vendor: 'cisco-ios', devices: [device], diagnostics: [...diagnostics, ...convert.diagnostics] };
}
