/**
 * The shared corpus of real and generated Junos configurations, read in place: each imports as
 * junos with one device and no error, every line is accounted for, every citation quotes its
 * line, and the verdicts of the lab firewall and router come out as their configs say.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { detectVendor, importConfig } from '../../../../models/import';
import { splitLines } from '../../../../models/import/junos';
import type { Verdict } from '../../../../models/reach';
import {
  corpusDir,
  corpusNames,
  flow,
  listVerdict,
  misquoted,
  readCorpus,
  unaccountedLines,
  verdict,
} from './support';

function cites(v: Verdict, lines: readonly string[], action: 'permit' | 'deny', needle: string | null): void {
  expect(v.action).toBe(action);
  if (needle === null) expect(v.rule).toBeNull();
  else {
    expect(v.rule?.text).toBe(lines[v.rule!.line - 1]);
    expect(v.rule?.text).toContain(needle);
  }
}

describe('every corpus file', () => {
  const names = corpusNames();

  it('is there to test (the corpus is read in place)', () => {
    expect(names.length).toBeGreaterThanOrEqual(6);
  });

  it.each(names)('%s is detected as junos and imports one device without errors', (name) => {
    const result = importConfig({ name, text: readCorpus(name) });
    expect(result.vendor).toBe('junos');
    expect(result.devices).toHaveLength(1);
    expect(result.devices[0]!.lists.size).toBeGreaterThan(0);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it.each(names)('%s accounts for every line and quotes every cited line', (name) => {
    const text = readCorpus(name);
    const lines = splitLines(text);
    const result = importConfig({ name, text });
    expect(unaccountedLines(name, text, result.diagnostics)).toEqual([]);
    expect(misquoted(name, lines, result.diagnostics)).toEqual([]);
    const dev = result.devices[0]!;
    for (const l of dev.lists.values())
      for (const r of l.rules) expect(r.source.text).toBe(lines[r.source.line - 1]);
    for (const n of dev.nat) expect(n.source.text).toBe(lines[n.source.line - 1]);
  });
});

describe('lab-srx-fwl01 (vSRX, display set)', () => {
  const name = 'lab-srx-fwl01-display-set.txt';
  const lines = splitLines(readCorpus(name));
  const dev = importConfig({ name, text: readCorpus(name) }).devices[0]!;

  it('puts interfaces in their zones', () => {
    expect(dev.interfaces.find((i) => i.name === 'ge-0/0/2.0')?.zone).toBe('OUTSIDE');
    expect(dev.interfaces.find((i) => i.name === 'ge-0/0/0.0')?.addresses).toEqual(['10.17.1.0/31']);
  });

  it('permits web from outside to the private web servers, citing PERMIT-WEB', () => {
    const v = verdict(dev, flow('tcp', '198.51.100.7', '10.100.1.20', 40000, 443), {
      in: 'ge-0/0/2.0',
      out: 'ge-0/0/0.0',
    });
    cites(v, lines, 'permit', 'policy PERMIT-WEB');
  });

  it('falls to the global DENY-ALL for anything else from outside', () => {
    const v = verdict(dev, flow('tcp', '198.51.100.7', '10.100.1.20', 40000, 22), {
      from: 'OUTSIDE',
      toZone: 'INSIDE',
    });
    cites(v, lines, 'deny', 'global policy DENY-ALL');
  });

  it('inside to outside: policies in order (https permitted by PERMIT-WEB, before the uncertain PERMIT-SMTP)', () => {
    const Q = { from: 'INSIDE', toZone: 'OUTSIDE' } as const;
    const v = verdict(dev, flow('tcp', '10.1.0.9', '8.8.8.8', 40000, 443), Q);
    cites(v, lines, 'permit', 'policy PERMIT-WEB');
    expect(v.uncertain).toEqual([]);
  });

  it('junos-smtp is tcp/25: SMTP meets PERMIT-SMTP with certainty; another port passes BLOCK-BAD (its unverified junos-cifs is uncertain) to CATCH-ALL', () => {
    const Q = { from: 'INSIDE', toZone: 'OUTSIDE' } as const;
    const smtp = verdict(dev, flow('tcp', '10.1.0.9', '8.8.8.8', 40000, 25), Q);
    cites(smtp, lines, 'permit', 'policy PERMIT-SMTP');
    expect(smtp.uncertain).toEqual([]);
    const other = verdict(dev, flow('tcp', '10.1.0.9', '8.8.8.8', 40000, 8443), Q);
    cites(other, lines, 'permit', 'policy CATCH-ALL');
    expect(other.uncertain.join(' ')).toContain('junos-cifs');
  });
});

describe('lab-mx-bor01 (MX router, display set)', () => {
  const name = 'lab-mx-bor01-display-set.txt';
  const lines = splitLines(readCorpus(name));
  const dev = importConfig({ name, text: readCorpus(name) }).devices[0]!;
  const IN = { in: 'xe-0/0/1.0', out: 'xe-0/0/0.0' } as const;

  it('ISP-INBOUND drops RFC 1918 sources and permits https, citing the terms', () => {
    cites(
      verdict(dev, flow('tcp', '10.1.1.1', '45.1.12.10', 40000, 443), IN),
      lines,
      'deny',
      'term BLOCK-RFC1918 from',
    );
    cites(
      verdict(dev, flow('tcp', '198.51.100.7', '45.1.12.10', 40000, 443), IN),
      lines,
      'permit',
      'term PERMIT-HTTPS from',
    );
  });

  it('ISP-INBOUND ends with the implicit discard', () => {
    cites(verdict(dev, flow('tcp', '198.51.100.7', '45.1.12.10', 40000, 25), IN), lines, 'deny', null);
    cites(
      listVerdict(dev, 'ISP-INBOUND', flow('tcp', '198.51.100.7', '45.1.12.10', 40000, 25)),
      lines,
      'deny',
      null,
    );
  });
});

describe('aerleon-sample-srx (curly form, replace: blocks)', () => {
  const name = 'aerleon-sample-srx.srx';
  const lines = splitLines(readCorpus(name));
  const dev = importConfig({ name, text: readCorpus(name) }).devices[0]!;
  const Q = { from: 'Untrust', toZone: 'DMZ' } as const;

  it('application-sets of term applications, and the explicit default-deny policy', () => {
    cites(
      verdict(dev, flow('udp', '198.51.100.7', '10.1.1.1', 40000, 9), Q),
      lines,
      'permit',
      'policy test-tcp',
    );
    cites(
      verdict(dev, flow('icmp', '198.51.100.7', '10.1.1.1', 0, 8), Q),
      lines,
      'permit',
      'policy test-icmp',
    );
    cites(
      verdict(dev, flow('icmp', '198.51.100.7', '10.1.1.1', 0, 13), Q),
      lines,
      'deny',
      'policy default-deny',
    );
    cites(
      verdict(dev, flow('tcp', '198.51.100.7', '8.8.8.8', 40000, 80), Q),
      lines,
      'deny',
      'policy default-deny',
    );
  });
});

describe('detection', () => {
  it('no file of another vendor in the shared corpus is taken for Junos', () => {
    const root = path.dirname(corpusDir);
    const taken: string[] = [];
    for (const dir of readdirSync(root).filter(
      (d) => d !== 'junos' && statSync(path.join(root, d)).isDirectory(),
    )) {
      for (const f of readdirSync(path.join(root, dir))) {
        const file = path.join(root, dir, f);
        if (statSync(file).isFile() && detectVendor(readFileSync(file, 'utf8')) === 'junos')
          taken.push(`${dir}/${f}`);
      }
    }
    expect(taken).toEqual([]);
  });
});
