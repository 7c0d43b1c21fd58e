import { DiagnosticSink, sourceRef } from '../../diagnostics';
import type { ImportResult } from '../types';
import { convertJunos } from './convert';
import { parseJunos } from './parse';
import { splitLines } from './statements';

export { parseJunos } from './parse';
export type { JunosParse } from './parse';
export { LineKind, MAX_LINE_LENGTH, splitLines, parseStatements } from './statements';
export type { JunosStatement } from './statements';
export { convertJunos, pairListName, GLOBAL_LIST, logicalName } from './convert';
export { filterListName } from './convert-filters';
export { PREDEFINED_APPLICATIONS, JUNOS_PORT_NAMES } from './applications';
export type * from './model';

const SET_LINE =
  /^(set|deactivate|insert|activate) (security|interfaces|firewall|applications|system|policy-options|routing-options|protocols|snmp|chassis|version|routing-instances|groups|apply-groups|forwarding-options|class-of-service|vlans)\b/;
const CURLY_LINE =
  /^(security|interfaces|firewall|applications|system|policy-options|routing-options|protocols|snmp|chassis|routing-instances|groups|replace: \w[\w-]*|inactive: \w[\w-]*) \{$|^version \S+;$|^## Last (commit|changed)/;
const INNER =
  /^(from-zone \S+ to-zone \S+|security-zone \S+|policy \S+|term \S+|filter \S+|family inet6?|unit \d+|address-book|application(-set)? \S+) \{$|^(source-address|destination-address|application) [^;]+;$/;

/**
 * How much a text looks like a Junos configuration: the share of its first lines that are
 * `set` statements of Junos hierarchies, or curly-form block openers Junos writes.
 */
export function junosScore(lines: readonly string[]): number {
  let seen = 0;
  let hits = 0;
  let strong = 0;
  for (const line of lines) {
    const l = line.trim();
    if (
      l === '' ||
      l === '}' ||
      l.startsWith('#') ||
      l.startsWith('/*') ||
      l.startsWith('*') ||
      l.endsWith('*/')
    )
      continue;
    if (++seen > 200) break;
    if (SET_LINE.test(l)) {
      hits++;
      strong++;
    } else if (CURLY_LINE.test(l)) {
      hits++;
      strong++;
    } else if (INNER.test(l) || /^[a-z][\w-]*( [^;{}]+)?;$/.test(l) || /^[a-z][\w:-]*( \S+)* \{$/.test(l))
      hits += 0.9;
  }
  return seen === 0 || strong === 0 ? 0 : Math.min(1, hits / seen);
}

/** Extensions that say "a Junos export" and are dropped from the device name. */
const EXTENSIONS = /\.(conf|cfg|txt|set|junos|jcl|srx|config)$/i;

export function deviceNameOf(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  const name = base.replace(EXTENSIONS, '');
  return name === '' ? base : name;
}

export function importJunos(file: string, text: string): ImportResult {
  const lines = splitLines(text);
  const parsed = parseJunos(file, text, lines);
  const diagnostics = [...parsed.diagnostics.diagnostics];
  const c = parsed.config;
  const empty =
    c.interfaces.size === 0 &&
    c.zones.size === 0 &&
    c.policies.size === 0 &&
    c.globalPolicies.length === 0 &&
    c.filters.size === 0 &&
    c.addressBooks.size === 0 &&
    c.applications.size === 0 &&
    c.routes.length === 0 &&
    c.natRuleSets.size === 0 &&
    c.hostName === null;
  if (empty && !parsed.lineKinds.some((k) => k === 4 || k === 5 || k === 6)) {
    const sink = new DiagnosticSink('convert');
    const first = lines.findIndex((l) => l.trim() !== '');
    const at = first < 0 ? 0 : first;
    sink.error(
      'vendor-mismatch',
      'no Junos configuration statement found: this is not a Junos configuration',
      sourceRef(file, at + 1, lines[at] ?? ''),
    );
    return { vendor: 'junos', devices: [], diagnostics: [...diagnostics, ...sink.diagnostics] };
  }
  const { device, diagnostics: convert } = convertJunos(c, deviceNameOf(file));
  return { vendor: 'junos', devices: [device], diagnostics: [...diagnostics, ...convert.diagnostics] };
}
