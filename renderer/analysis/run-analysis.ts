import { VENDOR_LABELS } from '../../models/import';
import {
  type LateralMovement,
  type RuleEdit,
  applyEdits,
  checkDifference,
  comparePaths,
  lateralMovement,
  remediationCut,
} from '../../models/paths';
import { type ProjectEdit, sha256Text, toRuleEdit } from '../../models/project';
import {
  type ReportDocument,
  type ReportInput,
  type SiteAnalysis,
  analyzeSite,
  buildReport,
  renderAssetGraphml,
  renderCsvTables,
  renderHtml,
  renderJson,
  renderZoneGraphml,
} from '../../models/report';
import { type Network, type SiteLoad, assembleSite } from '../../models/topology';
import type { WorkerInputFile } from '../worker/protocol';
import type { AnalysisEvent, AnalysisRequest, AnalyzeRequest, ReportRequest } from './protocol';
import { type WhatIfContext, toAnalysisView, toPathsView } from './build-view';
import type { RemediationView, ReportOutput } from './types';

/**
 * The analysis worker's job, free of worker globals so it runs in Node tests. The session keeps
 * the last site (its files, the unedited and the edited Network, the analysis) so that new
 * footholds/targets, a remediation or a report do not re-import anything.
 */
export interface AnalysisSession {
  /** The site the analysis ran on: the edited one when what-if edits apply. */
  network: Network | null;
  last: {
    readonly files: readonly WorkerInputFile[];
    readonly load: SiteLoad;
    /** The analysis of the site with the what-if edits (the unedited site's when there are none). */
    readonly analysis: SiteAnalysis;
    readonly edited: boolean;
    readonly from: readonly string[];
    readonly to: readonly string[];
  } | null;
}

export const newSession = (): AnalysisSession => ({ network: null, last: null });

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Share of the bar for reading and assembling the files; the analysis stages share the rest. */
const ASSEMBLY_SHARE = 0.3;

const selection = (from: readonly string[], to: readonly string[]): { from?: string[]; to?: string[] } => ({
  ...(from.length ? { from: [...from] } : {}),
  ...(to.length ? { to: [...to] } : {}),
});

/**
 * The edits that apply to this site, one at a time so that one stale edit (its rule gone from a
 * re-imported config) does not void the others; the stale ones are reported by index.
 */
function applicableEdits(
  net: Network,
  edits: readonly ProjectEdit[],
): { edits: RuleEdit[]; problems: { index: number; message: string }[] } {
  const ok: RuleEdit[] = [];
  const problems: { index: number; message: string }[] = [];
  edits.forEach((edit, index) => {
    const parsed = toRuleEdit(edit);
    if (!parsed.ok) {
      problems.push({ index, message: parsed.error });
      return;
    }
    try {
      applyEdits(net, [parsed.value]);
      ok.push(parsed.value);
    } catch (error) {
      problems.push({ index, message: messageOf(error) });
    }
  });
  return { edits: ok, problems };
}

/** The lateral movement with only the given paths, for the views of paths opened or closed. */
function only(lateral: LateralMovement, keep: ReadonlySet<unknown>): LateralMovement {
  return {
    ...lateral,
    targets: lateral.targets
      .map((t) => ({ ...t, paths: t.paths.filter((p) => keep.has(p)) }))
      .filter((t) => t.paths.length > 0),
  };
}

function analyze(
  request: AnalyzeRequest,
  post: (event: AnalysisEvent) => void,
  session: AnalysisSession,
  now: () => number,
): void {
  const { jobId, from, to } = request;
  const start = now();
  post({ type: 'progress', jobId, stage: 'reading configs', fraction: 0 });
  const load = assembleSite(request.files.map((f) => ({ name: f.name, text: f.text })));
  const base = load.network;
  const { edits, problems } = applicableEdits(base, request.edits);
  const edited = request.edits.length > 0 ? applyEdits(base, edits) : base;
  session.network = edited;
  const analysis = analyzeSite(edited, load.issues, {
    ...selection(from, to),
    progress: (stage, done) =>
      post({ type: 'progress', jobId, stage, fraction: ASSEMBLY_SHARE + (1 - ASSEMBLY_SHARE) * done }),
  });
  session.last = { files: request.files, load, analysis, edited: request.edits.length > 0, from, to };
  let whatIf: WhatIfContext | null = null;
  if (request.edits.length > 0) {
    post({ type: 'progress', jobId, stage: 'what-if difference', fraction: 0.97 });
    const before = lateralMovement(base, selection(from, to));
    const diff = checkDifference(comparePaths(before, analysis.lateral), base, edited);
    whatIf = {
      edits,
      view: {
        edits: request.edits.length,
        closed: toPathsView(base, only(before, new Set(diff.closed)), from, to).paths,
        opened: toPathsView(edited, only(analysis.lateral, new Set(diff.opened)), from, to).paths,
        nowShortest: toPathsView(edited, only(analysis.lateral, new Set(diff.nowShortest)), from, to).paths,
        displaced: toPathsView(base, only(before, new Set(diff.displaced)), from, to).paths,
        targetsNowUnreachable: [...diff.targetsNowUnreachable],
        targetsNowReachable: [...diff.targetsNowReachable],
        problems,
      },
    };
  }
  const site = edited.site;
  const view = toAnalysisView(
    load,
    analysis,
    {
      from: from.length ? from : (site?.footholds.map((f) => f.value) ?? []),
      to: to.length ? to : (site?.targets.map((t) => t.value) ?? []),
    },
    now() - start,
    whatIf,
  );
  post({ type: 'analyzed', jobId, view });
}

