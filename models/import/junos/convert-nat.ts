import type { DiagnosticSink } from '../../diagnostics';
import type { NatKind, NatRule } from '../../device';
import {
  type AddressSet,
  ANY_ADDRESS,
  ANY_PORT,
  addressIntersect,
  parseAddressSpec,
  parseProtocol,
  serviceOf,
  intersectIntervals,
} from '../../net';
import type { Intervals } from '../../net';
import { junosPorts } from './applications';
import type { JunosConfig, JunosNatRule, JunosNatRuleSet } from './model';
import type { Resolver } from './resolve';

/**
 * NAT rule sets -> NatRule records (not applied to verdicts: the evaluator marks a flow that a
 * destination NAT rule may translate as uncertain). `off` rules translate nothing and are
 * skipped; rules whose match cannot be read are kept with an uncertain match.
 */
export function convertNat(config: JunosConfig, resolver: Resolver, sink: DiagnosticSink): NatRule[] {
  const out: NatRule[] = [];
  for (const set of config.natRuleSets.values()) {
    for (const rule of set.rules.values()) {
      if (rule.then === null) {
        sink.warning(
          'invalid-value',
          `NAT rule '${rule.name}' has no 'then' (Junos refuses to commit it); not recorded`,
          rule.source,
        );
        continue;
      }
      const kind = natKind(rule);
      if (kind === null) continue;
      out.push(natRule(config, set, rule, kind, resolver, sink, out.length + 1));
    }
  }
  return out;
}

function natKind(rule: JunosNatRule): NatKind | null {
  const t = rule.then!.value;
  if (/^(source-nat|destination-nat) off\b/.test(t)) return null;
  if (t.startsWith('source-nat interface')) return 'masquerade';
  if (t.startsWith('source-nat')) return 'snat';
  if (t.startsWith('destination-nat')) return 'dnat';
  if (t.startsWith('static-nat')) return 'static';
  return 'snat';
}

function natRule(
  config: JunosConfig,
  set: JunosNatRuleSet,
  rule: JunosNatRule,
  kind: NatKind,
  resolver: Resolver,
  sink: DiagnosticSink,
  n: number,
): NatRule {
  let src: AddressSet = ANY_ADDRESS;
  let dst: AddressSet = ANY_ADDRESS;
  let protos: Intervals<number> = [0, 256];
  let sports: Intervals<number> = ANY_PORT;
  let dports: Intervals<number> = ANY_PORT;
  const uncertain: string[] = [];
  const zone = set.from.find((f) => f.startsWith('zone '))?.slice(5) ?? null;
  for (const c of rule.match) {
    const named = c.key.endsWith('-address-name');
    if (c.key === 'source-address' || c.key === 'destination-address' || named) {
      let s: AddressSet;
      if (named) {
        const r = resolver.addresses(
          [{ name: c.value, source: c.source }],
          c.key.startsWith('source') ? zone : null,
        );
        uncertain.push(...r.uncertain);
        s = r.set;
      } else {
        const p = parseAddressSpec(c.value);
        if (!p.ok) {
          sink.warning('invalid-value', `NAT rule '${rule.name}': ${p.error}`, c.source);
          uncertain.push(p.error);
          continue;
        }
        s = p.value.set;
      }
      if (c.key.startsWith('source')) src = addressIntersect(src, s);
      else dst = addressIntersect(dst, s);
    } else if (c.key === 'destination-port' || c.key === 'source-port') {
      const p = junosPorts(c.value);
      if (p === null) uncertain.push(`port '${c.value}'`);
      else if (c.key === 'source-port') sports = intersectIntervals(sports, p);
      else dports = intersectIntervals(dports, p);
    } else if (c.key === 'protocol') {
      const p = parseProtocol(c.value);
      if (p === null) uncertain.push(`protocol '${c.value}'`);
      else protos = [p, p + 1];
    } else {
      uncertain.push(`match ${c.key} is not modelled`);
      sink.warning('uncertain-match', `NAT rule '${rule.name}': 'match ${c.key}' is not modelled`, c.source);
    }
  }
  const then = rule.then!.value;
  const pool = /\bpool (\S+)/.exec(then)?.[1];
  const address = pool === undefined ? undefined : config.natPools.get(`${set.kind}/${pool}`)?.address;
  if (pool !== undefined && address === undefined) {
    sink.warning('undefined-reference', `NAT pool '${pool}' is not defined`, rule.then!.source);
  }
  return {
    id: `nat/${set.kind}/${set.name}#${n}`,
    kind,
    translates: set.kind === 'source' ? 'source' : 'destination',
    match: {
      src,
      dst,
      service: serviceOf(protos, sports, dports),
      matchesNew: true,
      ...(uncertain.length > 0 ? { uncertain: uncertain.join('; ') } : {}),
    },
    to: address === undefined ? then : `${then} (${address})`,
    list: `${set.kind} rule-set ${set.name} (${[...set.from.map((f) => `from ${f}`), ...set.to.map((t) => `to ${t}`)].join(', ')})`,
    source: rule.source,
  };
}
