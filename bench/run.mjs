// The Conduit benchmark (`npm run bench`, which builds the CLI first). Prints:
//   (a) import time of a generated ~10 MB iptables-save, as a ratio to merely reading the file
//       and splitting it into lines (same process, medians after a warm-up);
//   (b) `query --probes` throughput for 100,000 probes against that ruleset and a small one:
//       the evaluation alone (in process) and the whole CLI process end to end;
//   (c) the site model (issues 5 and 6): a synthetic site of 50 firewalls and 20,000 rules at
//       25,000 and 100,000 assets: time to build the Network, the lateral-movement analysis
//       (all footholds to all targets) on a freshly built site, the full zone matrix, the
//       lateral-movement analysis after it (sharing its memos, as `conduit analyze` does),
//       memory, and the ratio of the times at 100k and 25k assets (near 4 means linear);
//   (d) the machine.
// It runs in a node started with the V8 flags the CLI's site commands and the app use
// (bin/v8-flags.cjs), starting itself again with them when they are missing.
// Targets: ratio < 4, > 200,000 probes/s; the site in seconds. Options: --keep (keep the
// generated files), --runs N (timed runs per measurement, default 7), --probes N (default
// 100000), --only import|query|site (one section), --assets N (largest site, default 100000),
// --lateral-budget S (seconds the lateral-movement search may take per size, default 120).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import v8 from 'node:v8';
import vm from 'node:vm';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const argv = process.argv.slice(2);

// The analysis is measured as the CLI and the app run it: with their V8 flags.
const { ANALYSIS_V8_FLAGS, RELAUNCHED } = createRequire(import.meta.url)('../bin/v8-flags.cjs');
if (!process.env[RELAUNCHED]) {
  const again = spawnSync(
    process.execPath,
    [...ANALYSIS_V8_FLAGS, ...process.execArgv, ...process.argv.slice(1)],
    {
      stdio: 'inherit',
      env: { ...process.env, [RELAUNCHED]: '1' },
    },
  );
  process.exit(again.status ?? 1);
}
const flag = (name, dflt) => {
  const k = argv.indexOf(name);
  return k >= 0 ? Number(argv[k + 1]) : dflt;
};
const RUNS = flag('--runs', 7);
const PROBES = flag('--probes', 100_000);
const keep = argv.includes('--keep');
const only = (() => {
  const k = argv.indexOf('--only');
  return k >= 0 ? argv[k + 1] : null;
})();
const ASSETS = flag('--assets', 100_000);
/** How long the all-footholds-to-all-targets search may run per size before it is reported unfinished. */
const LATERAL_BUDGET_MS = flag('--lateral-budget', 120) * 1000;
const cli = path.join(root, 'bin', 'conduit.cjs');
if (!fs.existsSync(path.join(root, 'dist', 'cli', 'conduit.cjs'))) {
  console.error(
    'bench: the CLI is not built; run `npm run bench` (or node scripts/build.mjs --cli-only) first',
  );
  process.exit(2);
}

