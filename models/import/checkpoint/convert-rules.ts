import type { DiagnosticSink } from '../../diagnostics';
import type { Rule, RuleAction, RuleList } from '../../device';
import { ANY_ADDRESS, ANY_SERVICE } from '../../net';
import { type JsonNode, items, prop, str } from '../formats/json';
import type { CheckPointAccessRule, CheckPointCell, CheckPointLayer, CheckPointRef } from './model';
import type { CheckPointResolver } from './objects';

/** Inline layers nest a few levels in practice; deeper is treated as a loop. */
const MAX_INLINE_DEPTH = 16;

/** Where a rule applies: which gateway the device is (null when the export does not say). */
export interface Target {
  readonly uid: string | null;
  readonly name: string;
}

/** Whether a rule's `install-on` covers the target: yes, no, or unknown (the reason). */
export function installedOn(
  refs: readonly CheckPointRef[],
  target: Target,
  resolver: CheckPointResolver,
): true | false | string {
  if (refs.length === 0) return true;
  const names: string[] = [];
  for (const ref of refs) {
    const o = resolver.lookup(ref, 'install-on target');
    if (o === undefined) return `installed on the undefined target uid ${ref.uid}`;
    if (o.type === 'CpmiAnyObject' || (o.type === 'Global' && /^(policy targets|all)$/i.test(o.name)))
      return true;
    if (target.uid !== null && o.uid === target.uid) return true;
    // a group of gateways: one level of members, by uid
    if (target.uid !== null && o.type === 'group' && groupHas(o.node, target.uid)) return true;
    names.push(o.name);
  }
  if (target.uid !== null) return false;
  return `installed only on ${names.join(', ')}; which gateway this export belongs to is not known`;
}

function groupHas(node: JsonNode, uid: string): boolean {
  return items(prop(node, 'members')).some((m) =>
    m.type === 'string' ? m.value === uid : str(m, 'uid') === uid,
  );
}

const isAny = (cell: CheckPointCell, resolver: CheckPointResolver): boolean =>
  !cell.present || (cell.refs.every((r) => resolver.get(r.uid)?.type === 'CpmiAnyObject') && !cell.negate);

/**
 * One layer (ordered or inline) to rule lists: rules in order, disabled rules left out, rules
 * installed on other gateways left out, an "Apply Layer" rule a jump into its inline layer.
 */
export class LayerConverter {
  readonly lists = new Map<string, RuleList>();
  uncertainRules = 0;
  private readonly inlineNames = new Map<string, string>();
  private readonly active: string[] = [];
  private readonly disabledReported = new Set<string>();

  constructor(
    private readonly layersByUid: ReadonlyMap<string, CheckPointLayer>,
    private readonly resolver: CheckPointResolver,
    private readonly sink: DiagnosticSink,
    private readonly target: Target,
  ) {}

  private uniqueName(name: string): string {
    let n = name;
    for (let k = 2; this.lists.has(n); k++) n = `${name} (${k})`;
    return n;
  }

  /** An ordered layer: its list, ending in the layer's implicit cleanup (Drop unless the export says). */
  ordered(layer: CheckPointLayer): string {
    const name = this.uniqueName(layer.name);
    this.lists.set(name, { name, rules: [], fallThrough: { kind: 'return' }, source: layer.source });
    this.active.push(layer.uid);
    const rules = this.rules(layer, name, 0);
    this.active.pop();
    this.lists.set(name, {
      name,
      rules,
      fallThrough: { kind: 'default', action: layer.cleanup === 'accept' ? 'permit' : 'deny', source: null },
      source: layer.source,
    });
    return name;
  }

  private rules(layer: CheckPointLayer, list: string, depth: number): Rule[] {
    const out: Rule[] = [];
    const ids = new Set<string>();
    for (const r of layer.rules) {
      if (!r.enabled) {
        if (!this.disabledReported.has(r.uid)) {
          this.disabledReported.add(r.uid);
          this.sink.info(
            'disabled-rule',
            `rule '${r.name || r.uid}' is disabled; it is not evaluated`,
            r.source,
          );
        }
        continue;
      }
      const installed = installedOn(r.installOn, this.target, this.resolver);
      if (installed === false) continue;
      let n = r.number ?? out.length + 1;
      let id = `${list}#${n}`;
      while (ids.has(id)) id = `${list}#${++n}`;
      ids.add(id);
      out.push(this.rule(r, layer, list, id, installed === true ? undefined : installed, depth));
    }
    return out;
  }

