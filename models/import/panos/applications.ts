import {
  ANY_PORT,
  NO_SERVICE,
  type PortSet,
  type ServiceSet,
  icmpService,
  parsePortRange,
  serviceOf,
  serviceOfProtocol,
  serviceUnion,
  unionIntervals,
} from '../../net';

const PROTO = { tcp: 6, udp: 17 } as const;

/**
 * The layer-4 footprint Conduit assumes for well-known App-IDs: the ports (or IP protocol, or
 * ICMP type) of the application's `default`, as Palo Alto's Applipedia lists them. A rule naming
 * an application matches only traffic App-ID identifies as that application, which cannot be
 * decided offline: Conduit uses this footprint for the layer-4 verdict (with
 * `service application-default` the rule can only match these ports) and marks every such
 * match uncertain, naming the assumption. An application not in this table (and not defined
 * in the configuration) is uncertain over any port.
 *
 * Entries: `tcp/80`, `udp/53`, `tcp/1000-2000`, `ip/47` (IP protocol), `icmp/8` (ICMP type),
 * `icmp` (every type), `icmp6`.
 */
export const APPLICATION_DEFAULTS: Readonly<Record<string, readonly string[]>> = {
  // Network basics
  ping: ['icmp/8', 'icmp6/128'],
  icmp: ['icmp'],
  'ipv6-icmp': ['icmp6'],
  traceroute: ['udp/33434-33534', 'icmp/8'],
  dns: ['tcp/53', 'udp/53'],
  'dns-base': ['tcp/53', 'udp/53'],
  ntp: ['udp/123'],
  'ntp-base': ['udp/123'],
  dhcp: ['udp/67-68'],
  snmp: ['udp/161-162'],
  'snmp-base': ['udp/161'],
  'snmp-trap': ['udp/162'],
  syslog: ['udp/514', 'tcp/514'],
  tftp: ['udp/69'],
  bgp: ['tcp/179'],
  ospf: ['ip/89'],
  gre: ['ip/47'],
  igmp: ['ip/2'],
  sctp: ['ip/132'],
  pim: ['ip/103'],
  vrrp: ['ip/112'],
  rip: ['udp/520'],
  l2tp: ['udp/1701'],
  'ipsec-esp': ['ip/50'],
  'ipsec-ah': ['ip/51'],
  ike: ['udp/500', 'udp/4500'],
  // Web and mail
  'web-browsing': ['tcp/80'],
  ssl: ['tcp/443'],
  smtp: ['tcp/25'],
  'smtp-base': ['tcp/25'],
  pop3: ['tcp/110'],
  imap: ['tcp/143'],
  ftp: ['tcp/21'],
  // Remote access and lateral movement
  ssh: ['tcp/22'],
  telnet: ['tcp/23'],
  'ms-rdp': ['tcp/3389', 'udp/3389'],
  vnc: ['tcp/5900-5901'],
  'ms-ds-smb': ['tcp/139', 'tcp/445'],
  'ms-ds-smbv3': ['tcp/445'],
  msrpc: ['tcp/135'],
  'msrpc-base': ['tcp/135'],
  winrm: ['tcp/5985-5986'],
  ldap: ['tcp/389', 'udp/389'],
  kerberos: ['tcp/88', 'udp/88'],
  'mssql-db': ['tcp/1433'],
  mysql: ['tcp/3306'],
  postgres: ['tcp/5432'],
  // Industrial protocols
  modbus: ['tcp/502'],
  dnp3: ['tcp/20000', 'udp/20000'],
  'iec-60870-5-104': ['tcp/2404'],
  s7comm: ['tcp/102'],
  'siemens-s7': ['tcp/102'],
  bacnet: ['udp/47808'],
  'opc-ua': ['tcp/4840'],
  'ethernet-ip': ['tcp/44818', 'udp/2222', 'udp/44818'],
  mqtt: ['tcp/1883'],
};

/** Predefined services (`service-http`, `service-https`) and their ports. */
export const PREDEFINED_SERVICES: Readonly<
  Record<string, { readonly protocol: 'tcp'; readonly ports: string }>
> = {
  'service-http': { protocol: 'tcp', ports: '80,8080' },
  'service-https': { protocol: 'tcp', ports: '443' },
};

/** `tcp/80`, `udp/1000-2000`, `ip/47`, `icmp/8`, `icmp`, `icmp6/128` -> a service set. */
export function footprint(entries: readonly string[]): ServiceSet {
  let set = NO_SERVICE;
  for (const e of entries) {
    const [proto, arg] = e.split('/') as [string, string | undefined];
    if (proto === 'tcp' || proto === 'udp') {
      const p = parsePortRange(arg ?? '', undefined, true);
      if (p.ok) set = serviceUnion(set, serviceOfProtocol(PROTO[proto], ANY_PORT, p.value));
    } else if (proto === 'ip') set = serviceUnion(set, serviceOfProtocol(Number(arg)));
    else if (proto === 'icmp' || proto === 'icmp6') {
      const n = proto === 'icmp' ? 1 : 58;
      set = serviceUnion(
        set,
        arg === undefined ? icmpService(n) : icmpService(n, [Number(arg), Number(arg) + 1]),
      );
    }
  }
  return set;
}

/** A custom application's default -> its footprint, or null when it says nothing usable. */
export function customFootprint(app: {
  ports: readonly string[];
  ipProtocol: number | null;
  icmpType: { v6: boolean; type: number; code: number | null } | null;
}): ServiceSet | null {
  if (app.icmpType !== null) {
    const t = app.icmpType;
    const codes = t.code === null ? undefined : [t.code, t.code + 1];
    return icmpService(t.v6 ? 58 : 1, [t.type, t.type + 1], codes);
  }
  if (app.ipProtocol !== null && app.ipProtocol < 256) return serviceOfProtocol(app.ipProtocol);
  let set = NO_SERVICE;
  for (const p of app.ports) {
    const [proto, list] = p.split('/') as [string, string | undefined];
    if ((proto !== 'tcp' && proto !== 'udp') || list === undefined) return null;
    if (list === 'dynamic') return null;
    let ports: PortSet = [];
    for (const part of list.split(',')) {
      const r = parsePortRange(part.trim(), undefined, true);
      if (!r.ok) return null;
      ports = unionIntervals(ports, r.value);
    }
    set = serviceUnion(set, serviceOf([PROTO[proto], PROTO[proto] + 1], ANY_PORT, ports));
  }
  return app.ports.length > 0 ? set : null;
}
