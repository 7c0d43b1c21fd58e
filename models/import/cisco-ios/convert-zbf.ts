import type { DiagnosticSink, SourceRef } from '../../diagnostics';
import type { Action, Binding, Interface, Match, Rule, RuleAction, RuleList } from '../../device';
import { ANY_ADDRESS, NO_SERVICE, type ServiceSet, serviceOf, serviceUnion } from '../../net';
import { ZBF_APPS, ZBF_L4 } from './keywords';
import type { IosClassMatch, IosConfig, IosPolicyMap } from './model';
import { type IosResolver, orderedEntries, serviceFor } from './resolve';

/** The list bound where ZBF drops traffic without a rule: no zone-pair, zone to no zone. */
export const ZBF_DROP = 'zbf:no-zone-pair';

const actionOf = (kind: 'inspect' | 'pass' | 'drop'): Action => (kind === 'drop' ? 'deny' : 'permit');

/** Where a matched class sends the flow: its action, or the next condition of a match-all class. */
type Target =
  | { readonly kind: 'action'; readonly action: Action; readonly label: string }
  | { readonly kind: 'goto'; readonly list: string; readonly label: string };

class ZbfCompiler {
  readonly lists: RuleList[] = [];
  readonly usedClasses = new Set<string>();
  lossy = false;

  constructor(
    readonly config: IosConfig,
    readonly resolver: IosResolver,
    readonly sink: DiagnosticSink,
  ) {}

  rule(
    list: string,
    n: number,
    action: RuleAction,
    match: Match,
    source: SourceRef,
    label: string,
    target?: string,
  ): Rule {
    return {
      id: `${list}#${n}`,
      action,
      ...(target !== undefined ? { target } : {}),
      match,
      source,
      origin: { vendor: 'cisco-ios', file: source.file, line: source.line, name: list },
      label,
    };
  }

  hit(list: string, n: number, t: Target, match: Match, source: SourceRef): Rule {
    return t.kind === 'action'
      ? this.rule(list, n, t.action, match, source, t.label)
      : this.rule(list, n, 'goto', match, source, t.label, t.list);
  }

  /** One class-map condition as a list: a hit goes to the target, a miss returns. */
  condition(name: string, c: IosClassMatch, t: Target): string | null {
    if (c.kind === 'acl') {
      const acl = this.config.acls.get(c.name);
      if (acl === undefined) {
        this.sink.warning(
          'undefined-reference',
          `access list '${c.name}' is not defined; this match never matches`,
          c.source,
        );
        return null;
      }
      const rules = orderedEntries(acl).map((ace, k) => {
        const match = this.resolver.aceMatch(ace, acl.family);
        return ace.action === 'permit'
          ? this.hit(name, k + 1, t, match, ace.source)
          : this.rule(name, k + 1, 'return', match, ace.source, `${t.label} (not matched)`);
      });
      this.lists.push({ name, rules, fallThrough: { kind: 'return' }, source: c.source });
      return name;
    }
    if (c.kind === 'class') {
      this.sink.warning(
        'unsupported-construct',
        'nested class-maps (match class-map) are not modelled; this match never matches',
        c.source,
      );
      return null;
    }
    const service = this.protocol(c.name, c.source);
    const match: Match = {
      src: ANY_ADDRESS,
      dst: ANY_ADDRESS,
      service: service ?? serviceOf([0, 256]),
      matchesNew: true,
      ...(service === null ? { uncertain: `match protocol ${c.name} is not modelled` } : {}),
    };
    this.lists.push({
      name,
      rules: [this.hit(name, 1, t, match, c.source)],
      fallThrough: { kind: 'return' },
      source: c.source,
    });
    return name;
  }

  protocol(p: string, at: SourceRef): ServiceSet | null {
    if (Object.hasOwn(ZBF_L4, p)) return serviceFor([ZBF_L4[p]!], undefined, undefined, undefined);
    if (Object.hasOwn(ZBF_APPS, p)) {
      this.lossy = true;
      this.sink.info(
        'lossy-conversion',
        `match protocol ${p} is modelled by its default port; NBAR application recognition is not`,
        at,
      );
      return ZBF_APPS[p]!.reduce<ServiceSet>(
        (acc, [proto, port]) => serviceUnion(acc, serviceOf([proto, proto + 1], undefined, [port, port + 1])),
        NO_SERVICE,
      );
    }
    this.sink.warning(
      'unsupported-construct',
      `match protocol ${p} is not modelled; the match is uncertain`,
      at,
    );
    return null;
  }

