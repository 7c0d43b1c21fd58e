import type { SitePivot } from '../topology/inputs/types';
import { parseConduitService } from '../topology/inputs/vocabulary';

/**
 * The attacker model's data: which services give control of a host (pivot), which reach an OT
 * asset's process (impact), and which roles make an asset a target. A site file may replace the
 * pivot catalogue (`pivots:`), optionally limiting a service to some roles.
 */
export interface CatalogueService {
  readonly name: string;
  readonly proto: 6 | 17;
  /** First and last port. */
  readonly ports: readonly [number, number];
  /** Pivot-capable only on assets of these roles (absent: any role). */
  readonly roles?: readonly string[];
}

export const PIVOT_SERVICES: readonly CatalogueService[] = [
  { name: 'ssh', proto: 6, ports: [22, 22] },
  { name: 'telnet', proto: 6, ports: [23, 23] },
  { name: 'msrpc', proto: 6, ports: [135, 135] },
  { name: 'netbios-ssn', proto: 6, ports: [139, 139] },
  { name: 'smb', proto: 6, ports: [445, 445] },
  { name: 'rdp', proto: 6, ports: [3389, 3389] },
  { name: 'radmin', proto: 6, ports: [4899, 4899] },
  { name: 'vnc', proto: 6, ports: [5900, 5903] },
  { name: 'teamviewer', proto: 6, ports: [5938, 5938] },
  { name: 'winrm', proto: 6, ports: [5985, 5985] },
  { name: 'winrm-https', proto: 6, ports: [5986, 5986] },
  { name: 'dameware', proto: 6, ports: [6129, 6129] },
  { name: 'anydesk', proto: 6, ports: [7070, 7070] },
];

/** Industrial protocols: reaching a target on one of these is impact on the process. */
export const OT_PROTOCOLS: readonly CatalogueService[] = [
  { name: 's7comm', proto: 6, ports: [102, 102] },
  { name: 'modbus', proto: 6, ports: [502, 502] },
  { name: 'iec-104', proto: 6, ports: [2404, 2404] },
  { name: 'codesys', proto: 6, ports: [2455, 2455] },
  { name: 'opc-ua', proto: 6, ports: [4840, 4840] },
  { name: 'hart-ip', proto: 6, ports: [5094, 5094] },
  { name: 'melsec', proto: 6, ports: [5007, 5007] },
  { name: 'omron-fins', proto: 17, ports: [9600, 9600] },
  { name: 'ge-srtp', proto: 6, ports: [18245, 18245] },
  { name: 'dnp3', proto: 6, ports: [20000, 20000] },
  { name: 'ethernet-ip', proto: 6, ports: [44818, 44818] },
  { name: 'ethernet-ip-io', proto: 17, ports: [2222, 2222] },
  { name: 'profinet', proto: 17, ports: [34962, 34964] },
  { name: 'bacnet', proto: 17, ports: [47808, 47808] },
];

/** Roles that make an asset a target whatever its level. */
export const CRITICAL_ROLES: ReadonlySet<string> = new Set([
  'plc',
  'rtu',
  'sis',
  'hmi',
  'ews',
  'dcs',
  'ied',
  'safety',
]);

/** The pivot catalogue of a site: the site file's list, or the default. */
export function pivotCatalogue(pivots: readonly SitePivot[] | undefined): readonly CatalogueService[] {
  if (!pivots) return PIVOT_SERVICES;
  const out: CatalogueService[] = [];
  for (const p of pivots) {
    const roles = p.roles ? { roles: p.roles.map((r) => r.toLowerCase()) } : {};
    const known = [...PIVOT_SERVICES, ...OT_PROTOCOLS].find((s) => s.name === p.service.toLowerCase());
    if (known) {
      out.push({ ...known, ...roles });
      continue;
    }
    // A port or an IANA / OT name (`tcp/8080`, `http`, `modbus`): one entry per protocol and range.
    for (const c of parseConduitService(p.service) ?? []) {
      if (c.proto !== 'tcp' && c.proto !== 'udp') continue;
      for (const [lo, hi] of c.ports ?? []) {
        out.push({
          name: p.service.toLowerCase(),
          proto: c.proto === 'tcp' ? 6 : 17,
          ports: [lo, hi],
          ...roles,
        });
      }
    }
  }
  return out;
}

export const serviceLabel = (s: CatalogueService, port: number): string =>
  `${s.proto === 6 ? 'tcp' : 'udp'}/${port} (${s.name})`;
