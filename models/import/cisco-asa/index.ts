import { DiagnosticSink, sourceRef } from '../../diagnostics';
import type { ImportResult } from '../types';
import { convertCiscoAsa } from './convert';
import { LineKind, parseCiscoAsa, splitLines } from './parse';

export { parseCiscoAsa, splitLines, LineKind, MAX_LINE_LENGTH } from './parse';
export type { AsaParse } from './parse';
export { convertCiscoAsa } from './convert';
export type * from './model';

const SIGNS = [
  /^: Saved/,
  /^ASA Version \d/,
  /^access-list \S+ (extended|standard|remark|webtype|ethertype)\b/,
  /^access-list \S+ line \d+ /,
  /^access-list \S+; \d+ elements/,
  /^access-group \S+ (in|out) interface \S+/,
  /^access-group \S+ global/,
  /^object(-group)? (network|service|protocol|icmp-type) \S+/,
  /^ (nameif|security-level) /,
  /^ (network-object|port-object|service-object|protocol-object|icmp-object|group-object) /,
  /^ (host|subnet|range|fqdn|service) \S/,
  /^same-security-traffic permit/,
  /^nat \(/,
  /^clear configure access-list/,
  /^ description /,
];

/** How much a text looks like ASA configuration or `show access-list` output. */
export function ciscoAsaScore(lines: readonly string[]): number {
  let seen = 0;
  let hits = 0;
  let strong = false;
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    const l = line.trim();
    if (l === '' || l.startsWith('!')) continue;
    if (++seen > 200) break;
    const probe = line.startsWith('  access-list ') ? l : line;
    if (SIGNS.some((re) => re.test(probe))) hits++;
    if (
      /^ASA Version|^: Saved|^access-group |nameif |^access-list \S+ (extended|line \d+ extended)/.test(probe)
    )
      strong = true;
  }
  if (seen === 0) return 0;
  const share = hits / seen;
  return strong ? Math.min(1, share + 0.3) : share * 0.9;
}

/** Extensions that say "an ASA export" and are dropped from the device name. */
const EXTENSIONS = /\.(asa|cfg|conf|txt|config|running-config)$/i;

export function deviceNameOf(file: string, hostname: string | null): string {
  if (hostname !== null && hostname !== '') return hostname;
  const base = file.split(/[\\/]/).pop() ?? file;
  const name = base.replace(EXTENSIONS, '');
  return name === '' ? base : name;
}

export function importCiscoAsa(file: string, text: string): ImportResult {
  const lines = splitLines(text);
  const parsed = parseCiscoAsa(file, text, lines);
  const diagnostics = [...parsed.diagnostics.diagnostics];
  const c = parsed.config;
  const useful =
    c.interfaces.length + c.accessLists.size + c.objects.size + c.nat.length + c.accessGroups.length;
  if (useful === 0) {
    const sink = new DiagnosticSink('convert');
    const first = lines.findIndex((l) => l.trim() !== '' && !/^\s*[!:]/.test(l));
    const at = first < 0 ? 0 : first;
    sink.error(
      'vendor-mismatch',
      'no interface, object, access-list or NAT found: this is not a Cisco ASA configuration',
      sourceRef(file, at + 1, lines[at] ?? ''),
    );
    return { vendor: 'cisco-asa', devices: [], diagnostics: [...diagnostics, ...sink.diagnostics] };
  }
  const { device, diagnostics: convert } = convertCiscoAsa(c, deviceNameOf(file, c.hostname));
  return { vendor: 'cisco-asa', devices: [device], diagnostics: [...diagnostics, ...convert.diagnostics] };
}

export { LineKind as AsaLineKind };
