/**
 * Ground truth for Conduit's iptables semantics: random (seeded) FORWARD rulesets are loaded
 * into a real Linux router built from network namespaces, thousands of spoofed probes are sent
 * through it, and the set that came out the other side (the kernel's verdicts) must equal what
 * `conduit query RULES --probes PROBES.csv` answers, probe by probe, with the deciding line cited.
 *
 * Needs root, iproute2, iptables and python3 (harness.py). Without them it is skipped with the
 * reason, except under CI=true, where it fails instead. Knobs (environment):
 *   KERNEL_DIFF_SEED=N|random  KERNEL_DIFF_RULESETS=40  KERNEL_DIFF_PROBES=1500
 *   KERNEL_DIFF_ONLY=k (one ruleset)  KERNEL_DIFF_BACKEND=nft|legacy|auto
 *   KERNEL_DIFF_CITATIONS=0 (verdicts only)  KERNEL_DIFF_KEEP=1 (keep the files)
 *   KERNEL_DIFF_REPORT=6 (rulesets shown per failure)
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRuleset } from './ipt-generate';
import {
  ICMP,
  TCP,
  UDP,
  ipToInt,
  legacySaveIsLossy,
  type Decision,
  type Probe,
  type Ruleset,
} from './ipt-model';
import { probeGenerator } from './ipt-probes';
import { renderRuleset } from './ipt-render';
import { Rng, subSeed } from './ipt-vocab';
import {
  CLI,
  CLI_BUNDLE,
  checkCapability,
  describeDecision,
  listing,
  pool,
  probeRow,
  probesCsv,
  reference,
  runConduit,
  runConduitCsv,
  runKernel,
  savedLines,
  teardown,
  type Case,
  type KernelRun,
} from './kernel-runner';

const envInt = (name: string, dflt: number): number => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : dflt;
};
const SEED =
  process.env.KERNEL_DIFF_SEED === 'random'
    ? randomBytes(4).readUInt32BE(0)
    : process.env.KERNEL_DIFF_SEED
      ? Number(process.env.KERNEL_DIFF_SEED) >>> 0
      : 20260101;
const RULESETS = envInt('KERNEL_DIFF_RULESETS', 40);
const PROBES = envInt('KERNEL_DIFF_PROBES', 1500);
const ONLY = process.env.KERNEL_DIFF_ONLY === undefined ? null : Number(process.env.KERNEL_DIFF_ONLY);
const CITATIONS = process.env.KERNEL_DIFF_CITATIONS !== '0';
const IN_CI = process.env.CI === 'true';
const REPORT_MAX = envInt('KERNEL_DIFF_REPORT', 6);

const cap = checkCapability();
const SKIP = !cap.ok && !IN_CI;
if (SKIP) {
  console.warn(
    `[kernel-differential] SKIPPED: ${cap.reason}. It needs root, network namespaces, iproute2, iptables ` +
      'and python3; under CI=true this is a failure, not a skip.',
  );
}

/** Rulesets whose kernel outcome is known in advance: a broken harness cannot pass these. */
function selfChecks(): Array<{ name: string; rs: Ruleset }> {
  const base = { userChains: [], stateful: false, style: 'terse' as const };
  return [
    { name: 'self-accept-all', rs: { ...base, policy: 'ACCEPT', rules: [] } },
    { name: 'self-drop-all', rs: { ...base, policy: 'DROP', rules: [] } },
    {
      name: 'self-discriminate',
      rs: {
        ...base,
        policy: 'DROP',
        stateful: true,
        rules: [
          {
            chain: 'FORWARD',
            matches: [
              { kind: 'proto', neg: false, num: TCP, text: 'tcp' },
              { kind: 'port', dir: 'dport', neg: false, lo: 1000, hi: 1999, text: '1000:1999' },
            ],
            target: { kind: 'ACCEPT' },
          },
          {
            chain: 'FORWARD',
            matches: [
              { kind: 'iface', dir: 'i', neg: false, name: 'lan1' },
              { kind: 'proto', neg: false, num: UDP, text: 'udp' },
            ],
            target: { kind: 'ACCEPT' },
          },
          {
            chain: 'FORWARD',
            matches: [
              { kind: 'proto', neg: false, num: ICMP, text: 'icmp' },
              { kind: 'icmp', neg: false, type: 8, codeLo: 0, codeHi: 255, text: 'echo-request' },
              { kind: 'state', module: 'conntrack', neg: false, states: ['NEW'] },
            ],
            target: { kind: 'ACCEPT' },
          },
          {
            chain: 'FORWARD',
            matches: [
              { kind: 'iface', dir: 'o', neg: false, name: 'ot0' },
              { kind: 'proto', neg: false, num: 253, text: '253' },
            ],
            target: { kind: 'ACCEPT' },
          },
          {
            chain: 'FORWARD',
            matches: [
              { kind: 'addr', dir: 'd', neg: false, nets: [[ipToInt('10.0.0.0'), 8]], text: '10.0.0.0/8' },
            ],
            target: { kind: 'REJECT', opts: '' },
          },
        ],
      },
    },
  ];
}

