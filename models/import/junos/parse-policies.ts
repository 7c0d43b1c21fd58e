import type { JunosPolicy } from './model';
import { pairKey } from './model';
import type { JunosParser } from './parse';
import { type JunosStatement, LineKind, clip } from './statements';

/** `security policies`: zone-pair and global policies, and the default policy. */

/** `inactiveAt` >= 0: the statement is inactive from that word on; only the policy's place is kept. */
export function parsePolicy(p: JunosParser, st: JunosStatement, inactiveAt = -1): void {
  const w = st.words;
  if (inactiveAt >= 0 && w[2] !== 'from-zone' && w[2] !== 'global') return;
  if (w[2] === 'default-policy' && (w[3] === 'permit-all' || w[3] === 'deny-all')) {
    p.config.defaultPolicy = {
      action: w[3] === 'permit-all' ? 'permit' : 'deny',
      source: p.ref(st.line),
    };
    return p.kind(st.line, LineKind.Modelled);
  }
  let from: string | null = null;
  let to: string | null = null;
  let at: number;
  if (w[2] === 'from-zone' && w[4] === 'to-zone' && w[5] !== undefined) {
    [from, to, at] = [w[3]!, w[5], 6];
  } else if (w[2] === 'global') at = 3;
  else if (w[2] === 'policy-rematch' || w[2] === 'traceoptions' || w[2] === 'pre-id-default-policy')
    return p.kind(st.line, LineKind.Ignored);
  else
    return p.warn(
      st,
      'unrecognized-line',
      `'security policies ${clip(w[2] ?? '')}' is not a policy statement the importer knows`,
    );
  if (w[at] !== 'policy' || w[at + 1] === undefined) {
    if (inactiveAt < 0) p.warn(st, 'unrecognized-line', "expected 'policy NAME'");
    return;
  }
  const name = w[at + 1]!;
  const list = from === null ? p.config.globalPolicies : pairList(p, from, to!);
  let policy = list.find((x) => x.name === name);
  if (!policy) {
    policy = {
      name,
      fromZone: from,
      toZone: to,
      sourceAddresses: [],
      destinationAddresses: [],
      applications: [],
      sourceExcluded: null,
      destinationExcluded: null,
      action: null,
      uncertain: [],
      inactive: inactiveAt >= 0 && inactiveAt <= at + 1,
      source: p.ref(st.lines[at + 1] ?? st.line),
    };
    list.push(policy);
  }
  if (inactiveAt < 0) policyBody(p, st, policy, w.slice(at + 2));
}

function pairList(p: JunosParser, from: string, to: string): JunosPolicy[] {
  const key = pairKey(from, to);
  let list = p.config.policies.get(key);
  if (!list) {
    list = [];
    p.config.policies.set(key, list);
  }
  return list;
}

function policyBody(parser: JunosParser, st: JunosStatement, p: JunosPolicy, rest: readonly string[]): void {
  const source = parser.ref(st.line);
  const [a, b, c] = rest;
  const done = (): void => parser.kind(st.line, LineKind.Modelled);
  if (a === 'match' && b !== undefined) {
    if (b === 'source-address' && c !== undefined)
      return void (p.sourceAddresses.push({ name: c, source }), done());
    if (b === 'destination-address' && c !== undefined)
      return void (p.destinationAddresses.push({ name: c, source }), done());
    if (b === 'application' && c !== undefined)
      return void (p.applications.push({ name: c, source }), done());
    if (b === 'source-address-excluded') return void ((p.sourceExcluded = source), done());
    if (b === 'destination-address-excluded') return void ((p.destinationExcluded = source), done());
    if (b === 'dynamic-application' && (c === 'any' || c === 'none')) return done();
    if (b === 'from-zone' || b === 'to-zone') {
      p.uncertain.push({
        why: `global policy '${p.name}' matches ${b} ${c ?? ''}, which is not modelled`,
        source,
      });
      return parser.warn(
        st,
        'uncertain-match',
        `'match ${b}' in a global policy is not modelled; verdicts it decides are uncertain`,
      );
    }
    p.uncertain.push({ why: `match ${b} is not modelled`, source });
    return parser.warn(
      st,
      'uncertain-match',
      `'match ${clip(b)}' cannot be decided offline; verdicts this policy decides are uncertain`,
    );
  }
  if (a === 'then' && (b === 'permit' || b === 'deny' || b === 'reject')) {
    if (p.action && p.action.kind !== b)
      parser.warn(
        st,
        'duplicate-definition',
        `policy '${p.name}' already has action ${p.action.kind}; the later one wins`,
        'info',
      );
    p.action = { kind: b, source };
    if (b === 'permit' && c !== undefined && c !== 'application-services') {
      // permit tunnel / firewall-authentication / destination-address drop-...: extra conditions.
      p.uncertain.push({ why: `permit ${c} adds conditions that are not modelled`, source });
      return parser.warn(
        st,
        'uncertain-match',
        `'then permit ${clip(c)}' is not modelled; the policy is taken as a plain permit, verdicts are uncertain`,
      );
    }
    return done();
  }
  if (a === 'then' && (b === 'log' || b === 'count')) return parser.kind(st.line, LineKind.Ignored);
  if (a === 'description') return parser.kind(st.line, LineKind.Ignored);
  if (a === 'scheduler-name') {
    p.uncertain.push({ why: `scheduler '${b ?? ''}': the policy is active only at some times`, source });
    return parser.warn(
      st,
      'uncertain-match',
      'a scheduled policy is active only part of the time; verdicts it decides are uncertain',
    );
  }
  parser.warn(
    st,
    'unrecognized-line',
    `'${clip(rest.join(' '))}' is not a policy statement the importer knows`,
  );
}
