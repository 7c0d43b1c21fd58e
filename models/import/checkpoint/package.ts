import { type Diagnostic, DiagnosticSink } from '../../diagnostics';
import type { ImportResult, InputFile } from '../types';
import { type CheckPointPackage, convertCheckPoint } from './convert';
import { type GaiaParse, GaiaLine, parseGaia } from './gaia';
import type { CheckPointJsonFile, CheckPointLayer, CheckPointNatRule, CheckPointObject } from './model';
import { parseCheckPointJson } from './parse-json';

/**
 * `<folder>/<package>.<part>.<ext>`: the part names the management API call (`show-hosts`,
 * `show-access-rulebase`...) or the gateway's Gaia configuration (`gaia-...`, `...show-configuration`),
 * optionally followed by a page number (`show-services-tcp.2`).
 */
const PACKAGE_FILE =
  /^(.*[\\/])?([^\\/]+?)\.(show-[a-z0-9-]+|gaia[a-z0-9-]*|[a-z0-9-]*show-configuration)(\.\d+)?\.(json|txt|conf|cfg)$/i;

/**
 * The key that groups the files of one Check Point policy package: the folder and the file-name
 * prefix before `.show-…` or `.gaia…`, e.g. `site/lab-basic-fw-policy` for
 * `site/lab-basic-fw-policy.show-hosts.json`; null for a name that does not follow the pattern.
 */
export function checkPointPackageKey(fileName: string): string | null {
  const m = PACKAGE_FILE.exec(fileName);
  return m === null ? null : `${m[1] ?? ''}${m[2]!}`;
}

/** The package name of a file: the prefix of its key without the folder, or the base name without `.json`. */
function packageName(fileName: string): string {
  const m = PACKAGE_FILE.exec(fileName);
  if (m !== null) return m[2]!;
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return base.replace(/\.(json|txt|conf|cfg)$/i, '') || base;
}

export const looksJson = (text: string): boolean => /^\uFEFF?\s*[[{]/.test(text);

const GATEWAY_OBJECTS = new Set([
  'simple-gateway',
  'simple-cluster',
  'CpmiGatewayCluster',
  'CpmiGatewayPlain',
]);

const COMMANDS: Readonly<Record<string, string>> = {
  host: 'show-hosts',
  network: 'show-networks',
  'address-range': 'show-address-ranges',
  group: 'show-groups',
  'service-tcp': 'show-services-tcp',
  'service-udp': 'show-services-udp',
  'service-group': 'show-service-groups',
  'simple-gateway': 'show-simple-gateways',
};

function objectListNote(f: CheckPointJsonFile, sink: DiagnosticSink): void {
  const kind = f.content.kind;
  if (kind === 'access') return;
  const what =
    kind === 'nat'
      ? 'a NAT rulebase (show-nat-rulebase)'
      : `an object list${f.objects[0] !== undefined && COMMANDS[f.objects[0].type] ? ` (${COMMANDS[f.objects[0].type]})` : ''}`;
  sink.info(
    'empty-input',
    `this file is ${what}: it holds no access policy of its own; import it together with its rulebase (the show-access-rulebase file of the same package prefix)`,
    f.first,
  );
}

/**
 * Imports the files of one policy package together: access rulebases (ordered layers, and the
 * inline layers their rules apply), the NAT rulebase, the object lists that resolve their uids,
 * the gateways (one device each) and the gateways' Gaia configurations (interfaces, routes).
 * Never throws; every file's problems are reported with its lines.
 */
export function importCheckPointPackage(files: readonly InputFile[]): ImportResult {
  const diagnostics: Diagnostic[] = [];
  const json: CheckPointJsonFile[] = [];
  const gaia: Array<{ file: string; parse: GaiaParse }> = [];
  const sink = new DiagnosticSink('convert');
  for (const f of files) {
    if (looksJson(f.text)) {
      const p = parseCheckPointJson(f.name, f.text);
      diagnostics.push(...p.diagnostics);
      if (p.value !== null) json.push(p.value);
      continue;
    }
    const g = parseGaia(f.name, f.text);
    diagnostics.push(...g.diagnostics);
    if (
      g.hostname === null &&
      g.interfaces.length === 0 &&
      g.routes.length === 0 &&
      !g.lineKinds.includes(GaiaLine.Used)
    ) {
      const firstUsed = g.lineKinds.findIndex((k) => k !== GaiaLine.Blank);
      sink.error(
        'vendor-mismatch',
        'neither a Check Point management API export (JSON) nor a Gaia show configuration',
        firstUsed < 0
          ? g.first
          : {
              ...g.first,
              line: firstUsed + 1,
              endLine: firstUsed + 1,
              text: f.text.split('\n')[firstUsed]!.replace(/\r$/, ''),
            },
      );
      continue;
    }
    gaia.push({ file: f.name, parse: g });
  }
  const objects = new Map<string, CheckPointObject>();
  for (const f of json) for (const o of f.objects) if (!objects.has(o.uid)) objects.set(o.uid, o);
  const layers = mergePages(json.flatMap((f) => (f.content.kind === 'access' ? [f.content.layer] : [])));
  const natFiles = json.filter((f) => f.content.kind === 'nat');
  const nat: CheckPointNatRule[] | null =
    natFiles.length === 0 ? null : natFiles.flatMap((f) => (f.content.kind === 'nat' ? f.content.rules : []));
  const gateways = json
    .filter((f) => f.content.kind === 'objects')
    .flatMap((f) => f.objects.filter((o) => GATEWAY_OBJECTS.has(o.type)));
  if (layers.length === 0 && gaia.length === 0) {
    for (const f of json) objectListNote(f, sink);
    return { vendor: 'checkpoint', devices: [], diagnostics: dedupe([...diagnostics, ...sink.diagnostics]) };
  }
  const first = files[0]?.name ?? '';
  const pkg: CheckPointPackage = {
    name: packageName(layers[0]?.file ?? gaia[0]?.file ?? first),
    layers,
    nat,
    objects,
    gateways: [...new Map(gateways.map((g) => [g.uid, g])).values()],
    gaia,
    file: first,
  };
  const devices = convertCheckPoint(pkg, sink);
  if (layers.length === 0)
    for (const g of gaia)
      sink.info(
        'unsupported-construct',
        "a Gaia configuration holds the gateway's interfaces and routes, not its access policy (that is on the management server: import the package's show-access-rulebase output with it); the device has no rules",
        g.parse.hostnameSource ?? g.parse.first,
      );
  return { vendor: 'checkpoint', devices, diagnostics: dedupe([...diagnostics, ...sink.diagnostics]) };
}

/** Pages of one layer (same uid, several files) are one layer, in the order given. */
function mergePages(layers: readonly CheckPointLayer[]): CheckPointLayer[] {
  const out: CheckPointLayer[] = [];
  const byUid = new Map<string, number>();
  for (const l of layers) {
    const at = l.uid === '' ? undefined : byUid.get(l.uid);
    if (at === undefined) {
      byUid.set(l.uid, out.length);
      out.push(l);
    } else out[at] = { ...out[at]!, rules: [...out[at]!.rules, ...l.rules], partial: l.partial };
  }
  return out;
}

/** Devices of several gateways share rules: each diagnostic once. */
function dedupe(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}|${d.source.file}|${d.source.line}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One file on its own: a rulebase with its objects dictionary, an object list (no device), or a Gaia configuration. */
export function importCheckPoint(file: string, text: string): ImportResult {
  return importCheckPointPackage([{ name: file, text }]);
}
