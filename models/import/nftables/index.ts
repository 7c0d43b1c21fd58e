import { DiagnosticSink, sourceRef } from '../../diagnostics';
import type { ImportResult } from '../types';
import { convertNftables } from './convert';
import { parseNftJson } from './parse-json';
import { parseNftText, splitLines } from './parse-text';

export { parseNftText, splitLines, LineKind, MAX_LINE_LENGTH, resolvePriority } from './parse-text';
export { parseNftJson } from './parse-json';
export { convertNftables, listName } from './convert';
export type * from './model';

const TABLE = /^\s*(?:add\s+)?table\s+(?:(?:ip|ip6|inet|arp|bridge|netdev)\s+)?[\w.-]+\s*(?:\{\s*)?$/;
const JSON_SIGN = /^\s*(?:\{\s*)?"nftables"\s*:\s*\[/;

/** How much a text looks like nftables: a `table FAMILY NAME {` line, or nft -j's `"nftables": [`. */
export function nftablesScore(lines: readonly string[]): number {
  let seen = 0;
  for (const line of lines) {
    if (JSON_SIGN.test(line)) return 0.95;
    const l = line.trim();
    if (l === '' || l.startsWith('#')) continue;
    if (TABLE.test(line)) return 0.9;
    if (++seen > 200) break;
  }
  return 0;
}

/** Extensions that say "an nftables export" and are dropped from the device name. */
const EXTENSIONS = /(\.list-ruleset)?\.(nft|nftables|json|rules|conf|ruleset|txt)$/i;

export function deviceNameOf(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  const name = base.replace(EXTENSIONS, '');
  return name === '' ? base : name;
}

export function importNftables(file: string, text: string): ImportResult {
  const lines = splitLines(text);
  const json = /^\s*[[{]/.test(text);
  const parsed = json
    ? parseNftJson(file, text, lines)
    : (({ ruleset, diagnostics }) => ({ ruleset, diagnostics }))(parseNftText(file, text, lines));
  const diagnostics = [...parsed.diagnostics.diagnostics];
  if (parsed.ruleset.tables.length === 0) {
    const sink = new DiagnosticSink('convert');
    const first = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
    const at = first < 0 ? 0 : first;
    sink.error(
      'vendor-mismatch',
      'no nftables table found: this is not `nft list ruleset` or `nft -j list ruleset` output',
      sourceRef(file, at + 1, lines[at] ?? ''),
    );
    return { vendor: 'nftables', devices: [], diagnostics: [...diagnostics, ...sink.diagnostics] };
  }
  const { device, diagnostics: convert } = convertNftables(parsed.ruleset, deviceNameOf(file));
  return { vendor: 'nftables', devices: [device], diagnostics: [...diagnostics, ...convert.diagnostics] };
}