function buildCases(dir: string): Case[] {
  const specs: Array<{ name: string; index: number; seed: number; rs: Ruleset; rng: Rng }> = [];
  selfChecks().forEach(({ name, rs }, k) =>
    specs.push({ name, index: -1 - k, seed: SEED, rs, rng: new Rng(subSeed(SEED, 1000 + k)) }),
  );
  for (let i = 0; i < RULESETS; i++) {
    if (ONLY !== null && i !== ONLY) continue;
    const rng = new Rng(subSeed(SEED, i));
    specs.push({ name: `rs${i}`, index: i, seed: SEED, rs: generateRuleset(rng), rng });
  }
  return specs.map(({ name, index, seed, rs, rng }) => {
    const gen = probeGenerator(rng, rs);
    const probes = Array.from({ length: name.startsWith('self') ? 600 : PROBES }, (_, j) => gen.next(j + 1));
    const rendered = renderRuleset(
      rs,
      `Generated by conduit's kernel differential test: seed=${seed} ruleset=${index}`,
    );
    const rulesPath = join(dir, `${name}.rules`);
    const probesPath = join(dir, `${name}.probes.csv`);
    writeFileSync(rulesPath, rendered.text);
    writeFileSync(probesPath, probesCsv(probes));
    return { index, name, seed, rs, rendered, probes, rulesPath, probesPath };
  });
}

const rerun = (c: Case): string =>
  c.index < 0 ? `self-check ${c.name}` : `KERNEL_DIFF_SEED=${c.seed} KERNEL_DIFF_ONLY=${c.index}`;