  /** A policy-map as one list: each class in order, then class-default. */
  policy(pm: IosPolicyMap): string {
    const name = `zbf:${pm.name}`;
    if (this.lists.some((l) => l.name === name)) return name;
    const rules: Rule[] = [];
    let fallThrough: RuleList['fallThrough'] = { kind: 'default', action: 'deny', source: null };
    pm.classes.forEach((pc) => {
      const kind = pc.action?.kind ?? 'drop';
      if (pc.action === null)
        this.sink.warning(
          'invalid-value',
          `class ${pc.className} has no action (inspect, pass or drop); IOS drops its traffic`,
          pc.source,
        );
      const label = `class ${pc.className}: ${kind}`;
      const action = actionOf(kind);
      if (pc.className === 'class-default') {
        fallThrough = { kind: 'default', action, source: pc.action?.source ?? pc.source };
        return;
      }
      const cm = this.config.classMaps.get(pc.className);
      this.usedClasses.add(pc.className);
      if (cm === undefined) {
        this.sink.warning(
          'undefined-reference',
          `class-map type inspect '${pc.className}' is not defined; the class is skipped`,
          pc.source,
        );
        return;
      }
      const base = `${name}:${pc.className}`;
      const t: Target = { kind: 'action', action, label };
      if (cm.matches.length === 0)
        this.sink.warning(
          'invalid-value',
          `class-map ${cm.name} has no match statement; it matches nothing`,
          cm.source,
        );
      const jump = (list: string | null, i: number): void => {
        if (list !== null)
          rules.push(
            this.rule(name, rules.length + 1, 'jump', anyMatch(), pc.source, `${label} (${i})`, list),
          );
      };
      if (!cm.matchAll) cm.matches.forEach((c, i) => jump(this.condition(`${base}:${i + 1}`, c, t), i + 1));
      else {
        // Protocol conditions first, ACLs last: the deciding line cited is then the ACL entry.
        const conds = [...cm.matches].sort((a, b) => (a.kind === 'acl' ? 1 : 0) - (b.kind === 'acl' ? 1 : 0));
        let next: Target = t;
        let first: string | null = null;
        for (let i = conds.length - 1; i >= 0; i--) {
          first = this.condition(`${base}:${i + 1}`, conds[i]!, next);
          if (first === null) return;
          next = { kind: 'goto', list: first, label };
        }
        jump(first, 1);
      }
    });
    this.lists.push({ name, rules, fallThrough, source: pm.source });
    return name;
  }
}

const anyMatch = (): Match => ({
  src: ANY_ADDRESS,
  dst: ANY_ADDRESS,
  service: serviceOf([0, 256]),
  matchesNew: true,
});

/** Zone-based firewall: zone-pairs become zone-bound lists; unpaired zones and zone/no-zone traffic drop. */
export function convertZbf(
  config: IosConfig,
  resolver: IosResolver,
  interfaces: readonly Interface[],
  sink: DiagnosticSink,
): { lists: RuleList[]; bindings: Binding[]; lossy: boolean } {
  const c = new ZbfCompiler(config, resolver, sink);
  const bindings: Binding[] = [];
  const zoned = interfaces.filter((i) => i.zone !== undefined);
  const usedPolicies = new Set<string>();
  const paired = new Set<string>();
  for (const zp of config.zonePairs) {
    const known = (z: string): boolean => z === 'self' || config.zones.has(z);
    if (!known(zp.from) || !known(zp.to)) {
      sink.warning(
        'undefined-reference',
        `zone-pair ${zp.name} names an undefined zone; it is ignored`,
        zp.source,
      );
      continue;
    }
    let list = ZBF_DROP;
    if (zp.policy === null)
      sink.warning(
        'invalid-value',
        `zone-pair ${zp.name} has no service-policy; IOS drops its traffic`,
        zp.source,
      );
    else {
      const pm = config.policyMaps.get(zp.policy.name);
      if (pm === undefined)
        sink.warning(
          'undefined-reference',
          `policy-map type inspect '${zp.policy.name}' is not defined; the zone-pair drops its traffic`,
          zp.policy.source,
        );
      else {
        usedPolicies.add(pm.name);
        list = c.policy(pm);
      }
    }
    paired.add(`${zp.from}\u0000${zp.to}`);
    if (zp.from === 'self') bindings.push({ attachment: 'from-device', list, toZone: zp.to });
    else if (zp.to === 'self') bindings.push({ attachment: 'to-device', list, fromZone: zp.from });
    else bindings.push({ attachment: 'transit', list, fromZone: zp.from, toZone: zp.to });
  }
  const zones = [...config.zones.keys()].filter((z) => z !== 'self');
  for (const a of zones)
    for (const b of zones)
      if (a !== b && !paired.has(`${a}\u0000${b}`))
        bindings.push({ attachment: 'transit', list: ZBF_DROP, fromZone: a, toZone: b });
  if (zoned.length > 0) {
    for (const z of zoned) {
      for (const u of interfaces) {
        if (u.zone !== undefined || u.loopback) continue;
        bindings.push({ attachment: 'transit', list: ZBF_DROP, inInterface: z.name, outInterface: u.name });
        bindings.push({ attachment: 'transit', list: ZBF_DROP, inInterface: u.name, outInterface: z.name });
      }
    }
  }
  const lists = c.lists;
  if (bindings.some((b) => b.list === ZBF_DROP))
    lists.push({
      name: ZBF_DROP,
      rules: [],
      fallThrough: { kind: 'default', action: 'deny', source: null },
      source: null,
    });
  for (const cm of config.classMaps.values())
    if (!c.usedClasses.has(cm.name))
      sink.info(
        'unused-object',
        `class-map type inspect '${cm.name}' is not used by any policy-map in use`,
        cm.source,
      );
  for (const pm of config.policyMaps.values())
    if (!usedPolicies.has(pm.name))
      sink.info(
        'unused-object',
        `policy-map type inspect '${pm.name}' is not used by any zone-pair`,
        pm.source,
      );
  return { lists, bindings, lossy: c.lossy };
}
