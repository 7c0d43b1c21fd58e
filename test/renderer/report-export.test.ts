import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisEvent } from '../../renderer/analysis/protocol';
import { handleAnalysisRequest, newSession } from '../../renderer/analysis/run-analysis';
import type { ReportOutput } from '../../renderer/analysis/types';
import { conduit, ensureCliBuilt, repoRoot, tempDir } from '../cli/helpers';
import { exampleFiles } from './example-site';

/**
 * File > Export report in the app renders the same report as `conduit analyze --html/--csv/
 * --report-json/--graphml` on the same files and date: identical bytes, format by format.
 */

const DATE = '2026-03-01T09:00:00Z';
const VERSION = (
  JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }
).version;
const files = exampleFiles().filter((f) => f.name !== 'README.md');

function appReport(format: 'html' | 'json' | 'csv' | 'graphml', edits = false): ReportOutput {
  const session = newSession();
  const events: AnalysisEvent[] = [];
  const post = (e: AnalysisEvent): void => void events.push(e);
  handleAnalysisRequest({ type: 'analyze', jobId: 1, files, from: [], to: [], edits: [] }, post, session);
  if (edits) {
    const view = events.find((e) => e.type === 'analyzed');
    const rule = view?.type === 'analyzed' ? view.view.rules.find((r) => r.paths > 0) : undefined;
    handleAnalysisRequest(
      {
        type: 'analyze',
        jobId: 2,
        files,
        from: [],
        to: [],
        edits: [{ kind: 'disable', device: rule!.device, rule: rule!.ruleId }],
      },
      post,
      session,
    );
  }
  handleAnalysisRequest(
    { type: 'report', jobId: 3, format, title: null, note: null, generatedAt: DATE, toolVersion: VERSION },
    post,
    session,
  );
  const done = events.find((e) => e.type === 'report');
  if (done?.type !== 'report') throw new Error(JSON.stringify(events.filter((e) => e.type === 'failed')));
  return done.report;
}

describe('the report exported from the app', () => {
  let cli: string;
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    await ensureCliBuilt();
    // The example without its README (the app's bundled copy leaves it out too).
    tmp = tempDir();
    const dir = tmp.dir;
    const site = path.join(dir, 'site');
    for (const f of files) tmp.write(path.join('site', f.name), f.text);
    cli = path.join(dir, 'out');
    const r = conduit(
      [
        'analyze',
        site,
        '--date',
        DATE,
        '--html',
        path.join(cli, 'report.html'),
        '--report-json',
        path.join(cli, 'report.json'),
        '--csv',
        path.join(cli, 'csv'),
        '--graphml',
        path.join(cli, 'graphml'),
      ],
      { cwd: dir },
    );
    expect(r.code, r.stderr).toBe(0);
  }, 120_000);
  afterAll(() => tmp.cleanup());

  it('HTML and JSON are byte-identical to the CLI’s', () => {
    expect(appReport('html').files[0]!.content).toBe(fs.readFileSync(path.join(cli, 'report.html'), 'utf8'));
    expect(appReport('json').files[0]!.content).toBe(fs.readFileSync(path.join(cli, 'report.json'), 'utf8'));
  });

  it('the CSV tables and GraphML graphs are the CLI’s, file by file', () => {
    const csv = appReport('csv').files;
    expect(csv.map((f) => f.name).sort()).toEqual(fs.readdirSync(path.join(cli, 'csv')).sort());
    for (const f of csv)
      expect(f.content, f.name).toBe(fs.readFileSync(path.join(cli, 'csv', f.name), 'utf8'));
    const graphml = appReport('graphml').files;
    expect(graphml.map((f) => f.name).sort()).toEqual(fs.readdirSync(path.join(cli, 'graphml')).sort());
    for (const f of graphml)
      expect(f.content, f.name).toBe(fs.readFileSync(path.join(cli, 'graphml', f.name), 'utf8'));
  });

  it('what-if edits stay out of the report: it is the evidence of the site as configured', () => {
    expect(appReport('json', true).files[0]!.content).toBe(appReport('json').files[0]!.content);
  });
});
