import type { DiagnosticSink } from '../../diagnostics';
import type { PanosConfig, PanosDefaultRule, PanosNatRule, PanosSecurityRule, PanosService } from './model';
import { baseName } from './parse';
import { emptyObjects } from './parse-objects';
import { type PanosNode, child, items, leaf } from './tree';

/** Whether a brace tree is the dataplane output of `show running security-policy` / `nat-policy`. */
export function isRunningPolicy(root: PanosNode): boolean {
  return (
    root.children.length > 0 &&
    root.children.some(
      (r) =>
        child(r, 'from') !== undefined &&
        (child(r, 'action') !== undefined || child(r, 'translate-to') !== undefined),
    )
  );
}

const PROTOCOLS: Readonly<Record<string, PanosService['protocol']>> = {
  tcp: 'tcp',
  udp: 'udp',
  sctp: 'sctp',
};

/**
 * The dataplane's resolved view of the rulebase: addresses are literal, and each rule lists
 * `application/protocol/source-port/destination-port` tuples. Read into the same vendor model
 * (one scope, the file's name) so verdicts work the same way; `intrazone-default` and
 * `interzone-default` records give the defaults.
 */
export function parseRunningPolicy(file: string, root: PanosNode, sink: DiagnosticSink): PanosConfig {
  const objects = emptyObjects('running');
  const security: PanosSecurityRule[] = [];
  const nat: PanosNatRule[] = [];
  let intrazoneDefault: PanosDefaultRule | null = null;
  let interzoneDefault: PanosDefaultRule | null = null;
  /** A synthetic service object per distinct protocol/sport/dport tuple. */
  const serviceFor = (r: PanosNode, proto: string, sport: string, dport: string): string | null => {
    if (proto === 'any' && sport === 'any' && dport === 'any') return 'any';
    const p = PROTOCOLS[proto];
    if (p === undefined) return null;
    const name = `${proto}/${sport}/${dport}`;
    if (!objects.services.has(name))
      objects.services.set(name, {
        name,
        protocol: p,
        ports: dport === 'any' ? null : dport,
        sourcePorts: sport === 'any' ? null : sport,
        source: r.source,
      });
    return name;
  };
  for (const r of root.children) {
    const type = leaf(r, 'type');
    const action = leaf(r, 'action');
    if (
      (r.name === 'intrazone-default' || type === 'intrazone') &&
      action !== undefined &&
      type !== undefined
    ) {
      intrazoneDefault = { action, source: child(r, 'action')!.source };
      continue;
    }
    if (
      (r.name === 'interzone-default' || type === 'interzone') &&
      action !== undefined &&
      type !== undefined
    ) {
      interzoneDefault = { action, source: child(r, 'action')!.source };
      continue;
    }
    if (child(r, 'translate-to') !== undefined) {
      nat.push(natRecord(r, serviceFor, sink));
      continue;
    }
    if (child(r, 'from') === undefined) {
      // `dynamic url: no`, `pol objs matched`: the command's own footer lines, not records.
      if (r.children.length === 0)
        sink.info(
          'unrecognized-line',
          `'${r.name}' is a line of the command's output, not a rule; skipped`,
          r.source,
        );
      else
        sink.warning(
          'unrecognized-line',
          `record '${r.name}' is neither a security nor a NAT rule; skipped`,
          r.source,
        );
      continue;
    }
    const apps = new Set<string>();
    const services = new Set<string>();
    for (const tuple of items(child(r, 'application/service'))) {
      const [app = 'any', proto = 'any', sport = 'any', dport = 'any'] = tuple.split('/');
      apps.add(app);
      const s = serviceFor(r, proto, sport, dport);
      if (s === null) {
        // An IP protocol other than tcp/udp/sctp (icmp...): the application carries it.
        services.add('application-default');
      } else services.add(s);
    }
    if (services.has('application-default') && apps.has('any')) {
      // `any/icmp/any/any`: no app to carry the protocol; taken as any service (uncertain via the note).
      services.delete('application-default');
      services.add('any');
    }
    security.push({
      name: r.name,
      rulebase: 'running security-policy',
      from: items(child(r, 'from')),
      to: items(child(r, 'to')),
      sources: items(child(r, 'source')),
      destinations: items(child(r, 'destination')),
      negateSource: false,
      negateDestination: false,
      applications: [...apps],
      services: [...services],
      action: action ?? null,
      disabled: false,
      ruleType: 'universal',
      undecidable: ['user', 'category']
        .map((k) => [k, items(child(r, k))] as const)
        .filter(([, v]) => v.length > 0 && !(v.length === 1 && v[0] === 'any'))
        .map(([k, v]) => `${k} ${v.join(' ')}`),
      description: null,
      source: r.source,
    });
  }
  const name = baseName(file);
  return {
    file,
    form: 'running-policy',
    panorama: false,
    hostname: null,
    scopes: [
      {
        kind: 'vsys',
        name,
        deviceName: name,
        objects: [objects],
        zones: [],
        interfaces: [],
        routes: [],
        security,
        nat,
        intrazoneDefault,
        interzoneDefault,
        source: root.children[0]?.source ?? root.source,
      },
    ],
  };
}

function natRecord(
  r: PanosNode,
  serviceFor: (r: PanosNode, proto: string, sport: string, dport: string) => string | null,
  sink: DiagnosticSink,
): PanosNatRule {
  const [proto = 'any', sport = 'any', dport = 'any'] = (leaf(r, 'service') ?? 'any/any/any').split('/');
  const service = serviceFor(r, proto, sport, dport) ?? 'any';
  const translate = (child(r, 'translate-to')?.values ?? []).join(' ');
  const dst = /\bdst:\s*([^\s)]+)(?:\s+port\s+(\d+))?/.exec(translate);
  const src = /\bsrc:\s*(.*?)\s*\((\S+)\)/.exec(translate);
  if (dst === null && src === null)
    sink.info(
      'unsupported-construct',
      `NAT record '${r.name}': translate-to '${translate}' is not read`,
      r.source,
    );
  const words = src?.[1]?.split(/\s+/) ?? [];
  const iface = words.find((w) => /^(ethernet|ae|loopback|tunnel|vlan)/.test(w)) ?? null;
  return {
    name: r.name,
    rulebase: 'running nat-policy',
    from: items(child(r, 'from')),
    to: items(child(r, 'to')),
    toInterface: leaf(r, 'to-interface') ?? null,
    sources: items(child(r, 'source')),
    destinations: items(child(r, 'destination')),
    service,
    disabled: false,
    sourceTranslation:
      src === null
        ? null
        : {
            type: src[2]!,
            addresses: words.filter((w) => w !== iface),
            interface: iface,
            bidirectional: false,
          },
    destinationTranslation: dst === null ? null : { dynamic: false, address: dst[1]!, port: dst[2] ?? null },
    source: r.source,
  };
}
