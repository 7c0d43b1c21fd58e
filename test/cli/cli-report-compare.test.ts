import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportComparison, ReportDocument } from '../../models/report';
import { exampleDir, schemaErrors } from '../models/report/helpers';
import { conduit, ensureCliBuilt, expectOneLineError, tempDir } from './helpers';

/**
 * `conduit analyze AFTER --compare BEFORE`: the example site before and after one permissive
 * rule is deleted; the paths that rule allowed are closed; a saved report works as BEFORE.
 */

const DATE = '2026-03-01T12:00:00Z';
const tmp = tempDir();
const out = (...p: string[]): string => path.join(tmp.dir, ...p);
let before: ReportDocument;
let removed: { file: string; text: string };

beforeAll(async () => {
  await ensureCliBuilt();
  const r = conduit(['analyze', exampleDir, '--date', DATE, '--report-json', out('before.json')]);
  if (r.code !== 0) throw new Error(r.stderr);
  before = JSON.parse(fs.readFileSync(out('before.json'), 'utf8')) as ReportDocument;
  // A rule that allows a hop of a path, on a line of its own (an iptables rule or an ACL entry).
  const rule = before.paths
    .flatMap((p) => p.hops.flatMap((h) => h.devices.map((d) => d.rule)))
    .find((x) => x !== null && /^(-A |access-list | *permit )/.test(x.text));
  if (!rule) throw new Error('the example has no single-line rule on a path');
  removed = { file: rule.file, text: rule.text };
  fs.cpSync(exampleDir, out('after'), { recursive: true });
  const file = out('after', rule.file);
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines.splice(rule.line - 1, 1);
  fs.writeFileSync(file, lines.join('\n'));
}, 120_000);
afterAll(() => tmp.cleanup());

describe('conduit analyze --compare', () => {
  it('closes the paths that cited a deleted rule, and says so in HTML, JSON and CSV', () => {
    const r = conduit([
      'analyze',
      out('after'),
      '--compare',
      exampleDir,
      '--date',
      DATE,
      '--html',
      out('c.html'),
      '--report-json',
      out('c.json'),
      '--csv',
      out('csv'),
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/conduit: before\/after: .* closed/);
    const c = JSON.parse(fs.readFileSync(out('c.json'), 'utf8')) as ReportComparison;
    expect(c.format).toBe('conduit-comparison/1');
    expect(schemaErrors(c, 'comparison')).toBe('');
    const cites = (p: ReportComparison['paths']['closed'][number]): boolean =>
      p.hops.some((h) =>
        h.devices.some((d) => d.rule?.file === removed.file && d.rule.text === removed.text),
      );
    expect(c.paths.closed.length).toBeGreaterThan(0);
    expect(c.paths.closed.every(cites)).toBe(true);
    expect(c.paths.opened.some(cites)).toBe(false);
    const changedFile = c.after.inputs.find((i) => i.name === removed.file)!;
    expect(changedFile.sha256).not.toBe(c.before.inputs.find((i) => i.name === removed.file)!.sha256);
    const html = fs.readFileSync(out('c.html'), 'utf8');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('changed');
    expect(fs.readFileSync(out('csv', 'changes.csv'), 'utf8')).toMatch(/"closed","path","P\d+",""/);
  });

  it('takes a report saved with --report-json as the earlier snapshot', () => {
    const r = conduit([
      'analyze',
      out('after'),
      '--compare',
      out('before.json'),
      '--date',
      DATE,
      '--report-json',
      out('d.json'),
    ]);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(out('d.json'), 'utf8')).toBe(fs.readFileSync(out('c.json'), 'utf8'));
  });

  it('refuses --graphml with --compare', () => {
    const r = conduit(['analyze', out('after'), '--compare', exampleDir, '--graphml', out('g')]);
    expect(r.code).toBe(2);
    expect(expectOneLineError(r)).toContain('--graphml: not available with --compare');
  });
});
