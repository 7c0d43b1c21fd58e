import { sourceRef } from '../../diagnostics';
import { maskLength, parseIpv4 } from '../../net';
import { LineKind } from './lines';
import type { IosFamily } from './model';
import type { IosParser } from './parse';

/** Top-level blocks other than ACLs and interfaces: banners, object-groups, ZBF, static routes. */

export function banner(p: IosParser, i: number, words: readonly string[]): number {
  p.mark(i, LineKind.Ignored);
  const raw = p.lines[i]!;
  const after = raw.slice(raw.indexOf(words[1] ?? 'banner') + (words[1] ?? 'banner').length).trimStart();
  if (words.length < 3 || after === '') {
    p.report(i, 'unrecognized-line', 'banner without a delimiter');
    return i;
  }
  const delim = after.startsWith('^C') ? '^C' : after[0]!;
  if (after.slice(delim.length).includes(delim)) return i;
  for (let j = i + 1; j < p.lines.length; j++) {
    p.mark(j, LineKind.Ignored);
    if (p.lines[j]!.includes(delim)) return j;
  }
  p.sink.warning(
    'truncated-input',
    `banner delimiter '${delim}' never closes; the rest of the file was read as banner text`,
    sourceRef(p.file, i + 1, raw, p.lines.length),
  );
  return p.lines.length - 1;
}

export function objectGroup(p: IosParser, i: number, words: readonly string[]): void {
  const w = words.map((x) => x.toLowerCase());
  const define = (
    kind: 'network-group' | 'service-group' | 'port-group',
    name: string | undefined,
    nxos: boolean,
  ): void => {
    if (name === undefined) return p.report(i, 'invalid-value', 'object-group without a name');
    const map =
      kind === 'network-group'
        ? p.config.networkGroups
        : kind === 'service-group'
          ? p.config.serviceGroups
          : p.config.portGroups;
    if (!map.has(name)) map.set(name, { name, members: [], source: p.ref(i) } as never);
    p.mark(i, LineKind.Header);
    p.context = { kind, name, nxos };
  };
  if (w[1] === 'network') return define('network-group', words[2], false);
  if (w[1] === 'service') return define('service-group', words[2], false);
  if ((w[1] === 'ip' || w[1] === 'ipv6') && w[2] === 'address')
    return define('network-group', words[3], true);
  if (w[1] === 'ip' && w[2] === 'port') return define('port-group', words[3], true);
  p.report(i, 'unsupported-construct', `object-group ${words[1] ?? ''} is not modelled`);
  p.context = { kind: 'ignored' };
}

export function zonePair(p: IosParser, i: number, words: readonly string[]): void {
  const w = words.map((x) => x.toLowerCase());
  const s = w.indexOf('source');
  const d = w.indexOf('destination');
  if (words[2] === undefined || s < 0 || d < 0 || words[s + 1] === undefined || words[d + 1] === undefined) {
    p.report(i, 'invalid-value', 'zone-pair security NAME source ZONE destination ZONE expected');
    p.context = { kind: 'ignored' };
    return;
  }
  p.config.zonePairs.push({
    name: words[2],
    from: words[s + 1]!,
    to: words[d + 1]!,
    policy: null,
    source: p.ref(i),
  });
  p.mark(i, LineKind.Header);
  p.context = { kind: 'zone-pair', index: p.config.zonePairs.length - 1 };
}

export function classMap(p: IosParser, i: number, rest: readonly string[]): void {
  let matchAll = true;
  let k = 0;
  if (rest[0]?.toLowerCase() === 'match-any') [matchAll, k] = [false, 1];
  else if (rest[0]?.toLowerCase() === 'match-all') k = 1;
  const name = rest[k];
  if (name === undefined) return p.report(i, 'invalid-value', 'class-map without a name');
  if (p.config.classMaps.has(name))
    p.report(
      i,
      'duplicate-definition',
      `class-map ${name} is defined again; its match statements are added`,
      'info',
    );
  else p.config.classMaps.set(name, { name, matchAll, matches: [], source: p.ref(i) });
  p.mark(i, LineKind.Header);
  p.context = { kind: 'class-map', name };
}

export function policyMap(p: IosParser, i: number, rest: readonly string[]): void {
  const name = rest[0];
  if (name === undefined) return p.report(i, 'invalid-value', 'policy-map without a name');
  if (!p.config.policyMaps.has(name)) p.config.policyMaps.set(name, { name, classes: [], source: p.ref(i) });
  p.mark(i, LineKind.Header);
  p.context = { kind: 'policy-map', name };
}

export function route(p: IosParser, i: number, rest: readonly string[], family: IosFamily): void {
  let k = 0;
  if (rest[0]?.toLowerCase() === 'vrf') k = 2;
  const dest = rest[k];
  if (dest === undefined) return p.report(i, 'invalid-value', 'static route without a destination');
  let prefix = dest;
  if (family === 4 && !dest.includes('/')) {
    const mask = rest[++k] ?? '';
    const m = parseIpv4(mask);
    const len = m === null ? null : maskLength(BigInt(m), 4);
    if (len === null) return p.report(i, 'invalid-value', `'${mask}' is not a netmask`);
    prefix = `${dest}/${len}`;
  }
  const hop = rest[k + 1];
  const isAddr = hop !== undefined && /^[0-9a-f:.]+$/i.test(hop) && /[.:]/.test(hop);
  const second = rest[k + 2];
  const ifaceHop = !isAddr && hop !== undefined && /^[a-z]/i.test(hop) ? hop : undefined;
  const nextHop = isAddr
    ? hop
    : ifaceHop !== undefined && second !== undefined && /^[0-9.:]+$/.test(second) && /[.:]/.test(second)
      ? second
      : undefined;
  p.config.routes.push({
    prefix,
    ...(nextHop !== undefined ? { nextHop } : {}),
    ...(ifaceHop !== undefined ? { interface: ifaceHop } : {}),
    source: p.ref(i),
  });
  if (rest[0]?.toLowerCase() === 'vrf')
    p.report(
      i,
      'lossy-conversion',
      `static route in VRF ${rest[1] ?? ''} is recorded in the one routing table`,
      'info',
    );
  p.mark(i, LineKind.Route);
}
