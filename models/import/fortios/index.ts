import { DiagnosticSink, sourceRef } from '../../diagnostics';
import type { ImportResult } from '../types';
import { convertFortios } from './convert';
import { splitLines } from './lines';
import type { FortiosConfig } from './model';
import { readConfig } from './read';
import { parseTree } from './tree';

export { LineKind, MAX_LINE_LENGTH, splitLines, readStatements } from './lines';
export { parseTree, entriesOf, finalValues } from './tree';
export type { FortiosTree, FortiosTable, FortiosEdit, FortiosSetting, FortiosEntry } from './tree';
export { convertFortios, POLICY_LIST, POLICY6_LIST } from './convert';
export { readCustomService, predefinedService, portItem } from './services';
export { dispositionOf } from './sections';
export { Resolver } from './resolve';
export type * from './model';

export interface FortiosParse {
  readonly config: FortiosConfig;
  /** What became of each line (see LineKind). */
  readonly lineKinds: Uint8Array;
  readonly diagnostics: DiagnosticSink;
}

/** Text -> the vendor model, with every line classified. */
export function parseFortios(file: string, text: string, lines = splitLines(text)): FortiosParse {
  const sink = new DiagnosticSink('parse');
  const tree = parseTree(file, lines, sink);
  const config = readConfig(file, tree, sink);
  return { config, lineKinds: tree.kinds, diagnostics: sink };
}

const STRONG =
  /^(config (system (global|interface|zone|admin|settings|accprofile|dns|ha)|firewall (address6?|addrgrp6?|policy6?|service (custom|group)|vip)|router static6?|vdom|global)|#config-version=FG)/;
const WEAK =
  /^(config [a-z][\w-]*( [\w"-]+)*|edit ("[^"]*"|\S+)|next|end|(set|unset|append) [a-z][\w-]*( .*)?)$/;

/**
 * How much a text looks like a FortiOS configuration: the share of its first lines that are
 * `config` / `edit` / `set` / `next` / `end` statements, given at least one section header
 * that only FortiOS writes.
 */
export function fortiosScore(lines: readonly string[]): number {
  let seen = 0;
  let hits = 0;
  let strong = 0;
  for (const line of lines) {
    const l = line.trim();
    if (l === '') continue;
    if (l.startsWith('#')) {
      if (l.startsWith('#config-version=FG')) strong++;
      continue;
    }
    if (++seen > 200) break;
    if (STRONG.test(l)) {
      strong++;
      hits++;
    } else if (WEAK.test(l)) hits++;
  }
  return seen === 0 || strong === 0 ? 0 : Math.min(1, hits / seen);
}

/** Extensions that say "a FortiOS export" and are dropped from the device name. */
const EXTENSIONS = /\.(conf|cfg|txt|config|fgt)$/i;

export function fileStemOf(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  const name = base.replace(EXTENSIONS, '');
  return name === '' ? base : name;
}

export function importFortios(file: string, text: string): ImportResult {
  const lines = splitLines(text);
  const parsed = parseFortios(file, text, lines);
  const diagnostics = [...parsed.diagnostics.diagnostics];
  const c = parsed.config;
  const anything =
    c.hostname !== null ||
    c.vdoms.some(
      (v) =>
        v.interfaces.length > 0 ||
        v.policies.length > 0 ||
        v.addresses.size > 0 ||
        v.services.size > 0 ||
        v.zones.size > 0 ||
        v.routes.length > 0 ||
        v.vips.size > 0,
    );
  if (!anything && !parsed.lineKinds.some((k) => k === 3)) {
    const sink = new DiagnosticSink('convert');
    const first = lines.findIndex((l) => l.trim() !== '');
    const at = first < 0 ? 0 : first;
    sink.error(
      'vendor-mismatch',
      'no FortiOS configuration section found: this is not a FortiOS configuration',
      sourceRef(file, at + 1, lines[at] ?? ''),
    );
    return { vendor: 'fortios', devices: [], diagnostics: [...diagnostics, ...sink.diagnostics] };
  }
  const sink = new DiagnosticSink('convert');
  const devices = convertFortios(c, fileStemOf(file), sink);
  return { vendor: 'fortios', devices, diagnostics: [...diagnostics, ...sink.diagnostics] };
}
