import type { DiagnosticSink, SourceRef } from '../../diagnostics';
import type { Binding, Interface, Rule, RuleList } from '../../device';
import { ANY_ADDRESS, ANY_SERVICE, serviceOf } from '../../net';
import type { AsaConfig, AsaInterface } from './model';

interface Named {
  readonly name: string;
  readonly level: number;
  /** The line that sets the level: `security-level N`, or `nameif` when the level is the default. */
  readonly levelSource: SourceRef;
  readonly asa: AsaInterface;
}

/** Interfaces with a `nameif` (only they pass traffic), with their security levels. */
export function namedInterfaces(config: AsaConfig, sink: DiagnosticSink): Named[] {
  const out: Named[] = [];
  for (const i of config.interfaces) {
    if (i.nameif === undefined) continue;
    if (out.some((o) => o.name === i.nameif)) {
      sink.warning(
        'duplicate-definition',
        `nameif '${i.nameif}' is used by two interfaces; the ASA rejects the second`,
        i.nameifSource ?? i.source,
      );
      continue;
    }
    // Without `security-level`, the ASA gives an interface named `inside` 100 and any other 0.
    const level = i.securityLevel ?? (i.nameif === 'inside' ? 100 : 0);
    out.push({ name: i.nameif, level, levelSource: i.securitySource ?? i.nameifSource ?? i.source, asa: i });
  }
  return out;
}

export const toInterfaces = (named: readonly Named[]): Interface[] =>
  named.map((n) => ({ name: n.name, addresses: [...n.asa.addresses], source: n.asa.source }));

const synthetic = (
  list: string,
  n: number,
  action: 'permit' | 'deny',
  source: SourceRef,
  name: string,
  detail: string,
  inIf: string | null,
  outIf: string,
): Rule => ({
  id: `${list}#${n}`,
  action,
  match: {
    src: ANY_ADDRESS,
    dst: ANY_ADDRESS,
    service: ANY_SERVICE,
    ...(inIf !== null ? { inInterface: { names: [inIf], negate: false } } : {}),
    outInterface: { names: [outIf], negate: false },
    matchesNew: true,
  },
  source,
  origin: { vendor: 'cisco-asa', file: source.file, line: source.line, name },
  detail,
});

/**
 * With no ACL inbound on `from` (and no global ACL): traffic to a lower security level is
 * permitted, to a higher one denied, to an equal one only with `same-security-traffic permit`.
 */
export function securityLevelList(from: Named, all: readonly Named[], config: AsaConfig): RuleList {
  const name = `security-level/${from.name}`;
  const rules: Rule[] = [];
  for (const to of all) {
    const n = rules.length + 1;
    const what = `${from.name} (${from.level}) -> ${to.name} (${to.level})`;
    if (to === from) {
      const intra = config.sameSecurityIntra;
      rules.push(
        intra !== null
          ? synthetic(
              name,
              n,
              'permit',
              intra,
              `hairpin ${from.name}`,
              `same-security-traffic permit intra-interface: ${what}`,
              null,
              to.name,
            )
          : synthetic(
              name,
              n,
              'deny',
              from.levelSource,
              `hairpin ${from.name}`,
              `traffic may not leave the interface it entered: ${what}`,
              null,
              to.name,
            ),
      );
    } else if (from.level > to.level) {
      rules.push(
        synthetic(
          name,
          n,
          'permit',
          from.levelSource,
          what,
          `higher to lower security level: ${what}`,
          null,
          to.name,
        ),
      );
    } else if (from.level < to.level) {
      rules.push(
        synthetic(
          name,
          n,
          'deny',
          from.levelSource,
          what,
          `lower to higher security level needs an ACL: ${what}`,
          null,
          to.name,
        ),
      );
    } else if (config.sameSecurityInter !== null) {
      rules.push(
        synthetic(
          name,
          n,
          'permit',
          config.sameSecurityInter,
          what,
          `same-security-traffic permit inter-interface: ${what}`,
          null,
          to.name,
        ),
      );
    } else {
      rules.push(
        synthetic(
          name,
          n,
          'deny',
          from.levelSource,
          what,
          `equal security levels need same-security-traffic permit inter-interface: ${what}`,
          null,
          to.name,
        ),
      );
    }
  }
  return {
    name,
    rules,
    fallThrough: { kind: 'default', action: 'deny', source: null },
    source: from.levelSource,
  };
}

/**
 * The check an ACL cannot override: between two interfaces of the same level without
 * `same-security-traffic permit inter-interface`, or back out of the interface it entered
 * without `... intra-interface`, traffic is dropped. Falls through (returns) otherwise.
 */
export function sameSecurityList(all: readonly Named[], config: AsaConfig): RuleList | null {
  const name = 'same-security';
  const rules: Rule[] = [];
  for (const from of all) {
    for (const to of all) {
      const n = rules.length + 1;
      const what = `${from.name} (${from.level}) -> ${to.name} (${to.level})`;
      if (from === to && config.sameSecurityIntra === null) {
        rules.push(
          synthetic(
            name,
            n,
            'deny',
            from.levelSource,
            `hairpin ${from.name}`,
            `no same-security-traffic permit intra-interface: ${what}`,
            from.name,
            to.name,
          ),
        );
      } else if (from !== to && from.level === to.level && config.sameSecurityInter === null) {
        rules.push(
          synthetic(
            name,
            n,
            'deny',
            from.levelSource,
            what,
            `no same-security-traffic permit inter-interface: ${what}`,
            from.name,
            to.name,
          ),
        );
      }
    }
  }
  return rules.length === 0 ? null : { name, rules, fallThrough: { kind: 'return' }, source: null };
}

const MANAGEMENT_PORTS = { ssh: 22, telnet: 23 } as const;

/** `http|ssh|telnet ADDR MASK IF` lines: who may reach the device's management services. */
export function managementList(config: AsaConfig): RuleList | null {
  if (config.management.length === 0) return null;
  const name = 'management';
  const rules: Rule[] = config.management.map((m, k) => {
    const port = m.service === 'http' ? config.httpPort : MANAGEMENT_PORTS[m.service];
    return {
      id: `${name}#${k + 1}`,
      action: 'permit',
      match: {
        src: m.addresses,
        dst: ANY_ADDRESS,
        service: serviceOf([6, 7], undefined, [port, port + 1]),
        inInterface: { names: [m.nameif], negate: false },
        matchesNew: true,
      },
      source: m.source,
      origin: {
        vendor: 'cisco-asa',
        file: config.file,
        line: m.source.line,
        name: `${m.service} ${m.nameif}`,
      },
      detail: `${m.service} (tcp/${port}) to the device`,
    };
  });
  return { name, rules, fallThrough: { kind: 'default', action: 'deny', source: null }, source: null };
}

/** A list that drops everything, for a shut-down interface: cites the `shutdown` line. */
export const shutdownList = (n: Named): RuleList => ({
  name: `shutdown/${n.name}`,
  rules: [],
  fallThrough: { kind: 'default', action: 'deny', source: n.asa.shutdownSource ?? n.asa.source },
  source: n.asa.shutdownSource ?? n.asa.source,
});

export type { Named, Binding };