describe.skipIf(SKIP)('kernel differential: iptables FORWARD verdicts, Conduit vs Linux', () => {
  const prefix = `cdk-${process.pid}-${randomBytes(3).toString('hex')}-`;
  let dir = '';
  let cases: Case[] = [];
  let decisions: Decision[][] = [];
  let kernel: KernelRun = { backends: [], ms: 0, rulesets: [] };
  let keep = process.env.KERNEL_DIFF_KEEP === '1';

  const arrived = (k: number, p: Probe): string | undefined => kernel.rulesets[k]?.arrived[String(p.id)];
  const kernelVerdict = (k: number, p: Probe): 'permit' | 'deny' => (arrived(k, p) ? 'permit' : 'deny');

  beforeAll(async () => {
    if (!cap.ok) throw new Error(`CI=true but the kernel harness cannot run here: ${cap.reason}`);
    dir = mkdtempSync(join(tmpdir(), 'conduit-kernel-'));
    cases = buildCases(dir);
    decisions = cases.map(reference);
    const t0 = Date.now();
    kernel = await runKernel(dir, prefix, randomBytes(4).readUInt32BE(0), cases);
    const sent = cases.reduce((n, c) => n + c.probes.length, 0);
    const sum = (f: (r: KernelRun['rulesets'][number]) => number | undefined): number =>
      kernel.rulesets.reduce((n, r) => n + (f(r) ?? 0), 0);
    console.log(
      `[kernel-differential] seed=${SEED}: ${cases.length} rulesets, ${sent} probes through the kernel in ` +
        `${Date.now() - t0} ms (iptables backends: ${kernel.backends.join(', ')}; lost then resent: ` +
        `${sum((r) => r.recovered)}, socket drops: ${sum((r) => r.socketDrops)}, backlog drops: ` +
        `${sum((r) => r.softnetDrops)}, barrier timeouts: ${sum((r) => r.barrierFallbacks)})`,
    );
    for (const r of kernel.rulesets.filter((x) => x.recovered > 0)) {
      console.warn(
        `[kernel-differential] ${r.name}: ${r.recovered} probes arrived only when resent ${JSON.stringify(r)}`.slice(
          0,
          400,
        ),
      );
    }
  }, 120_000);

  afterAll(() => {
    teardown(prefix);
    if (!dir) return;
    if (keep) console.log(`[kernel-differential] files kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  });

  const fail = (msg: string): never => {
    keep = true;
    throw new Error(`${msg}\n(seed ${SEED}; files in ${dir})`);
  };

  it('self-check: the harness tells permit from deny', () => {
    for (const [k, c] of cases.entries()) {
      if (c.index >= 0) continue;
      const got = c.probes.filter((p) => arrived(k, p)).length;
      const want = decisions[k]?.filter((d) => d.verdict === 'permit').length ?? -1;
      const expected = { 'self-accept-all': c.probes.length, 'self-drop-all': 0 }[c.name] ?? want;
      if (kernel.rulesets[k]?.error) fail(`${c.name}: ${kernel.rulesets[k]?.error}`);
      expect(got, `${c.name}: probes that crossed the router`).toBe(expected);
      expect(want, `${c.name}: reference permits`).toBe(expected);
      if (c.name === 'self-discriminate') expect(got > 0 && got < c.probes.length).toBe(true);
      const wrongWay = c.probes.filter((p) => arrived(k, p) && arrived(k, p) !== p.outIf);
      expect(wrongWay.map(probeRow), `${c.name}: probes that left on the wrong interface`).toEqual([]);
    }
  });

  it('the kernel agrees with the reference model (the generator means what it says)', () => {
    const problems: string[] = [];
    const cover = new Map<string, number>();
    for (const [k, c] of cases.entries()) {
      const kr = kernel.rulesets[k];
      if (kr?.skipped) {
        console.warn(`[kernel-differential] ${c.name} not run: ${kr.skipped}`);
        continue;
      }
      if (!kr || kr.error) {
        problems.push(
          `${c.name} (${rerun(c)}): ${kr?.error ?? 'no kernel result'}\n${listing(c.rendered.text)}`,
        );
        continue;
      }
      c.probes.forEach((p, j) => {
        const d = decisions[k]?.[j];
        if (!d) return;
        for (const t of [...d.trace, d.verdict]) cover.set(t, (cover.get(t) ?? 0) + 1);
        const kv = kernelVerdict(k, p);
        if (kv !== d.verdict && problems.length < REPORT_MAX) {
          problems.push(
            `${c.name} (${rerun(c)}, iptables-${kr.backend}): probe ${probeRow(p)}\n` +
              `  kernel: ${kv}; reference: ${describeDecision(c, d)}\n` +
              listing(c.rendered.text, [
                d.rule < 0 ? c.rendered.policyLine : (c.rendered.ruleLines[d.rule] ?? 0),
              ]),
          );
        }
      });
    }
    console.log(`[kernel-differential] coverage: ${JSON.stringify(Object.fromEntries(cover))}`);
    if (problems.length) fail(`harness/reference disagrees with the kernel:\n\n${problems.join('\n\n')}`);
    if (ONLY === null && RULESETS >= 20) {
      for (const t of [
        'permit',
        'deny',
        'policy',
        'return',
        'nested-return',
        'goto-return',
        'fall-off',
        'untracked',
        'mangle-drop',
      ]) {
        expect(cover.get(t) ?? 0, `probes exercising ${t}`).toBeGreaterThan(0);
      }
    }
  });

  const compare = async (which: 'generated' | 'saved'): Promise<void> => {
    if (!existsSync(CLI) || !existsSync(CLI_BUNDLE)) {
      fail(
        `${existsSync(CLI) ? CLI_BUNDLE : CLI} is missing: run \`npm run build\` first (the conduit CLI is what this test checks)`,
      );
    }
    const jobs = cases.flatMap((c, k) => {
      const saved = kernel.rulesets[k]?.saved;
      if (kernel.rulesets[k]?.skipped) return [];
      if (which === 'generated') return [{ c, k, path: c.rulesPath, text: c.rendered.text }];
      // a lossy save describes a different ruleset than the one the kernel ran
      if (!saved || (kernel.rulesets[k]?.backend === 'legacy' && legacySaveIsLossy(c.rs))) return [];
      const path = c.rulesPath.replace(/\.rules$/, '.saved.rules');
      writeFileSync(path, saved);
      return [{ c, k, path, text: saved }];
    });
    const answers = await pool(jobs, 4, (j) => runConduit(j.path, j.c.probesPath));
    const problems: string[] = [];
    const count = { probes: 0, verdict: 0, citation: 0, uncertain: 0, uncertainWrong: 0 };
    const doubts = new Map<string, number>();
    jobs.forEach(({ c, k, path, text }, n) => {
      const ans = answers[n];
      if (typeof ans === 'string' || ans === undefined) {
        problems.push(`${c.name} (${rerun(c)}): ${ans ?? 'no answer'}\n${listing(text)}`);
        return;
      }
      const shown: string[] = [];
      c.probes.forEach((p, j) => {
        const d = decisions[k]?.[j];
        if (!d) return;
        count.probes++;
        const kv = kernelVerdict(k, p);
        const a = ans.get(p.id);
        const lines =
          which === 'saved'
            ? savedLines(c, text, d, p)
            : [d.rule < 0 ? c.rendered.policyLine : (c.rendered.ruleLines[d.rule] ?? 0)];
        // An uncertain verdict (e.g. a service name) is Conduit saying it cannot be sure, and its
        // promise is to err towards permit: an uncertain permit is fine, an uncertain deny of a
        // flow the kernel lets through is still wrong.
        const uncertain = a !== undefined && a.uncertain.length > 0;
        if (uncertain) {
          count.uncertain++;
          if (a.verdict !== kv) count.uncertainWrong++;
          for (const u of a.uncertain) {
            const why = u.replace(/^.*?\): /, '').replace(/'[^']*'/g, "'...'");
            doubts.set(why, (doubts.get(why) ?? 0) + 1);
          }
          if (a.verdict === 'permit' || kv === 'deny') return;
        }
        const badVerdict = a?.verdict !== kv;
        const badCitation = !badVerdict && CITATIONS && d.verdict === kv && !lines.includes(a?.line ?? -1);
        if (badVerdict) count.verdict++;
        if (badCitation) count.citation++;
        if ((badVerdict || badCitation) && shown.length < 4) {
          shown.push(
            `  probe ${probeRow(p)}\n    kernel: ${kv} (iptables-${kernel.rulesets[k]?.backend}); expected ` +
              `citation line ${lines.join(' or ')} (reference: ${describeDecision(c, d)})\n` +
              `    conduit: ${a ? `${a.verdict}${uncertain ? ' (uncertain)' : ''}, line ${a.line ?? '(none)'}` : 'no answer for this id'}` +
              `${badVerdict ? '   <-- VERDICT MISMATCH' : '   <-- wrong citation'}`,
          );
        }
      });
      if (shown.length && problems.length < REPORT_MAX) {
        problems.push(`${c.name} (${rerun(c)}): ${path}\n${listing(text)}\n${shown.join('\n')}`);
      }
    });
    console.log(
      `[kernel-differential] conduit on the ${which} files: ${count.probes} probes, ${count.verdict} wrong verdicts, ` +
        `${count.citation} wrong citations; ${count.uncertain} answered as uncertain (${count.uncertainWrong} of ` +
        `those contradict the kernel)${doubts.size ? `: ${JSON.stringify(Object.fromEntries(doubts))}` : ''}`,
    );
    if (which === 'generated') {
      // the CSV form of the contract (`id,verdict,file,line`) says the same as the JSON lines
      for (const { c, k, path } of jobs.filter((j) => j.c.index < 0)) {
        const csv = await runConduitCsv(path, c.probesPath);
        const json = answers[jobs.findIndex((j) => j.k === k)];
        if (typeof csv === 'string' || !(json instanceof Map)) return fail(`${c.name}: ${String(csv)}`);
        const want = c.probes.map(
          (p) => `${p.id},${json.get(p.id)?.verdict},${path},${json.get(p.id)?.line}`,
        );
        expect(csv, `${c.name}: conduit query --probes CSV output`).toEqual(want);
      }
    }
    if (problems.length) {
      fail(
        `conduit disagrees with the Linux kernel (${which} files): ${count.verdict} verdict mismatches, ` +
          `${count.citation} citation mismatches\n\n${problems.join('\n\n')}`,
      );
    }
  };

  it(
    'conduit query --probes agrees with the kernel on the generated rulesets',
    () => compare('generated'),
    180_000,
  );
  it(
    "conduit query --probes agrees with the kernel on the kernel's own iptables-save output",
    () => compare('saved'),
    180_000,
  );
});
