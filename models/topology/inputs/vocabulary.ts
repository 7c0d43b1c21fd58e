import { TCP_SERVICES, UDP_SERVICES } from '../../net';
import type { OfferedService, PurdueLevel } from './types';

/** A table look-up that never finds `constructor` or `__proto__`. */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/** Sets an own data property, even for keys such as `__proto__` (cells are data, never code). */
export function setOwn(target: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * The words of the site inputs: Purdue levels as people write them, asset roles and their
 * synonyms, and service specs (`tcp/502`, `502/tcp`, `https`).
 */

const LEVEL_WORDS: Readonly<Record<string, PurdueLevel>> = {
  internet: 'internet',
  external: 'internet',
  wan: 'internet',
  enterprise: 4,
  'enterprise network': 4,
  corporate: 4,
  business: 4,
  'business network': 4,
  'site business': 4,
  'business planning': 4,
  dmz: 3.5,
  idmz: 3.5,
  'industrial dmz': 3.5,
  'ot dmz': 3.5,
  'it/ot dmz': 3.5,
  'site operations': 3,
  operations: 3,
  'manufacturing operations': 3,
  supervisory: 2,
  'supervisory control': 2,
  'area supervisory': 2,
  'area supervisory control': 2,
  control: 1,
  'basic control': 1,
  'intelligent devices': 1,
  process: 0,
  field: 0,
  'field devices': 0,
  'physical process': 0,
};

/**
 * A Purdue level as written in an inventory: `0`-`5`, `3.5`, `L2`, `level 3`, `Level-1`,
 * `DMZ` (3.5), `internet`, `enterprise` (4), `supervisory` (2)... Null when not understood.
 */
export function parsePurdueLevel(text: string): PurdueLevel | null {
  let t = text
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
  if (t === '') return null;
  const word = own(LEVEL_WORDS, t);
  if (word !== undefined) return word;
  t = t.replace(/^purdue\s*/, '').replace(/^(?:level|lvl|l)\s*/, '');
  const after = own(LEVEL_WORDS, t);
  if (after !== undefined) return after;
  if (!/^\d(?:\.\d{1,2})?$/.test(t)) return null;
  const n = Number(t);
  if (n === 3.5) return 3.5;
  return Number.isInteger(n) && n >= 0 && n <= 5 ? (n as PurdueLevel) : null;
}

const ROLE_SYNONYMS: Readonly<Record<string, string>> = {
  'engineering workstation': 'ews',
  'engineering work station': 'ews',
  'engineering station': 'ews',
  'eng workstation': 'ews',
  'engineering ws': 'ews',
  'programmable logic controller': 'plc',
  controller: 'plc',
  'remote terminal unit': 'rtu',
  'human machine interface': 'hmi',
  'operator station': 'hmi',
  'operator workstation': 'hmi',
  'operator interface': 'hmi',
  'safety instrumented system': 'sis',
  'safety controller': 'sis',
  'safety plc': 'sis',
  'data historian': 'historian',
  'process historian': 'historian',
  'intelligent electronic device': 'ied',
  'distributed control system': 'dcs',
  'variable frequency drive': 'vfd',
  'jump host': 'jump-host',
  'jump server': 'jump-host',
  jumphost: 'jump-host',
  jumpbox: 'jump-host',
  'jump box': 'jump-host',
  bastion: 'jump-host',
  'bastion host': 'jump-host',
};

/**
 * A role lower-cased with its whitespace collapsed; common synonyms map to the short names
 * (engineering workstation -> ews, programmable logic controller -> plc, jump server ->
 * jump-host). Undefined for an empty role.
 */
export function normaliseRole(text: string): string | undefined {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (t === '') return undefined;
  return own(ROLE_SYNONYMS, t.replace(/[\s_-]+/g, ' ')) ?? t;
}

const OFFERED = /^(?:(tcp|udp|sctp)\/(\d{1,5})|(\d{1,5})\/(tcp|udp|sctp))(?:\(([^()]*)\))?$/i;

/**
 * One offered service: `tcp/502`, `502/tcp`, optionally followed by a name in parentheses
 * (`tcp/502(modbus)`). Null when not understood or out of range.
 */
export function parseOfferedService(text: string): OfferedService | null {
  const m = OFFERED.exec(text.trim());
  if (!m) return null;
  const proto = (m[1] ?? m[4]!).toLowerCase() as OfferedService['proto'];
  const port = Number(m[2] ?? m[3]);
  if (port < 1 || port > 65535) return null;
  const name = m[5]?.trim();
  return name ? { proto, port, name } : { proto, port };
}

/** The tokens of a services cell: separated by spaces, commas or semicolons. */
export function serviceTokens(text: string): string[] {
  return text.split(/[\s,;]+/).filter((t) => t !== '');
}

/** A service of a conduit or pivot, as the site file writes it. */
export interface ConduitService {
  readonly proto: 'tcp' | 'udp' | 'sctp' | 'icmp' | 'icmpv6' | 'any';
  /** Inclusive destination port ranges; absent for icmp and any. */
  readonly ports?: readonly (readonly [number, number])[];
  /** The name as written, when the service was given by name. */
  readonly name?: string;
}

/**
 * Industrial protocol names (IANA and vendor documentation). A name maps to one or more
 * protocol/port pairs; general IT names come from models/net (IANA).
 */
export const OT_SERVICE_NAMES: Readonly<Record<string, readonly ConduitService[]>> = {
  modbus: [{ proto: 'tcp', ports: [[502, 502]] }],
  mbap: [{ proto: 'tcp', ports: [[502, 502]] }],
  'modbus-tls': [{ proto: 'tcp', ports: [[802, 802]] }],
  s7: [{ proto: 'tcp', ports: [[102, 102]] }],
  s7comm: [{ proto: 'tcp', ports: [[102, 102]] }],
  dnp3: [
    { proto: 'tcp', ports: [[20000, 20000]] },
    { proto: 'udp', ports: [[20000, 20000]] },
  ],
  'ethernet-ip': [
    { proto: 'tcp', ports: [[44818, 44818]] },
    { proto: 'udp', ports: [[2222, 2222]] },
  ],
  enip: [
    { proto: 'tcp', ports: [[44818, 44818]] },
    { proto: 'udp', ports: [[2222, 2222]] },
  ],
  cip: [
    { proto: 'tcp', ports: [[44818, 44818]] },
    { proto: 'udp', ports: [[2222, 2222]] },
  ],
  bacnet: [{ proto: 'udp', ports: [[47808, 47808]] }],
  'opc-ua': [{ proto: 'tcp', ports: [[4840, 4840]] }],
  opcua: [{ proto: 'tcp', ports: [[4840, 4840]] }],
  'iec-104': [{ proto: 'tcp', ports: [[2404, 2404]] }],
  iec104: [{ proto: 'tcp', ports: [[2404, 2404]] }],
  'iec-61850-mms': [{ proto: 'tcp', ports: [[102, 102]] }],
  mqtt: [{ proto: 'tcp', ports: [[1883, 1883]] }],
  'secure-mqtt': [{ proto: 'tcp', ports: [[8883, 8883]] }],
  mqtts: [{ proto: 'tcp', ports: [[8883, 8883]] }],
  fins: [
    { proto: 'udp', ports: [[9600, 9600]] },
    { proto: 'tcp', ports: [[9600, 9600]] },
  ],
  rdp: [{ proto: 'tcp', ports: [[3389, 3389]] }],
  vnc: [{ proto: 'tcp', ports: [[5900, 5900]] }],
  smb: [{ proto: 'tcp', ports: [[445, 445]] }],
  winrm: [{ proto: 'tcp', ports: [[5985, 5986]] }],
  wsman: [{ proto: 'tcp', ports: [[5985, 5985]] }],
  wsmans: [{ proto: 'tcp', ports: [[5986, 5986]] }],
  dns: [
    { proto: 'udp', ports: [[53, 53]] },
    { proto: 'tcp', ports: [[53, 53]] },
  ],
};

const RANGE = /^(tcp|udp|sctp)\/(\d{1,5})(?:-(\d{1,5}))?$/;

/**
 * A conduit service: `tcp/443`, `udp/53`, `tcp/5900-5903`, `icmp`, `icmpv6`, `any`, or a name
 * (`https`, `modbus`, `ssh`). Returns the protocol/port pairs it stands for (a name may stand
 * for several), or null when it does not parse.
 */
export function parseConduitService(text: string): ConduitService[] | null {
  const t = text.trim().toLowerCase();
  if (t === 'any' || t === 'ip') return [{ proto: 'any' }];
  if (t === 'icmp' || t === 'ping') return [{ proto: 'icmp' }];
  if (t === 'icmpv6' || t === 'ipv6-icmp' || t === 'icmp6') return [{ proto: 'icmpv6' }];
  const m = RANGE.exec(t);
  if (m) {
    const lo = Number(m[2]);
    const hi = m[3] === undefined ? lo : Number(m[3]);
    if (lo < 1 || hi > 65535 || hi < lo) return null;
    return [{ proto: m[1] as 'tcp' | 'udp' | 'sctp', ports: [[lo, hi]] }];
  }
  const ot = own(OT_SERVICE_NAMES, t);
  if (ot) return ot.map((s) => ({ ...s, name: t }));
  const out: ConduitService[] = [];
  const tcp = own(TCP_SERVICES, t);
  const udp = own(UDP_SERVICES, t);
  if (tcp !== undefined) out.push({ proto: 'tcp', ports: [[tcp, tcp]], name: t });
  if (udp !== undefined) out.push({ proto: 'udp', ports: [[udp, udp]], name: t });
  return out.length > 0 ? out : null;
}
