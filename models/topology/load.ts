import type { Device, VendorId } from '../device';
import { type Diagnostic, sourceRef } from '../diagnostics';
import { detectVendor, importConfig } from '../import';
import { checkPointPackageKey, importCheckPointPackage } from '../import/checkpoint';
import type { InputFile } from '../import/types';
import { detectHostNetworking } from './inputs/detect';
import { parseInventoryCsv } from './inputs/inventory-csv';
import { parseIpAddr } from './inputs/ip-addr';
import { parseIpRoute } from './inputs/ip-route';
import { parseNmapXml } from './inputs/nmap';
import { parseSiteFile } from './inputs/site-file';
import type { AssetRecord, HostNetworking, SiteFile } from './inputs/types';
import { type Network, buildNetwork } from './network';

/** What a file of a site folder was taken for. */
export type InputKind = 'config' | 'ip-addr' | 'ip-route' | 'inventory' | 'nmap' | 'site' | 'skipped';

export interface ClassifiedInput {
  readonly name: string;
  readonly kind: InputKind;
  readonly vendor: VendorId | null;
  readonly devices: readonly string[];
}

export interface SiteLoad {
  readonly network: Network;
  readonly inputs: readonly ClassifiedInput[];
  /** Every diagnostic of every file, then the site model's own. */
  readonly issues: readonly Diagnostic[];
}

/** The part of a file name before its first dot, without folders: pairs `fw1.iptables-save` with `fw1.ip-addr.json`. */
export function pairingKey(name: string): string {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const dot = base.indexOf('.');
  return (dot <= 0 ? base : base.slice(0, dot)).toLowerCase();
}

const SITE_NAME = /(^|[/\\])([^/\\]*[._-])?site\.(ya?ml|json)$/i;
const YAML_NAME = /\.ya?ml$/i;
const CSV_NAME = /\.(csv|tsv)$/i;

/** Which kind of site input a file is, from its name and first bytes; null means a config export. */
export function classifyInput(file: InputFile): Exclude<InputKind, 'config' | 'skipped'> | null {
  if (SITE_NAME.test(file.name) || YAML_NAME.test(file.name)) return 'site';
  const host = detectHostNetworking(file.text);
  if (host) return host;
  const head = file.text.slice(0, 4096);
  if (/<nmaprun[\s>]/.test(head)) return 'nmap';
  if (CSV_NAME.test(file.name)) return 'inventory';
  return null;
}

export interface AssembleOptions {
  readonly vendor?: VendorId;
  readonly name?: string;
}

/**
 * Turns the files of a site (configs of any vendor, `ip addr` / `ip route` outputs paired by
 * file name, inventories, nmap scans, a site file) into the site Network. Never throws on user
 * input; what a file could not give is among the issues.
 */
