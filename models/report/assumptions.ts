import type { SiteAnalysis } from './analysis';
import type { ReportAssumption, ReportDocument } from './document';

type Draft = Omit<ReportDocument, 'summary' | 'assumptions'>;

const lvl = (l: unknown): string =>
  l === null ? 'unknown level' : l === 'internet' ? 'the internet' : `L${String(l)}`;

/**
 * Every assumption the analysis rests on, so the auditor knows the limits of the evidence:
 * zones and levels that were guessed, stand-in hosts, devices whose NAT or routes are not
 * modelled, assumed routes, uncertain verdicts, NAT not applied, how footholds and targets were
 * chosen. Ordered by kind, then as the analysis lists its subjects.
 */
export function collectAssumptions(doc: Draft, a: SiteAnalysis): ReportAssumption[] {
  const out: ReportAssumption[] = [];
  const site = a.network.site;

  const sel = (which: 'from' | 'to'): void => {
    const given = which === 'from' ? doc.selection.from : doc.selection.to;
    const fromSite = which === 'from' ? (site?.footholds ?? []) : (site?.targets ?? []);
    const what = which === 'from' ? 'footholds' : 'targets';
    if (given.length > 0) {
      out.push({
        kind: 'default-selection',
        subject: what,
        message: `${what} chosen on the command line: ${given.join(', ')}`,
        source: null,
      });
    } else if (fromSite.length > 0) {
      out.push({
        kind: 'default-selection',
        subject: what,
        message: `${what} declared in the site file: ${fromSite.map((s) => s.value).join(', ')}`,
        source: fromSite[0]!.source,
      });
    } else {
      out.push({
        kind: 'default-selection',
        subject: what,
        message:
          which === 'from'
            ? 'footholds by default: every asset in an IT zone (Purdue levels 4-5); an attacker is assumed to hold any of them'
            : 'targets by default: every asset in Purdue levels 0-2 and every PLC, RTU, SIS, HMI or engineering workstation',
        source: null,
      });
    }
  };
  sel('from');
  sel('to');

  for (const z of doc.zones) {
    if (!z.inferred) continue;
    out.push({
      kind: z.level === null ? 'unknown-level' : 'inferred-zone',
      subject: z.name,
      message: `zone ${z.name} is taken as ${lvl(z.level)}${z.kind ? ` (${z.kind})` : ''}: ${z.basis}`,
      source: z.source,
    });
  }
  for (const x of doc.assets) {
    if (!x.placeholder) continue;
    out.push({
      kind: 'placeholder-hosts',
      subject: x.segment ?? x.ip,
      message: `segment ${x.segment ?? '?'} has no inventory asset: ${x.ip} stands for its unknown hosts`,
      source: null,
    });
  }
  for (const d of doc.devices) {
    if (d.nat !== 'modelled')
      out.push({
        kind: 'nat-not-modelled',
        subject: d.name,
        message:
          d.nat === 'recorded'
            ? `${d.name} (${d.vendorLabel}): NAT rules are recorded but not applied to verdicts`
            : `${d.name} (${d.vendorLabel}): NAT is not modelled for this device`,
        source: null,
      });
    if (d.routes === 'absent')
      out.push({
        kind: 'route-assumed',
        subject: d.name,
        message: `${d.name} has no routes in its export: traffic is assumed to leave by the interface facing its destination`,
        source: null,
      });
    if (d.filtering === 'partial')
      out.push({
        kind: 'partial-filtering',
        subject: d.name,
        message: `${d.name}: filtering is only partly modelled (see the import diagnostics and the device notes)`,
        source: null,
      });
    for (const note of d.notes)
      out.push({ kind: 'device-note', subject: d.name, message: `${d.name}: ${note}`, source: null });
  }
  for (const c of doc.conduits) {
    const subject = `${c.from} -> ${c.to}`;
    if (c.natIgnored)
      out.push({
        kind: 'nat-not-applied',
        subject,
        message: `${subject}: a destination NAT rule on the way was not applied in the zone matrix (check the exact flow with conduit query)`,
        source: c.rules[0] ?? null,
      });
    if (c.routeAssumed)
      out.push({
        kind: 'route-assumed',
        subject,
        message: `${subject}: open only along an assumed route`,
        source: null,
      });
    if (c.uncertain)
      out.push({
        kind: 'uncertain-verdict',
        subject,
        message: `${subject}: some of ${c.services} rests on rules whose match cannot be decided offline`,
        source: c.rules[0] ?? null,
      });
  }
  for (const p of doc.paths) {
    for (const h of p.hops) {
      const subject = `${p.id} hop ${h.index}`;
      const rule = h.devices.find((d) => d.rule)?.rule ?? null;
      if (h.uncertain)
        out.push({
          kind: 'uncertain-verdict',
          subject,
          message: `${subject} (${h.from} -> ${h.to} ${h.service}): a verdict on the way is uncertain`,
          source: rule,
        });
      if (h.routeAssumed)
        out.push({
          kind: 'route-assumed',
          subject,
          message: `${subject} (${h.from} -> ${h.to} ${h.service}): the route was assumed`,
          source: null,
        });
    }
  }
  for (const g of doc.egress) {
    const rule = g.devices.find((d) => d.rule)?.rule ?? null;
    if (g.assumedEndpoint)
      out.push({
        kind: 'assumed-endpoint',
        subject: g.id,
        message: `${g.id}: the resolver list does not say ${g.resolver ?? g.resolverIp} serves ${g.service}; it is assumed to`,
        source: null,
      });
    if (g.uncertain)
      out.push({
        kind: 'uncertain-verdict',
        subject: g.id,
        message: `${g.id}: a verdict on the way is uncertain`,
        source: rule,
      });
    if (g.routeAssumed)
      out.push({
        kind: 'route-assumed',
        subject: g.id,
        message: `${g.id}: the route to the internet was assumed`,
        source: null,
      });
  }
  return out;
}