// The generator and models/ are TypeScript: bundle them once for this process.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'conduit-bench-'));
const lib = path.join(work, 'lib.mjs');
await build({
  stdin: {
    contents: [
      "export { generateIptables, generateProbes, LARGE, SMALL } from './bench/generate-iptables';",
      "export { importConfig } from './models/import';",
      "export { evaluateDevice } from './models/reach';",
      "export { parseAddress, parseProtocol } from './models/net';",
      "export { generateSiteModel } from './bench/generate-site';",
      "export { buildNetwork } from './models/topology/network';",
      "export { zoneMatrix } from './models/reach/matrix';",
      "export { lateralMovement, AnalysisTimeout } from './models/paths/analyze';",
    ].join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: lib,
  logLevel: 'warning',
  mainFields: ['module', 'main'],
});
const m = await import(pathToFileURL(lib).href);

/** A full garbage collection, also when node was started without --expose-gc (`npm run bench`). */
const collect =
  global.gc ??
  (() => {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc');
  })();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (t) => `${t.toFixed(1)} ms`;
const rate = (n, t) => `${Math.round((n / t) * 1000).toLocaleString('en-US')} probes/s`;
const now = () => performance.now();
const cpuMs = (u) => (u.user + u.system) / 1000;
/** Wall and CPU milliseconds of one call (CPU time is what a busy machine distorts least). */
function time(fn) {
  const c0 = process.cpuUsage();
  const t0 = now();
  fn();
  return { wall: now() - t0, cpu: cpuMs(process.cpuUsage(c0)) };
}
const medians = (runs) => ({ wall: median(runs.map((r) => r.wall)), cpu: median(runs.map((r) => r.cpu)) });

// Loaded into each CLI process to report its own CPU time at exit.
const cpuReporter = path.join(work, 'cpu-report.cjs');
fs.writeFileSync(
  cpuReporter,
  "process.on('exit', () => require('node:fs').writeFileSync(process.env.CONDUIT_BENCH_CPU, JSON.stringify(process.cpuUsage())));\n",
);

function prepare(name, options) {
  const site = m.generateIptables(options);
  const file = path.join(work, `${name}.iptables-save`);
  const probes = path.join(work, `${name}-probes.csv`);
  fs.writeFileSync(file, site.text);
  fs.writeFileSync(probes, m.generateProbes(site, PROBES, options.seed + 1));
  return { name, site, file, probes };
}

/** Flows built once, as the CLI does, so the loop measures evaluation alone. */
function compileFlows(csv) {
  const cache = new Map();
  const addr = (t) => {
    let a = cache.get(t);
    if (a === undefined) cache.set(t, (a = m.parseAddress(t).value));
    return a;
  };
  return csv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [, , inIf, outIf, proto, src, dst, sport, dport] = line.split(',');
      const flow = {
        proto: m.parseProtocol(proto),
        src: addr(src),
        dst: addr(dst),
        sport: Number(sport),
        dport: Number(dport),
      };
      return {
        flow,
        attachment: 'transit',
        inInterface: inIf || undefined,
        outInterface: outIf || undefined,
      };
    });
}

function evaluation(set) {
  const text = fs.readFileSync(set.file, 'utf8');
  const { devices } = m.importConfig({ name: set.file, text });
  const device = devices[0];
  const queries = compileFlows(fs.readFileSync(set.probes, 'utf8'));
  let permits = 0;
  let steps = 0;
  const run = () => {
    permits = 0;
    steps = 0;
    for (const q of queries) {
      const v = m.evaluateDevice(device, q);
      if (v.action === 'permit') permits++;
      steps += v.trace.length;
    }
  };
  run(); // warm-up
  const t = medians(Array.from({ length: Math.max(3, Math.ceil(RUNS / 2)) }, () => time(run)));
  return { t, permits, steps: steps / queries.length, n: queries.length };
}

function endToEnd(file, probes, runs) {
  const times = [];
  const cpuFile = path.join(work, 'cpu.json');
  for (let k = 0; k < runs; k++) {
    const out = fs.openSync(os.devNull, 'w');
    const t0 = now();
    const p = spawnSync(
      process.execPath,
      ['--require', cpuReporter, cli, 'query', file, '--probes', probes],
      {
        stdio: ['ignore', out, 'pipe'],
        env: { ...process.env, CONDUIT_BENCH_CPU: cpuFile },
      },
    );
    const wall = now() - t0;
    fs.closeSync(out);
    if (p.status !== 0) throw new Error(`conduit exited ${p.status}: ${p.stderr}`);
    times.push({ wall, cpu: cpuMs(JSON.parse(fs.readFileSync(cpuFile, 'utf8'))) });
  }
  return medians(times);
}

function ratio(set) {
  const baseline = () => fs.readFileSync(set.file, 'utf8').split('\n').length;
  const load = () => m.importConfig({ name: set.file, text: fs.readFileSync(set.file, 'utf8') });
  for (let k = 0; k < 2; k++) {
    baseline();
    load();
  }
  const base = [];
  const imp = [];
  for (let k = 0; k < RUNS; k++) {
    base.push(time(baseline));
    imp.push(time(load));
  }
  return { base: medians(base), imp: medians(imp) };
}

