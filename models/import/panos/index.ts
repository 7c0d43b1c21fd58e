import { DiagnosticSink, sourceRef } from '../../diagnostics';
import type { Device } from '../../device';
import type { ImportResult } from '../types';
import { convertPanos } from './convert';
import type { PanosConfig } from './model';
import { type ParseOptions, parsePanos } from './parse';
import { isRunningPolicy, parseRunningPolicy } from './running';
import { type PanosForm, child, splitLines, treeFromBrace, treeFromSet, treeFromXml } from './tree';

export { convertPanos, pairListName } from './convert';
export { parsePanos, baseName } from './parse';
export { APPLICATION_DEFAULTS, PREDEFINED_SERVICES } from './applications';
export { MAX_LINE_LENGTH, splitLines, tokenize } from './tree';
export type { PanosNode, PanosForm } from './tree';
export type * from './model';

export type PanosImportOptions = ParseOptions;

/** Which of the PAN-OS text forms a text is, from its first meaningful lines. */
export function panosForm(lines: readonly string[]): PanosForm | null {
  let sets = 0;
  let seen = 0;
  for (const raw of lines) {
    const l = raw.trim();
    if (l === '' || l.startsWith('#')) continue;
    if (seen === 0 && l.startsWith('<')) return 'xml';
    if (++seen > 50) break;
    if (l.startsWith('set ')) sets++;
  }
  if (seen === 0) return null;
  return sets / seen > 0.5 ? 'set' : 'brace';
}

const SET_HINT =
  /^set (deviceconfig system hostname|rulebase (security|nat) rules|address(-group)? \S|service(-group)? \S|zone \S+ network|network (interface|virtual-router)|vsys vsys\d|device-group \S|shared (address|service|application|pre-rulebase|post-rulebase))/;
const XML_HINT =
  /<config\b[^>]*(urldb="paloaltonetworks"|version="\d+\.\d+\.\d+")|<devices>|<entry name="localhost\.localdomain"|<vsys>|<device-group>|<rulebase>|<pre-rulebase>/;
const BRACE_HINT =
  /^\s*(devices|vsys|rulebase|deviceconfig|device-group|pre-rulebase|localhost\.localdomain|vsys\d+) \{$/;
const FORTIOS = /^(config (firewall|system|router|vpn|user)\b|edit \S|next$|end$)/;
const RUNNING_HINT =
  /^\s*(application\/service .*;|translate-to ".*";|nat-type ipv[46];|source-region \S+;|icmp-unreachable: (yes|no))$/;

/** How much a text looks like a PAN-OS configuration (any of its forms) or its dataplane policy output. */
export function panosScore(lines: readonly string[]): number {
  let seen = 0;
  let hits = 0;
  let strong = 0;
  for (const raw of lines) {
    const l = raw.trim();
    if (l === '') continue;
    if (++seen > 300) break;
    // FortiOS also writes `set service ...`, indented inside `config` / `edit` blocks.
    if (FORTIOS.test(l)) return 0;
    if (SET_HINT.test(raw) || XML_HINT.test(l) || BRACE_HINT.test(l) || RUNNING_HINT.test(l)) {
      strong++;
      hits++;
    } else if (l.startsWith('set ') || l.startsWith('<') || /^[\w"][^;{}]*(;|\{)$/.test(l) || l === '}')
      hits += 0.6;
  }
  if (seen === 0 || strong === 0) return 0;
  return Math.min(1, hits / seen + Math.min(0.4, strong / 10));
}

/**
 * Imports a PAN-OS export: the XML running configuration (firewall or Panorama), the `set`
 * command form, the curly-brace `show` form, or the dataplane `show running security-policy`
 * / `nat-policy` output. One Device per vsys (named after the hostname, and the vsys when there
 * are several), or per Panorama device group.
 */
export function importPanos(file: string, text: string, options: PanosImportOptions = {}): ImportResult {
  const lines = splitLines(text);
  const sink = new DiagnosticSink('parse');
  const form = panosForm(lines);
  const firstLine = (): ReturnType<typeof sourceRef> => {
    const i = Math.max(
      0,
      lines.findIndex((l) => l.trim() !== ''),
    );
    return sourceRef(file, i + 1, lines[i] ?? '');
  };
  let config: PanosConfig | null = null;
  if (form === 'xml') {
    let root = treeFromXml(file, text, lines, sink);
    // An XML API answer wraps the configuration: <response><result><config>.
    if (root !== null && root.name === 'response') root = child(child(root, 'result'), 'config') ?? null;
    if (root !== null) config = parsePanos(file, 'xml', root, sink, options);
  } else if (form === 'set') {
    const { root } = treeFromSet(file, lines, sink);
    config = parsePanos(file, 'set', root, sink, options);
  } else if (form === 'brace') {
    const root = treeFromBrace(file, lines, sink);
    const cfg = child(root, 'config');
    if (cfg !== undefined) config = parsePanos(file, 'brace', cfg, sink, options);
    else if (isRunningPolicy(root)) config = parseRunningPolicy(file, root, sink);
  }
  const convert = new DiagnosticSink('convert');
  if (
    config === null ||
    (config.scopes.length === 0 && !(config.panorama && options.deviceGroup !== undefined))
  ) {
    if (config === null || !config.panorama)
      convert.error(
        'vendor-mismatch',
        config === null
          ? 'no PAN-OS configuration found (no <config>, set commands, config { } block or policy records)'
          : 'no vsys found in this PAN-OS configuration (config/devices/entry/vsys)',
        firstLine(),
      );
    return { vendor: 'panos', devices: [], diagnostics: [...sink.diagnostics, ...convert.diagnostics] };
  }
  if (config.panorama) {
    if (options.deviceGroup === undefined && config.scopes.length > 0) {
      convert.info(
        'unsupported-construct',
        `Panorama configuration: no device group selected, so all ${config.scopes.length} are imported (${config.scopes.map((s) => s.name).join(', ')}), each with the shared rules around its own`,
        firstLine(),
      );
    } else if (options.deviceGroup !== undefined && config.scopes.length === 0) {
      convert.error(
        'undefined-reference',
        `device group '${options.deviceGroup}' is not in this Panorama configuration`,
        firstLine(),
      );
    }
  }
  const reported = new Set<string>();
  const devices: Device[] = config.scopes.map((s) => convertPanos(s, file, convert, reported));
  return { vendor: 'panos', devices, diagnostics: [...sink.diagnostics, ...convert.diagnostics] };
}
