import { describe, expect, it } from 'vitest';
import { analyzeSite } from '../../models/report/analysis';
import { assembleSite } from '../../models/topology';
import { AnalysisCancelled, createAnalyzer } from '../../renderer/analysis/analysis-client';
import { pathRules } from '../../renderer/analysis/build-view';
import type { AnalysisEvent } from '../../renderer/analysis/protocol';
import { handleAnalysisRequest, newSession } from '../../renderer/analysis/run-analysis';
import { refKey, type AnalysisView } from '../../renderer/analysis/types';
import { excerpt } from '../../renderer/components/code-viewer';
import { exampleFiles } from './example-site';
import { FakeAnalysisWorker } from './fake-analysis-worker';

const SITE_DEFAULTS = { from: [], to: [], edits: [] } as const;

function analyzeExample(): { events: AnalysisEvent[]; view: AnalysisView } {
  const events: AnalysisEvent[] = [];
  handleAnalysisRequest(
    { type: 'analyze', jobId: 7, files: exampleFiles(), ...SITE_DEFAULTS },
    (e) => events.push(e),
    newSession(),
  );
  const done = events.at(-1);
  if (done?.type !== 'analyzed') throw new Error(`no analysis: ${JSON.stringify(done)}`);
  return { events, view: done.view };
}

const textOf = (files: ReturnType<typeof exampleFiles>, file: string): string =>
  files.find((f) => f.name === file)?.text ?? '';

describe('the analysis worker job', () => {
  const files = exampleFiles();
  const { events, view } = analyzeExample();
  const load = assembleSite(files);
  const reference = analyzeSite(load.network, load.issues);

  it('posts progress with a stage and a rising fraction, then the plain result', () => {
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(4);
    expect(progress[0]).toEqual({ type: 'progress', jobId: 7, stage: 'reading configs', fraction: 0 });
    const fractions = progress.map((e) => (e.type === 'progress' ? e.fraction : -1));
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
    expect(fractions.at(-1)).toBe(1);
    expect(events.every((e) => e.jobId === 7)).toBe(true);
  });

  it('is structured-clone and JSON safe (no Maps, bigints or class instances)', () => {
    expect(structuredClone(view)).toEqual(view);
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
  });

  it('holds what the models compute: zones, conduits, paths, gaps, findings, every rule', () => {
    expect(view.site).toBe(load.network.name);
    expect(view.zones.map((z) => z.name).sort()).toEqual(
      [...new Set([...load.network.zones.map((z) => z.name), ...reference.matrix.zones])].sort(),
    );
    expect(view.conduits).toHaveLength(reference.matrix.conduits.length);
    expect(view.paths.paths).toHaveLength(reference.lateral.targets.reduce((n, t) => n + t.paths.length, 0));
    expect(view.egress).toHaveLength(reference.egress.length);
    expect(view.findings.map((f) => f.code)).toEqual(reference.findings.map((f) => f.code));
    const ruleCount = load.network.devices.reduce(
      (n, d) => n + [...d.lists.values()].reduce((m, l) => m + l.rules.length, 0),
      0,
    );
    expect(view.rules).toHaveLength(ruleCount);
    // Segments aggregate assets: one node per segment, never per asset.
    const inventory = view.assets.filter((a) => !a.placeholder && a.segment !== null).length;
    expect(view.zones.flatMap((z) => z.segments).reduce((n, s) => n + s.assetCount, 0)).toBe(inventory);
  });

  it('ranks paths most severe first, then by length, and cites real config lines on every hop', () => {
    const ranks = view.paths.paths.map((p) =>
      ['critical', 'high', 'medium', 'low', 'info'].indexOf(p.severity),
    );
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    for (const p of view.paths.paths) {
      for (const ref of pathRules(p)) {
        const lines = textOf(files, ref.file).split(/\r?\n/);
        expect(lines[ref.line - 1], refKey(ref)).toBe(ref.text);
      }
      for (const h of p.hops) expect(view.zones.some((z) => z.name === h.fromZone)).toBe(true);
    }
  });

  it('counts for each rule the paths and gaps that cite it', () => {
    const cited = new Set(view.paths.paths.flatMap((p) => pathRules(p).map(refKey)));
    for (const r of view.rules) expect(r.paths > 0, refKey(r.ref)).toBe(cited.has(refKey(r.ref)));
    const gapCited = new Set(view.egress.flatMap((g) => g.rules.map(refKey)));
    for (const r of view.rules) expect(r.gaps > 0).toBe(gapCited.has(refKey(r.ref)));
  });

  it('re-runs paths for other footholds and targets on the site it holds, and reports bad selectors', () => {
    const session = newSession();
    const out: AnalysisEvent[] = [];
    handleAnalysisRequest({ type: 'paths', jobId: 1, from: [], to: [] }, (e) => out.push(e), session);
    expect(out.at(-1)).toEqual({ type: 'failed', jobId: 1, message: 'no site has been analysed yet' });
    handleAnalysisRequest(
      { type: 'analyze', jobId: 2, files, ...SITE_DEFAULTS },
      (e) => out.push(e),
      session,
    );
    const zone = view.zones.find((z) => z.assetCount > 0 && z.level !== 'internet')!.name;
    handleAnalysisRequest({ type: 'paths', jobId: 3, from: [zone], to: [] }, (e) => out.push(e), session);
    const paths = out.at(-1);
    expect(paths?.type).toBe('paths');
    if (paths?.type === 'paths') expect(paths.paths.from).toEqual([zone]);
    handleAnalysisRequest(
      { type: 'paths', jobId: 4, from: ['no-such-zone-<b>'], to: [] },
      (e) => out.push(e),
      session,
    );
    expect(out.at(-1)).toMatchObject({ type: 'failed', jobId: 4 });
    expect((out.at(-1) as { message: string }).message).toContain("'no-such-zone-<b>'");
  });
});