const cpus = os.cpus();
console.log('Conduit benchmark');
console.log(
  `machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.arch()}, node ${process.version} ${process.execArgv.join(' ')}`,
);
const load = () => os.loadavg()[0].toFixed(1);
console.log(
  `load average at start: ${load()}${os.loadavg()[0] > cpus.length ? ' (busier than its cores: wall times are inflated; CPU times are the better guide)' : ''}`,
);

const large = only === 'site' ? null : prepare('large', m.LARGE);
const small = only === 'site' ? null : prepare('small', m.SMALL);
for (const set of [large, small].filter(Boolean)) {
  const bytes = fs.statSync(set.file).size;
  console.log(
    `${set.name}: ${(bytes / 2 ** 20).toFixed(2)} MB, ${set.site.rules.toLocaleString('en-US')} rules, ${set.site.interfaces.length} interfaces`,
  );
}
if (only === null || only === 'import') {
  const r = ratio(large);
  console.log(
    `\n(a) import of the large file (median of ${RUNS} runs each after 2 warm-ups; target ratio < 4)`,
  );
  console.log(`    read + import           ${ms(r.imp.wall)} wall, ${ms(r.imp.cpu)} CPU`);
  console.log(`    read + split into lines ${ms(r.base.wall)} wall, ${ms(r.base.cpu)} CPU`);
  console.log(
    `    ratio ${(r.imp.wall / r.base.wall).toFixed(1)} (wall), ${(r.imp.cpu / r.base.cpu).toFixed(1)} (CPU)`,
  );
}

if (only === null || only === 'query') {
  console.log(`\n(b) query --probes, ${PROBES.toLocaleString('en-US')} probes (target > 200,000 probes/s)`);
  for (const set of [large, small]) {
    const ev = evaluation(set);
    const full = endToEnd(set.file, set.probes, 3);
    const one = path.join(work, `${set.name}-one.csv`);
    fs.writeFileSync(one, fs.readFileSync(set.probes, 'utf8').split('\n').slice(0, 2).join('\n'));
    const fixed = endToEnd(set.file, one, 3);
    console.log(
      `  ${set.name} (${Math.round((100 * ev.permits) / ev.n)}% permit, ${ev.steps.toFixed(1)} trace steps per probe):`,
    );
    console.log(
      `    evaluation only   ${rate(ev.n, ev.t.wall)} wall, ${rate(ev.n, ev.t.cpu)} CPU  (${ms(ev.t.wall)} / ${ms(ev.t.cpu)})`,
    );
    console.log(
      `    CLI end to end    ${rate(PROBES, full.wall)} wall, ${rate(PROBES, full.cpu)} CPU  (${ms(full.wall)} / ${ms(full.cpu)}: start, import, CSV, evaluation, output)`,
    );
    console.log(
      `    CLI with 1 probe  ${ms(fixed.wall)} wall, ${ms(fixed.cpu)} CPU  ->  marginal ${rate(PROBES - 1, Math.max(1e-9, full.wall - fixed.wall))} wall, ${rate(PROBES - 1, Math.max(1e-9, full.cpu - fixed.cpu))} CPU`,
    );
  }
}