export function assembleSite(files: readonly InputFile[], options: AssembleOptions = {}): SiteLoad {
  const issues: Diagnostic[] = [];
  const inputs: ClassifiedInput[] = [];
  const devices: Device[] = [];
  const deviceKeys = new Map<string, Device[]>();
  const host = new Map<string, { addr?: HostNetworking; route?: HostNetworking; files: string[] }>();
  const assets: AssetRecord[] = [];
  let site: SiteFile | null = null;

  // Check Point: the management API's files of one policy package import together.
  const packages = new Map<string, InputFile[]>();
  if (options.vendor === undefined || options.vendor === 'checkpoint') {
    for (const file of files) {
      if (classifyInput(file) !== null) continue;
      const key = checkPointPackageKey(file.name);
      if (key === null || (detectVendor(file.text) !== 'checkpoint' && options.vendor !== 'checkpoint'))
        continue;
      packages.set(key, [...(packages.get(key) ?? []), file]);
    }
    for (const [key, group] of packages) if (group.length < 2) packages.delete(key);
  }
  const inPackage = new Map<string, string>();
  for (const [key, group] of packages) for (const f of group) inPackage.set(f.name, key);
  const importedPackages = new Set<string>();

  for (const file of files) {
    const pkg = inPackage.get(file.name);
    if (pkg !== undefined) {
      if (importedPackages.has(pkg)) continue;
      importedPackages.add(pkg);
      const group = [...packages.get(pkg)!].sort((a, b) => a.name.localeCompare(b.name));
      const r = importCheckPointPackage(group);
      issues.push(...r.diagnostics);
      group.forEach((f, i) =>
        inputs.push({
          name: f.name,
          kind: 'config',
          vendor: 'checkpoint',
          devices: i === 0 ? r.devices.map((d) => d.name) : [],
        }),
      );
      for (const d of r.devices) {
        devices.push(d);
        const k = pairingKey(group[0]!.name);
        deviceKeys.set(k, [...(deviceKeys.get(k) ?? []), d]);
      }
      continue;
    }
    const kind = options.vendor ? null : classifyInput(file);
    if (kind === 'ip-addr' || kind === 'ip-route') {
      const r = kind === 'ip-addr' ? parseIpAddr(file.name, file.text) : parseIpRoute(file.name, file.text);
      issues.push(...r.diagnostics);
      const key = pairingKey(file.name);
      const entry = host.get(key) ?? { files: [] };
      entry[kind === 'ip-addr' ? 'addr' : 'route'] = r;
      entry.files.push(file.name);
      host.set(key, entry);
      inputs.push({ name: file.name, kind, vendor: null, devices: [] });
      continue;
    }
    if (kind === 'inventory' || kind === 'nmap') {
      const r =
        kind === 'inventory' ? parseInventoryCsv(file.name, file.text) : parseNmapXml(file.name, file.text);
      issues.push(...r.diagnostics);
      assets.push(...r.assets);
      inputs.push({ name: file.name, kind, vendor: null, devices: [] });
      continue;
    }
    if (kind === 'site') {
      const r = parseSiteFile(file.name, file.text);
      issues.push(...r.diagnostics);
      if (r.site && site) {
        issues.push({
          code: 'duplicate-definition',
          severity: 'warning',
          stage: 'topology',
          message: `a second site file; ${site.file} is used and this one is ignored`,
          source: sourceRef(file.name, 1, firstLine(file.text)),
        });
      } else if (r.site) site = r.site;
      inputs.push({ name: file.name, kind: 'site', vendor: null, devices: [] });
      continue;
    }
    const r = importConfig(file, options.vendor ? { vendor: options.vendor } : {});
    issues.push(...r.diagnostics);
    inputs.push({
      name: file.name,
      kind: r.devices.length > 0 ? 'config' : 'skipped',
      vendor: r.vendor,
      devices: r.devices.map((d) => d.name),
    });
    for (const d of r.devices) {
      devices.push(d);
      const key = pairingKey(file.name);
      deviceKeys.set(key, [...(deviceKeys.get(key) ?? []), d]);
    }
  }

  // Pair host networking with the device of the same file-name key.
  const hostNetworking = new Map<string, HostNetworking>();
  for (const [key, h] of host) {
    const owners = deviceKeys.get(key) ?? [];
    const source = sourceRef(h.files[0]!, 1, '');
    if (owners.length !== 1) {
      issues.push({
        code: 'undefined-reference',
        severity: 'warning',
        stage: 'topology',
        message:
          owners.length === 0
            ? `no firewall export is named '${key}.*' to pair this host networking output with; it was not used`
            : `several devices come from files named '${key}.*'; this host networking output was not used`,
        source,
      });
      continue;
    }
    hostNetworking.set(owners[0]!.name, {
      interfaces: h.addr?.interfaces ?? [],
      routes: h.route?.routes ?? [],
      diagnostics: [],
    });
  }

  const network = buildNetwork({
    ...(options.name !== undefined ? { name: options.name } : {}),
    devices,
    hostNetworking,
    assets,
    site,
  });
  issues.push(...network.diagnostics);
  return { network, inputs, issues };
}

function firstLine(text: string): string {
  const nl = text.indexOf('\n');
  return (nl < 0 ? text : text.slice(0, nl)).replace(/\r$/, '');
}
