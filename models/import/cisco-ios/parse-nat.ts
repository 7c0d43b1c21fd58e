import { parseAddressSpec, parseIpv4, toCidrs } from '../../net';
import { LineKind } from './lines';
import type { IosNatStatic } from './model';
import type { IosParser } from './parse';

/**
 * `ip nat ...` at the top level (Cisco IOS NAT configuration guide, `ip nat inside source`):
 *
 * - `ip nat inside source static LOCAL GLOBAL [extendable|no-alias|...]`
 * - `ip nat inside source static tcp|udp LOCAL LPORT GLOBAL GPORT` and
 *   `... LOCAL LPORT interface IF GPORT` (port forwarding)
 * - `ip nat inside source static network LOCAL GLOBAL /LEN|MASK`
 *
 * are read as statics. Dynamic NAT and PAT (`source list|route-map ... pool|interface [overload]`),
 * outside source NAT, `inside destination` (TCP load distribution), statics with `route-map`,
 * `vrf` or `redundancy`, and NVI (`ip nat source ...`) are reported on their line; pools,
 * timeouts and logging are parsed and ignored.
 */
export function natLine(p: IosParser, i: number, words: readonly string[]): void {
  const w = words.map((x) => x.toLowerCase());
  const rest = w.slice(2);
  p.context = { kind: 'ignored' };
  if (rest[0] === 'pool' || rest[0] === 'translation' || rest[0] === 'log' || rest[0] === 'settings')
    return p.mark(i, LineKind.Ignored);
  if (rest[0] === 'inside' && rest[1] === 'source' && rest[2] === 'static') {
    const s = parseStatic(words.slice(5), w.slice(5));
    if (typeof s === 'string') return p.report(i, 'unsupported-construct', s);
    p.config.natStatics.push({ ...s, source: p.ref(i) });
    return p.mark(i, LineKind.Binding);
  }
  if (rest[0] === 'inside' && rest[1] === 'source')
    return p.report(
      i,
      'unsupported-construct',
      `dynamic NAT${w.includes('overload') ? ' / PAT (overload)' : ''} is not applied: it translates only the source of connections from inside, which inbound ACLs see before translation`,
      'info',
    );
  if (rest[0] === 'outside' && rest[1] === 'source')
    return p.report(
      i,
      'unsupported-construct',
      'outside source NAT is not applied: verdicts see the addresses as the packets arrive',
    );
  if (rest[0] === 'inside' && rest[1] === 'destination')
    return p.report(
      i,
      'unsupported-construct',
      'inside destination NAT (TCP load distribution over a rotary pool) is not applied: verdicts see the untranslated destination',
    );
  if (rest[0] === 'source')
    return p.report(
      i,
      'unsupported-construct',
      'NAT Virtual Interface (ip nat source, ip nat enable) is not modelled: verdicts see untranslated addresses',
    );
  p.report(i, 'unsupported-construct', `'${words.slice(0, 4).join(' ')}' is not modelled`);
}

type Static = Omit<IosNatStatic, 'source'>;

/** The words after `static`, or why the static is not modelled. */
function parseStatic(words: readonly string[], w: readonly string[]): Static | string {
  let k = 0;
  const proto = w[k] === 'tcp' || w[k] === 'udp' ? (w[k++] as 'tcp' | 'udp') : null;
  const network = w[k] === 'network';
  if (network) k++;
  if (w[k] === 'esp') return 'static esp NAT is not modelled';
  const local = words[k++];
  if (local === undefined || parseIpv4(local) === null) return 'static NAT without a local IPv4 address';
  const port = (): number | null => {
    const t = w[k++];
    return t !== undefined && /^\d{1,5}$/.test(t) && Number(t) <= 65535 ? Number(t) : null;
  };
  let localPort: number | null = null;
  if (proto !== null && (localPort = port()) === null) return `static ${proto} NAT needs a local port`;
  let global: Static['global'];
  if (w[k] === 'interface') {
    k++;
    const name = words[k++];
    if (name === undefined) return 'static NAT on an interface needs its name';
    global = { kind: 'interface', name };
  } else {
    const g = words[k++];
    if (g === undefined || parseIpv4(g) === null) return 'static NAT without a global IPv4 address';
    global = { kind: 'address', address: g };
  }
  let globalPort: number | null = null;
  if (proto !== null && (globalPort = port()) === null) return `static ${proto} NAT needs a global port`;
  let length = 32;
  if (network) {
    const m = words[k++] ?? '';
    const spec = parseAddressSpec(`0.0.0.0/${m.replace(/^\//, '')}`);
    const cidr = spec.ok ? toCidrs(spec.value.set) : [];
    if (cidr.length !== 1) return `static network NAT needs a prefix length or contiguous mask, not '${m}'`;
    length = Number(cidr[0]!.split('/')[1]);
  }
  for (; k < w.length; k++) {
    const t = w[k]!;
    if (t === 'route-map' || t === 'vrf' || t === 'redundancy' || t === 'mapping-id' || t === 'match-in-vrf')
      return `static NAT with '${t}' is not modelled: which packets it translates depends on more than the addresses`;
  }
  // extendable, no-alias, no-payload, reversible, add-route: the translation is the same.
  return { protocol: proto, local, localPort, global, globalPort, length };
}