  private rule(
    r: CheckPointAccessRule,
    layer: CheckPointLayer,
    list: string,
    id: string,
    installUncertain: string | undefined,
    depth: number,
  ): Rule {
    const src = this.resolver.addressCell(r.src, 'source');
    const dst = this.resolver.addressCell(r.dst, 'destination');
    const service = this.resolver.serviceCell(r.service);
    let uncertain = installUncertain ?? src.uncertain ?? dst.uncertain ?? service.uncertain;
    if (!isAny(r.vpn, this.resolver)) uncertain ??= 'the rule matches only traffic of some VPN communities';
    if (!isAny(r.time, this.resolver)) uncertain ??= 'the rule is active only at some times';
    if (!isAny(r.content, this.resolver)) uncertain ??= 'the rule matches only some content (data types)';
    const number = id.slice(id.lastIndexOf('#') + 1);
    const title = `rule ${number}${r.name !== '' ? ` '${r.name}'` : ''} of layer '${layer.name}'`;
    if (uncertain !== undefined) {
      this.uncertainRules++;
      this.sink.warning('uncertain-match', `${title}: ${uncertain}`, r.source);
    }
    const { action, target, detail, uncertainEffect } = this.action(r, layer, title, depth);
    if (uncertainEffect !== undefined)
      this.sink.warning('lossy-conversion', `${title}: ${uncertainEffect}`, r.source);
    return {
      id,
      action,
      ...(target !== undefined ? { target } : {}),
      match: {
        src: src.set,
        dst: dst.set,
        service: service.set,
        matchesNew: true,
        ...(uncertain !== undefined ? { uncertain } : {}),
      },
      source: r.source,
      origin: {
        vendor: 'checkpoint',
        file: r.source.file,
        line: r.source.line,
        name: r.name !== '' ? r.name : `${list} #${number}`,
      },
      ...(r.comments !== '' ? { label: r.comments } : {}),
      ...(detail !== undefined ? { detail } : {}),
      ...(uncertainEffect !== undefined ? { uncertainEffect } : {}),
    };
  }

  private action(
    r: CheckPointAccessRule,
    layer: CheckPointLayer,
    title: string,
    depth: number,
  ): { action: RuleAction; target?: string; detail?: string; uncertainEffect?: string } {
    if (r.inlineLayer !== null) return this.inline(r, r.inlineLayer, title, depth);
    if (r.action === null)
      return { action: 'permit', uncertainEffect: 'the rule has no action; taken as accept' };
    const o = this.resolver.lookup(r.action, 'action');
    if (o === undefined)
      return {
        action: 'permit',
        uncertainEffect: `action uid ${r.action.uid} is undefined; taken as accept`,
      };
    switch (o.name.toLowerCase()) {
      case 'accept':
        return { action: 'permit' };
      case 'drop':
        return { action: 'deny' };
      case 'reject':
        return { action: 'deny', detail: 'reject' };
      case 'apply layer':
      case 'inner layer':
        return {
          action: 'permit',
          uncertainEffect: `action '${o.name}' without an inline layer; taken as accept`,
        };
      case 'ask':
      case 'inform':
        return {
          action: 'permit',
          detail: o.name,
          uncertainEffect: `UserCheck '${o.name}': the user decides; taken as accept`,
        };
      default:
        void layer;
        return {
          action: 'permit',
          detail: o.name,
          uncertainEffect: `action '${o.name}' is not modelled; taken as accept`,
        };
    }
  }

  /** "Apply Layer": a jump into the inline layer's list, which ends in its own implicit cleanup. */
  private inline(
    r: CheckPointAccessRule,
    ref: CheckPointRef,
    title: string,
    depth: number,
  ): { action: RuleAction; target?: string; uncertainEffect?: string } {
    const layer = this.layersByUid.get(ref.uid);
    if (layer === undefined) {
      const known = this.resolver.get(ref.uid);
      this.sink.warning(
        'undefined-reference',
        `${title} applies the inline layer ${known ? `'${known.name}'` : `uid ${ref.uid}`}, whose rulebase is not in this import; import its show-access-rulebase output with the package`,
        ref.source,
      );
      return { action: 'permit', uncertainEffect: 'its inline layer is not in the import; taken as accept' };
    }
    if (this.active.includes(layer.uid) || depth >= MAX_INLINE_DEPTH) {
      this.sink.warning(
        'circular-reference',
        `${title} applies inline layer '${layer.name}', which contains this rule`,
        ref.source,
      );
      return {
        action: 'permit',
        uncertainEffect: `inline layer '${layer.name}' applies itself; taken as accept`,
      };
    }
    let name = this.inlineNames.get(layer.uid);
    if (name === undefined) {
      name = this.uniqueName(layer.name);
      this.inlineNames.set(layer.uid, name);
      this.lists.set(name, { name, rules: [], fallThrough: { kind: 'return' }, source: layer.source });
      this.active.push(layer.uid);
      const rules = this.rules(layer, name, depth + 1);
      this.active.pop();
      // The inline layer's implicit cleanup decides when none of its rules matches; evaluation
      // does not go back to the parent layer. It is cited on the rule that applies the layer.
      rules.push({
        id: `${name}#cleanup`,
        action: layer.cleanup === 'accept' ? 'permit' : 'deny',
        match: { src: ANY_ADDRESS, dst: ANY_ADDRESS, service: ANY_SERVICE, matchesNew: true },
        source: r.source,
        origin: {
          vendor: 'checkpoint',
          file: r.source.file,
          line: r.source.line,
          name: `${name} implicit cleanup`,
        },
        label: `implicit cleanup of inline layer '${layer.name}' (${layer.cleanup ?? 'drop'})`,
      });
      this.lists.set(name, { name, rules, fallThrough: { kind: 'return' }, source: layer.source });
    }
    return { action: 'jump', target: name };
  }
}