describe('the analysis client', () => {
  it('forwards progress and resolves with the view', async () => {
    const analyzer = createAnalyzer(() => new FakeAnalysisWorker());
    const stages: string[] = [];
    const view = await analyzer.analyze(exampleFiles(), SITE_DEFAULTS, (stage) => stages.push(stage));
    expect(stages[0]).toBe('reading configs');
    expect(stages).toContain('lateral movement');
    expect(view.zones.length).toBeGreaterThan(0);
    const paths = await analyzer.paths(view.paths.from, view.paths.to, () => undefined);
    expect(paths.paths.length).toBe(view.paths.paths.length);
    analyzer.dispose();
  });

  it('cancels by terminating the worker; the next analysis starts a fresh one', async () => {
    FakeAnalysisWorker.created = [];
    let hold = true;
    const analyzer = createAnalyzer(() => new FakeAnalysisWorker(hold));
    const running = analyzer.analyze(exampleFiles(), SITE_DEFAULTS, () => undefined);
    const first = FakeAnalysisWorker.created[0]!;
    analyzer.cancel();
    await expect(running).rejects.toBeInstanceOf(AnalysisCancelled);
    expect(first.terminated).toBe(true);
    first.release(); // a terminated worker posts nothing
    hold = false;
    const view = await analyzer.analyze(exampleFiles(), SITE_DEFAULTS, () => undefined);
    expect(FakeAnalysisWorker.created).toHaveLength(2);
    expect(view.zones.length).toBeGreaterThan(0);
    await expect(analyzer.paths(['x'], [], () => undefined)).rejects.toThrow("'x'");
  });

  it('a new analysis supersedes a running one', async () => {
    const analyzer = createAnalyzer(() => new FakeAnalysisWorker());
    const a = analyzer.analyze(exampleFiles(), SITE_DEFAULTS, () => undefined);
    const b = analyzer.analyze(exampleFiles(), SITE_DEFAULTS, () => undefined);
    await expect(a).rejects.toBeInstanceOf(AnalysisCancelled);
    await expect(b).resolves.toMatchObject({ site: expect.any(String) });
  });

  it('rejects when the worker dies, and asks for a new analysis before paths', async () => {
    const worker = new FakeAnalysisWorker(true);
    const analyzer = createAnalyzer(() => worker);
    const running = analyzer.analyze(exampleFiles(), SITE_DEFAULTS, () => undefined);
    worker.crash('out of memory');
    await expect(running).rejects.toThrow('the analysis worker stopped: out of memory');
    await expect(analyzer.paths([], [], () => undefined)).rejects.toThrow('no analysed site');
  });
});

describe('the code viewer excerpt', () => {
  const text = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'].join('\n');
  it('shows the cited lines with context and their numbers', () => {
    const lines = excerpt(text, { file: 'f', line: 5, endLine: 6, text: 'five' }, 2);
    expect(lines.map((l) => [l.number, l.text, l.cited])).toEqual([
      [3, 'three', false],
      [4, 'four', false],
      [5, 'five', true],
      [6, 'six', true],
      [7, 'seven', false],
      [8, 'eight', false],
    ]);
  });
  it('clamps at the file edges and falls back to the cited text without the file', () => {
    expect(excerpt(text, { file: 'f', line: 1, endLine: 1, text: 'one' }, 3).map((l) => l.number)).toEqual([
      1, 2, 3, 4,
    ]);
    expect(excerpt(undefined, { file: 'f', line: 9, endLine: 9, text: '<b>x</b>' })).toEqual([
      { number: 9, text: '<b>x</b>', cited: true },
    ]);
  });
});
