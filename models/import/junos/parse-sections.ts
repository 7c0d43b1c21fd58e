import type { JunosCondition, JunosNatRuleSet } from './model';
import type { JunosParser } from './parse';
import { type JunosStatement, LineKind, clip } from './statements';

/** `from` conditions that take no value. */
const FLAG_CONDITIONS = new Set(['tcp-established', 'tcp-initial', 'is-fragment', 'first-fragment']);
/** `then` actions that end evaluation of the filter. */
export const TERMINATING = new Set(['accept', 'discard', 'reject', 'routing-instance', 'next']);
/** `then` modifiers that do not change the verdict on the first packet. */
const MODIFIERS = new Set([
  'count',
  'log',
  'syslog',
  'sample',
  'policer',
  'three-color-policer',
  'forwarding-class',
  'loss-priority',
  'dscp',
  'port-mirror',
  'analyzer',
  'traffic-class',
  'service-accounting',
  'packet-mode',
]);

/** `firewall [family inet|inet6] filter F term T (from ...| then ... | filter X)`. */
export function parseFilterStatement(p: JunosParser, st: JunosStatement): void {
  const w = st.words;
  let family: string;
  let at: number;
  if (w[1] === 'filter') [family, at] = ['inet', 1];
  else if (w[1] === 'family' && w[3] === 'filter') [family, at] = [w[2]!, 3];
  else if (w[1] === 'policer' || w[1] === 'three-color-policer' || w[1] === 'load-balance-group')
    return p.kind(st.line, LineKind.Ignored);
  else if (w[1] === 'family')
    return p.warn(
      st,
      'unsupported-construct',
      `firewall family ${clip(w[2] ?? '')} is not modelled (only inet and inet6 filters are)`,
    );
  else return p.warn(st, 'unrecognized-line', `'firewall ${clip(w[1] ?? '')}' is not known`);
  const name = w[at + 1];
  if (name === undefined) return p.warn(st, 'unrecognized-line', 'filter without a name');
  if (family !== 'inet' && family !== 'inet6') {
    return p.warn(
      st,
      'unsupported-construct',
      `firewall family ${clip(family)} is not modelled (only inet and inet6 filters are)`,
    );
  }
  const key = `${family}/${name}`;
  let filter = p.config.filters.get(key);
  if (!filter) {
    filter = { family, name, terms: [], source: p.ref(st.lines[at + 1] ?? st.line) };
    p.config.filters.set(key, filter);
  }
  const rest = w.slice(at + 2);
  if (rest[0] !== 'term') {
    if (
      rest.length === 0 ||
      rest[0] === 'interface-specific' ||
      rest[0] === 'physical-interface-filter' ||
      rest[0] === 'accounting-profile'
    ) {
      return p.kind(st.line, rest.length === 0 ? LineKind.Modelled : LineKind.Ignored);
    }
    return p.warn(
      st,
      'unrecognized-line',
      `'${clip(rest.join(' '))}' is not a filter statement the importer knows`,
    );
  }
  const termName = rest[1];
  if (termName === undefined) return p.warn(st, 'unrecognized-line', 'term without a name');
  let term = filter.terms.find((t) => t.name === termName);
  if (!term) {
    term = { name: termName, from: [], then: [], filter: null, source: p.ref(st.lines[at + 3] ?? st.line) };
    filter.terms.push(term);
  }
  const [section, k, v, x] = rest.slice(2);
  const source = p.ref(st.line);
  if (section === undefined) return p.kind(st.line, LineKind.Modelled);
  if (section === 'filter' && k !== undefined) {
    term.filter = { name: k, source };
    return p.kind(st.line, LineKind.Modelled);
  }
  if (section === 'from' && k !== undefined) {
    if (FLAG_CONDITIONS.has(k) || k === 'tcp-flags') {
      term.from.push({ key: k, value: v ?? '', except: false, source });
    } else if (v === undefined) {
      return p.warn(st, 'unrecognized-line', `'from ${clip(k)}' needs a value`);
    } else term.from.push({ key: k, value: v, except: x === 'except', source });
    return p.kind(st.line, LineKind.Modelled);
  }
  if (section === 'then' && k !== undefined) {
    term.then.push({ kind: k, arg: v ?? null, source });
    if (!TERMINATING.has(k) && !MODIFIERS.has(k)) {
      return p.warn(
        st,
        'unsupported-construct',
        `action '${clip(k)}' is not modelled; it is taken as not deciding`,
      );
    }
    return p.kind(st.line, LineKind.Modelled);
  }
  p.warn(
    st,
    'unrecognized-line',
    `'${clip(rest.slice(2).join(' '))}' is not a term statement the importer knows`,
  );
}

/** `security nat source|destination|static ...`: rule sets, rules and pools, recorded. */
export function parseNatStatement(p: JunosParser, st: JunosStatement): void {
  const w = st.words;
  const kind = w[2];
  if (kind !== 'source' && kind !== 'destination' && kind !== 'static') {
    return p.kind(st.line, LineKind.Ignored); // proxy-arp, proxy-ndp, traceoptions...
  }
  if (w[3] === 'pool' && w[4] !== undefined) {
    if (w[5] === 'address' && w[6] !== undefined) {
      const value = w[7] === 'to' && w[8] !== undefined ? `${w[6]} to ${w[8]}` : w[6];
      const pool = p.config.natPools.get(`${kind}/${w[4]}`);
      p.config.natPools.set(`${kind}/${w[4]}`, {
        address: pool ? `${pool.address}, ${value}` : value,
        source: pool?.source ?? p.ref(st.line),
      });
      return p.kind(st.line, LineKind.Modelled);
    }
    return p.kind(st.line, LineKind.Ignored);
  }
  if (w[3] !== 'rule-set' || w[4] === undefined) return p.kind(st.line, LineKind.Ignored);
  const key = `${kind}/${w[4]}`;
  let set: JunosNatRuleSet | undefined = p.config.natRuleSets.get(key);
  if (!set) {
    set = { kind, name: w[4], from: [], to: [], rules: new Map(), source: p.ref(st.lines[4] ?? st.line) };
    p.config.natRuleSets.set(key, set);
  }
  const source = p.ref(st.line);
  if ((w[5] === 'from' || w[5] === 'to') && w[7] !== undefined) {
    (w[5] === 'from' ? set.from : set.to).push(`${w[6]!} ${w[7]}`);
    return p.kind(st.line, LineKind.Modelled);
  }
  if (w[5] !== 'rule' || w[6] === undefined) return p.kind(st.line, LineKind.Ignored);
  let rule = set.rules.get(w[6]);
  if (!rule) {
    rule = {
      kind,
      ruleSet: set.name,
      name: w[6],
      match: [],
      then: null,
      source: p.ref(st.lines[6] ?? st.line),
    };
    set.rules.set(w[6], rule);
  }
  if (w[7] === 'match' && w[8] !== undefined && w[9] !== undefined) {
    const c: JunosCondition = {
      key: w[8],
      value: w[10] === 'to' && w[11] !== undefined ? `${w[9]}-${w[11]}` : w[9],
      except: false,
      source,
    };
    rule.match.push(c);
    return p.kind(st.line, LineKind.Modelled);
  }
  if (w[7] === 'then' && w[8] !== undefined) {
    rule.then = { value: w.slice(8).join(' '), source };
    return p.kind(st.line, LineKind.Modelled);
  }
  p.kind(st.line, LineKind.Ignored);
}