if (only === null || only === 'site') {
  // (c) The site model. One generated site per size, same seed, same firewalls and rules; only
  // the number of assets changes, so the ratio shows how the cost grows with assets.
  const sizes = [Math.round(ASSETS / 4), ASSETS];
  console.log(
    `\n(c) site model: 50 firewalls, 20,000 rules, ${sizes.map((n) => n.toLocaleString('en-US')).join(' and ')} assets (target: seconds, about linear in assets)`,
  );
  const results = [];
  for (const assets of sizes) {
    const g = m.generateSiteModel({
      seed: 11,
      firewalls: 50,
      segmentsPerFirewall: 10,
      rulesPerFirewall: 400,
      assets,
      hostShare: 0.2,
    });
    /** A fresh site model (its class space and memos are new: nothing is shared with the last one). */
    const site = () => {
      const devices = g.configs.flatMap((c) =>
        m
          .importConfig({ name: c.name, text: c.text })
          .devices.map((d) => ({ ...d, name: c.name.split('.')[0] })),
      );
      return m.buildNetwork({ devices, hostNetworking: g.hostNetworking, assets: g.assets, site: g.site });
    };
    /** All footholds to all targets (k = 1), or null when it runs out of LATERAL_BUDGET_MS. */
    const analyze = (net) => {
      let lateral = null;
      const t = time(() => {
        try {
          lateral = m.lateralMovement(net, { k: 1, deadline: Date.now() + LATERAL_BUDGET_MS });
        } catch (e) {
          if (!(e instanceof m.AnalysisTimeout)) throw e;
          lateral = { timedOut: e.pairs };
        }
      });
      return { t, lateral };
    };
    const lateralLine = (label, { t, lateral }) =>
      lateral.timedOut === undefined
        ? `    ${label} ${ms(t.wall)} wall, ${ms(t.cpu)} CPU  (${lateral.footholds.length.toLocaleString('en-US')} footholds, ${lateral.classes.toLocaleString('en-US')} asset classes, ${lateral.targets.length} targets reached, ${lateral.pairsEvaluated.toLocaleString('en-US')} class pairs with something open)`
        : `    ${label} DID NOT FINISH within ${LATERAL_BUDGET_MS / 1000} s (stopped after ${lateral.timedOut.toLocaleString('en-US')} steps)`;

    collect(); // the previous size's site is garbage: not collected inside this size's timings
    let net;
    const build = time(() => {
      net = site();
    });
    console.log(
      `  ${assets.toLocaleString('en-US')} assets: ${net.segments.length} segments, ${g.rules.toLocaleString('en-US')} rules`,
    );
    console.log(`    build the site model   ${ms(build.wall)} wall, ${ms(build.cpu)} CPU`);
    // The question alone, on a site nothing was computed on yet: the time to the answer.
    const alone = analyze(net);
    console.log(lateralLine('lateral movement alone', alone));
    net = null;
    collect();
    const heap0 = process.memoryUsage().heapUsed;
    net = site();
    let matrix;
    const mx = time(() => {
      matrix = m.zoneMatrix(net);
    });
    console.log(
      `    zone matrix            ${ms(mx.wall)} wall, ${ms(mx.cpu)} CPU  (${matrix.conduits.length} conduits, ${matrix.stats.atoms.toLocaleString('en-US')} address classes, ${matrix.stats.classPairs.toLocaleString('en-US')} class pairs, ${matrix.stats.cellEvaluations.toLocaleString('en-US')} cell evaluations)`,
    );
    const after = analyze(net);
    const lm = after.t;
    const lateral = after.lateral.timedOut === undefined ? after.lateral : null;
    const heap = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
    results.push({
      assets,
      build,
      mx,
      lm,
      alone: alone.t,
      finished: lateral !== null && alone.lateral.timedOut === undefined,
    });
    console.log(lateralLine('lateral after matrix  ', after));
    console.log(
      `    heap growth            ${heap.toFixed(0)} MB  (site model, matrix and lateral movement)`,
    );
  }
  const [a, b] = results;
  const total = (r) => r.build.cpu + r.mx.cpu + r.lm.cpu;
  const finished = a.finished && b.finished;
  const lateralRatio = finished ? (b.lm.cpu / a.lm.cpu).toFixed(2) : 'n/a (unfinished)';
  const aloneRatio = finished ? (b.alone.cpu / a.alone.cpu).toFixed(2) : 'n/a (unfinished)';
  console.log(
    `  ratio ${sizes[1].toLocaleString('en-US')} / ${sizes[0].toLocaleString('en-US')} assets (CPU): build ${(b.build.cpu / a.build.cpu).toFixed(2)}, lateral alone ${aloneRatio}, matrix ${(b.mx.cpu / a.mx.cpu).toFixed(2)}, lateral after matrix ${lateralRatio}, build + matrix + lateral ${(total(b) / total(a)).toFixed(2)} (4 = linear)`,
  );
}

console.log(`\nload average at end: ${load()}`);
if (keep) console.log(`files kept in ${work}`);
else fs.rmSync(work, { recursive: true, force: true });