/** The report's input files as the app read them: SHA-256 over the UTF-8 text, vendor, devices. */
export function reportInputs(files: readonly WorkerInputFile[], load: SiteLoad): ReportInput[] {
  const text = new Map(files.map((f) => [f.name, f.text]));
  return load.inputs.map((input) => {
    const content = text.get(input.name) ?? '';
    return {
      name: input.name,
      sha256: sha256Text(content),
      bytes: new TextEncoder().encode(content).length,
      kind: input.kind,
      vendor: input.vendor,
      vendorLabel: input.vendor ? VENDOR_LABELS[input.vendor] : null,
      devices: [...input.devices],
    };
  });
}

export function renderReport(
  doc: ReportDocument,
  request: Pick<ReportRequest, 'format' | 'pages'>,
): ReportOutput {
  switch (request.format) {
    case 'html':
      return {
        files: [
          {
            name: 'report.html',
            kind: 'html',
            content: renderHtml(doc, request.pages ? { pages: request.pages } : {}),
          },
        ],
      };
    case 'json':
      return { files: [{ name: 'report.json', kind: 'json', content: renderJson(doc) }] };
    case 'csv':
      return { files: renderCsvTables(doc).map((t) => ({ name: t.name, kind: 'csv', content: t.text })) };
    case 'graphml':
      return {
        files: [
          { name: 'zones.graphml', kind: 'text', content: renderZoneGraphml(doc) },
          { name: 'assets.graphml', kind: 'text', content: renderAssetGraphml(doc) },
        ],
      };
  }
}

/**
 * The report describes the site as configured, like `conduit analyze --html`: what-if edits are
 * hypotheses and stay out of the evidence (the unedited site is analysed again when edits apply).
 */
function report(request: ReportRequest, session: AnalysisSession): ReportOutput {
  const last = session.last;
  if (!last) throw new Error('no site has been analysed yet');
  const analysis = last.edited
    ? analyzeSite(last.load.network, last.load.issues, selection(last.from, last.to))
    : last.analysis;
  const doc = buildReport(analysis, {
    inputs: reportInputs(last.files, last.load),
    toolVersion: request.toolVersion,
    generatedAt: request.generatedAt,
    note: request.note,
    issues: last.load.issues,
    ...(last.from.length ? { from: last.from } : {}),
    ...(last.to.length ? { to: last.to } : {}),
    ...(request.title ? { title: request.title } : {}),
  });
  return renderReport(doc, request);
}

function remediate(session: AnalysisSession): RemediationView {
  const last = session.last;
  if (!last || !session.network) throw new Error('no site has been analysed yet');
  const cut = remediationCut(session.network, selection(last.from, last.to));
  const count = (l: LateralMovement): number => l.targets.reduce((n, t) => n + t.paths.length, 0);
  return {
    rules: cut.rules.map((r) => ({
      device: r.device,
      ruleId: r.rule,
      ref: { file: r.source.file, line: r.source.line, endLine: r.source.endLine, text: r.source.text },
      paths: r.paths,
    })),
    closesAll: cut.closesAll,
    minimum: cut.minimum,
    pathsBefore: count(cut.before),
    pathsAfter: count(cut.after),
  };
}

export function handleAnalysisRequest(
  request: AnalysisRequest,
  post: (event: AnalysisEvent) => void,
  session: AnalysisSession,
  now: () => number = () => performance.now(),
): void {
  const { jobId } = request;
  try {
    switch (request.type) {
      case 'analyze':
        analyze(request, post, session, now);
        return;
      case 'report':
        post({ type: 'progress', jobId, stage: 'report', fraction: 0 });
        post({ type: 'report', jobId, report: report(request, session) });
        return;
      case 'remediate':
        post({ type: 'progress', jobId, stage: 'remediation', fraction: 0 });
        post({ type: 'remediation', jobId, remediation: remediate(session) });
        return;
      case 'paths': {
        const net = session.network;
        if (!net) {
          post({ type: 'failed', jobId, message: 'no site has been analysed yet' });
          return;
        }
        post({ type: 'progress', jobId, stage: 'lateral movement', fraction: 0 });
        const lateral = lateralMovement(net, selection(request.from, request.to));
        post({ type: 'paths', jobId, paths: toPathsView(net, lateral, request.from, request.to) });
        return;
      }
    }
  } catch (error) {
    post({ type: 'failed', jobId, message: messageOf(error) });
  }
}
