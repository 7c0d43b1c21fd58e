import { type Command, Option } from 'commander';
import { printable } from '../format/text';
import type { VendorId } from '../../models/device';
import { SelectorError } from '../../models/paths';
import {
  type SiteAnalysis,
  analyzeSite,
  pathSeverity,
  severityRank,
  worstSeverity,
} from '../../models/report';
import { CliError, EXIT_FAILED, EXIT_OK, at } from '../errors';
import { formatIssues } from '../format/text';
import { writeErr, writeOut } from '../io/output';
import { type OpenedProject, projectEdits, projectResolvers } from '../io/project';
import { loadInputs } from '../load';
import {
  type ReportCliOptions,
  checkReportOptions,
  produceReports,
  reportOptions,
  wantsReport,
} from '../report/run';
import { loadResolvers } from '../resolvers';
import { vendorOption } from './shared';
import { formatRemediation, formatWhatIf, parseDisable, remediation, whatIf } from './what-if';

type Severity = 'critical' | 'high' | 'medium' | 'low';
const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

export interface AnalyzeCliOptions extends ReportCliOptions {
  readonly vendor?: VendorId;
  readonly assets?: string[];
  readonly from?: string[];
  readonly to?: string[];
  readonly k?: string;
  readonly json?: boolean;
  readonly failOn?: Severity;
  readonly remediate?: boolean;
  readonly resolvers?: string;
  readonly disable?: string[];
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerAnalyze(program: Command, done: (code: number) => void): void {
  const command = program
    .command('analyze')
    .summary('lateral-movement paths, DNS egress gaps and segmentation findings')
    .description(
      'Build the site model and answer what an auditor asks first: from the IT footholds (default: every asset ' +
        'in an IT zone, Purdue levels 4-5), which OT targets (default: levels 0-2 and PLC, RTU, SIS, HMI and ' +
        'engineering-workstation roles) can an attacker reach, hop by hop over remote-control services (RDP, SMB, ' +
        'WinRM, SSH, VNC...) and industrial protocols, with the rule that allows every hop on every device; which ' +
        'hosts can reach public DNS-over-HTTPS/TLS resolvers or send DNS around the designated resolvers; and ' +
        'the segmentation and rule-hygiene findings.',
    )
    .argument(
      '<input...>',
      'configuration files, folders of them, inventories, ip addr/route outputs, a site file, a project (.conduit)',
    )
    .addOption(vendorOption())
    .option('--assets <file>', 'an asset inventory (CSV or nmap XML); repeatable', collect)
    .option('--from <selector>', 'footholds: a zone, asset name, IP or CIDR; repeatable', collect)
    .option('--to <selector>', 'targets: a zone, asset name, IP or CIDR; repeatable', collect)
    .option('--k <n>', "paths kept per target (default: the project's, else 3)")
    .addOption(
      new Option(
        '--fail-on <severity>',
        'exit 1 when a path, gap or finding is this severe or worse',
      ).choices(SEVERITIES),
    )
    .option(
      '--resolvers <file>',
      'a newer public-resolver list (dnscrypt-resolvers markdown, JSON or CSV) instead of the bundled one',
    )
    .option('--remediate', 'find rules whose removal closes every path, verified by re-running the analysis')
    .option(
      '--disable <device:rule>',
      'what-if: the paths and conduits that removing this rule opens and closes; repeatable',
      collect,
    )
    .option('--json', 'print paths, egress gaps, findings and issues as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  conduit analyze examples/plant-site\n' +
        '  conduit analyze plant.conduit             # a project: its files, settings and what-if edits\n' +
        '  conduit analyze site/ --from corporate --to 10.30.2.0/24 --json\n' +
        '  conduit analyze site/ --fail-on critical   # exit 1 when anything critical is found\n' +
        '  conduit analyze site/ --remediate          # the rules to remove, and what that closes\n' +
        "  conduit analyze site/ --disable 'fw1:filter/FORWARD#3'   # what-if\n" +
        '  conduit analyze site/ --html report.html --pdf report.pdf --csv tables/ --note "Q3 audit"',
    );
  for (const o of reportOptions()) command.addOption(o);
  command.action((inputs: string[], opts: AnalyzeCliOptions) => {
    done(runAnalyze(inputs, opts));
  });
}

type Analysis = Pick<SiteAnalysis, 'lateral' | 'egress' | 'findings'>;

export function runAnalyze(inputs: readonly string[], opts: AnalyzeCliOptions): number {
  const report = wantsReport(opts) ? checkReportOptions(opts) : null;
  if (opts.k !== undefined) parseK(opts.k);
  const list = opts.resolvers === undefined ? null : loadResolvers(opts.resolvers);
  const loaded = loadInputs([...inputs, ...(opts.assets ?? [])], opts.vendor);
  const net = loaded.network;
  // A project's settings are defaults: what the command line says wins.
  const settings = loaded.project?.project.settings;
  const from = opts.from ?? (settings?.from.length ? [...settings.from] : undefined);
  const to = opts.to ?? (settings?.to.length ? [...settings.to] : undefined);
  const k = opts.k !== undefined ? parseK(opts.k) : (settings?.k ?? 3);
  const resolvers = list ? list.resolvers : loaded.project ? projectResolvers(loaded.project) : null;
  let analysis: SiteAnalysis;
  try {
    analysis = analyzeSite(net, loaded.issues, {
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(resolvers ? { resolvers } : {}),
      k,
    });
  } catch (e) {
    if (e instanceof SelectorError) throw new CliError(selectorProblem(e.message, loaded.project, opts));
    throw e;
  }
  const { lateral, egress, findings, matrix } = analysis;
  const selection = { ...(from ? { from } : {}), ...(to ? { to } : {}), k };
  // The project's what-if edits, then --disable's.
  const edits = [
    ...(loaded.project ? projectEdits(loaded.project, net) : []),
    ...(opts.disable ?? []).map(parseDisable),
  ];
  const whatIfDoc = edits.length > 0 ? whatIf(net, edits, selection) : undefined;
  const remediationDoc = opts.remediate ? remediation(net, selection) : undefined;
  if (opts.json) {
    const doc = {
      site: net.name,
      ...(loaded.project ? { project: projectSummary(loaded.project) } : {}),
      paths: lateral.targets.flatMap((t) =>
        t.paths.map((p) => ({
          from: p.from,
          to: p.to,
          severity: pathSeverity(t.level),
          targetLevel: t.level,
          uncertain: p.uncertain,
          routeAssumed: p.routeAssumed,
          hops: p.hops,
        })),
      ),
      targets: lateral.targets.map(({ paths: _p, ...t }) => t),
      unreachableTargets: lateral.unreachableTargets,
      blastRadius: lateral.blastRadius,
      egress,
      findings,
      ...(remediationDoc ? { remediation: remediationDoc } : {}),
      ...(whatIfDoc ? { whatIf: whatIfDoc } : {}),
      stats: { assetClasses: lateral.classes, pairsEvaluated: lateral.pairsEvaluated, matrix: matrix.stats },
      issues: loaded.issues,
    };
    writeOut(`${JSON.stringify(doc, null, 2)}\n`);
  } else {
    writeOut(formatAnalysis(net.name, { lateral, egress, findings }));
    if (remediationDoc) writeOut(formatRemediation(remediationDoc));
    if (whatIfDoc) writeOut(formatWhatIf(whatIfDoc));
    writeErr(formatIssues(loaded.issues));
  }
  if (report)
    produceReports(
      {
        inputs: [...inputs, ...(opts.assets ?? [])],
        issues: loaded.issues,
        k,
        ...(opts.vendor ? { vendor: opts.vendor } : {}),
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
      },
      analysis,
      opts,
      report,
    );
  if (opts.failOn) {
    const worst = worstSeverity(analysis);
    if (worst !== null && severityRank(worst) <= severityRank(opts.failOn)) return EXIT_FAILED;
  }
  return EXIT_OK;
}

function parseK(text: string): number {
  const k = Number(text);
  if (!Number.isInteger(k) || k < 1 || k > 100)
    throw new CliError(`--k: '${text}' is not a number from 1 to 100`);
  return k;
}

/** A selector error; one from the project's settings names the project file and the selector's line. */
function selectorProblem(
  message: string,
  project: OpenedProject | undefined,
  opts: AnalyzeCliOptions,
): string {
  if (!project) return message;
  for (const key of ['from', 'to'] as const) {
    if (opts[key]) continue;
    const i = project.project.settings[key].findIndex((sel) => message.includes(`'${sel}'`));
    if (i >= 0)
      return at(project.file, project.lineOf(['settings', key, i]), `settings.${key}[${i}]: ${message}`);
  }
  return message;
}

function projectSummary(p: OpenedProject): Record<string, unknown> {
  return {
    file: p.file,
    name: p.project.name,
    savedAt: p.project.savedAt,
    files: p.project.files.map((f) => ({ name: f.name, sha256: f.sha256, size: f.size })),
    settings: p.project.settings,
    edits: p.project.edits,
  };
}

const level = (l: unknown): string =>
  l === null || l === undefined ? '?' : l === 'internet' ? 'internet' : `L${String(l)}`;

export function formatAnalysis(site: string, a: Analysis): string {
  const out: string[] = [];
  const { lateral } = a;
  const reached = lateral.targets.length;
  out.push(
    `Site ${site}: ${lateral.footholds.length} foothold assets, ${reached + lateral.unreachableTargets.length} target classes, ${reached} reachable`,
  );
  out.push('');
  out.push(
    reached === 0 ? 'No target is reachable from the footholds.' : 'Lateral movement (shortest paths first):',
  );
  for (const t of lateral.targets) {
    const alike = t.alike.length > 0 ? ` (and ${t.alike.length} alike)` : '';
    out.push(
      `  ${t.target} ${t.targetIp} [${level(t.level)}${t.role ? ` ${t.role}` : ''}]${alike}: ${t.length} hop${t.length === 1 ? '' : 's'}, ${t.shortestPaths} shortest path${t.shortestPaths === 1 ? '' : 's'}`,
    );
    t.paths.forEach((p, i) => {
      out.push(
        `    path ${i + 1} from ${p.from}${p.uncertain ? ' [uncertain]' : ''}${p.routeAssumed ? ' [route assumed]' : ''}:`,
      );
      for (const h of p.hops) {
        const via = h.devices
          .map((d) => `${d.device}${d.rule ? ` ${d.rule.file}:${d.rule.line}` : ''}`)
          .join(', ');
        out.push(`      ${h.from} -> ${h.to} ${h.service}${via ? `  via ${via}` : '  (same segment)'}`);
      }
    });
  }
  if (lateral.unreachableTargets.length > 0)
    out.push(
      `  not reachable: ${lateral.unreachableTargets.slice(0, 20).join(', ')}${lateral.unreachableTargets.length > 20 ? ', ...' : ''}`,
    );
  out.push('');
  out.push(a.egress.length === 0 ? 'No DNS egress gap.' : `DNS egress gaps (${a.egress.length}):`);
  for (const g of a.egress.slice(0, 40)) out.push(`  ${g.severity.padEnd(8)} ${g.message}`);
  if (a.egress.length > 40) out.push(`  ... ${a.egress.length - 40} more (all with --json)`);
  out.push('');
  out.push(a.findings.length === 0 ? 'No finding.' : `Findings (${a.findings.length}):`);
  for (const f of a.findings.slice(0, 60)) {
    const cite = f.rules[0]
      ? `  [${f.rules[0].file}:${f.rules[0].line}${f.rules.length > 1 ? ` +${f.rules.length - 1}` : ''}]`
      : '';
    out.push(`  ${f.severity.padEnd(8)} ${f.code}: ${f.message}${cite}`);
  }
  if (a.findings.length > 60) out.push(`  ... ${a.findings.length - 60} more (all with --json)`);
  return `${printable(out.join('\n'))}\n`;
}
