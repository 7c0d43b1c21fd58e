import { DiagnosticSink } from '../../diagnostics';
import type { ImportResult } from '../types';
import { convertPf } from './convert';
import type { PfFlavour } from './model';
import { type PfParse, PfReader, parsePfConfig } from './parse';

export { parsePfConfig, PfReader } from './parse';
export type { PfParse } from './parse';
export { convertPf, outListName } from './convert';
export { PfResolver } from './resolve';
export { splitLines, XmlSource, flag, textOf } from './xml-source';
export type * from './model';

const FLAVOUR_LABEL: Readonly<Record<PfFlavour, string>> = { pfsense: 'pfSense', opnsense: 'OPNsense' };

/**
 * How much the text looks like a config.xml of the flavour: its root element (`<pfsense>` or
 * `<opnsense>`) among the first lines, after the XML declaration and comments.
 */
export function rootScore(flavour: PfFlavour, lines: readonly string[]): number {
  let inComment = false;
  for (const raw of lines.slice(0, 60)) {
    let l = raw.trim();
    if (inComment) {
      const end = l.indexOf('-->');
      if (end < 0) continue;
      inComment = false;
      l = l.slice(end + 3).trim();
    }
    while (l.startsWith('<?') || l.startsWith('<!--')) {
      const close = l.startsWith('<?') ? l.indexOf('?>') : l.indexOf('-->');
      if (close < 0) {
        inComment = l.startsWith('<!--');
        l = '';
        break;
      }
      l = l.slice(close + (l.startsWith('<?') ? 2 : 3)).trim();
    }
    if (l === '') continue;
    const m = /^<([A-Za-z_][\w.-]*)[\s>/]/.exec(`${l} `);
    if (m === null) return 0;
    return m[1] === flavour ? 1 : 0;
  }
  return 0;
}

export const pfsenseScore = (lines: readonly string[]): number => rootScore('pfsense', lines);

/** Extensions dropped from the device name when the config has no host name. */
const EXTENSIONS = /\.(xml|sample|bak)$/i;

export function deviceNameOf(file: string, hostname: string | null): string {
  if (hostname !== null && hostname !== '') return hostname;
  const base = file.split(/[\\/]/).pop() ?? file;
  let name = base;
  while (EXTENSIONS.test(name)) name = name.replace(EXTENSIONS, '');
  return name === '' ? base : name;
}

/**
 * Imports a config.xml of either flavour; `extend` reads what only that flavour has (OPNsense's
 * MVC sections) into the same vendor model before conversion.
 */
export function importPfConfig(
  file: string,
  text: string,
  flavour: PfFlavour,
  extend?: (parsed: PfParse, reader: PfReader) => void,
): ImportResult {
  const parsed = parsePfConfig(file, text, flavour);
  if (extend !== undefined) extend(parsed, new PfReader(parsed.src, parsed.config));
  const diagnostics = [...parsed.diagnostics.diagnostics];
  const root = parsed.root;
  if (root === null || root.name !== flavour) {
    const sink = new DiagnosticSink('convert');
    const line = root?.line ?? 1;
    sink.error(
      'vendor-mismatch',
      root === null
        ? `no XML element found: this is not a ${FLAVOUR_LABEL[flavour]} config.xml`
        : `the root element is <${root.name}>, not <${flavour}>: this is not a ${FLAVOUR_LABEL[flavour]} config.xml`,
      parsed.src.refLine(Math.min(line, Math.max(parsed.lines.length, 1))),
    );
    return { vendor: flavour, devices: [], diagnostics: [...diagnostics, ...sink.diagnostics] };
  }
  const { device, diagnostics: convert } = convertPf(
    parsed.config,
    file,
    deviceNameOf(file, parsed.config.hostname),
    flavour,
  );
  return { vendor: flavour, devices: [device], diagnostics: [...diagnostics, ...convert.diagnostics] };
}

export function importPfsense(file: string, text: string): ImportResult {
  return importPfConfig(file, text, 'pfsense');
}
