// Regenerates the bundled public DNS resolver list, models/egress/data/public-resolvers.json,
// from a dnscrypt-resolvers markdown file (v3/public-resolvers.md).
//
//   node scripts/update-resolvers.mjs [SOURCE.md] [options]
//
//   SOURCE.md        default: ../shared/corpus/doh/dnscrypt-public-resolvers-v3.md
//   --out FILE       where to write (default models/egress/data/public-resolvers.json)
//   --stdout         print the JSON instead of writing it
//   --check          exit 1 when the committed file differs from what would be generated
//   --commit SHA     upstream commit of SOURCE.md   } default: from a SOURCES.md next to the
//   --date YYYY-MM-DD  date of that commit          } source (the corpus has one), else from
//   --licence ID     licence of the list            } `git log` when SOURCE.md is the
//                                                      v3/public-resolvers.md of an upstream clone
//
// The output depends only on the source text and its provenance, never on the clock: the
// `generated` date is the upstream commit date. The list itself is built by buildResolverList in
// models/egress/resolvers (bundled here with esbuild), the same code the tests run.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const DEFAULT_SOURCE = path.resolve(root, '..', 'shared', 'corpus', 'doh', 'dnscrypt-public-resolvers-v3.md');
const DEFAULT_OUT = path.join(root, 'models', 'egress', 'data', 'public-resolvers.json');
const UPSTREAM_URL = 'https://github.com/DNSCrypt/dnscrypt-resolvers';
const UPSTREAM_PATH = 'v3/public-resolvers.md';

function usage(message) {
  process.stderr.write(`update-resolvers: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = {
    source: null,
    out: DEFAULT_OUT,
    stdout: false,
    check: false,
    commit: null,
    date: null,
    licence: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--stdout') opts.stdout = true;
    else if (a === '--check') opts.check = true;
    else if (a === '--out') opts.out = path.resolve(value());
    else if (a === '--commit') opts.commit = value();
    else if (a === '--date') opts.date = value();
    else if (a === '--licence' || a === '--license') opts.licence = value();
    else if (a === '--help' || a === '-h') {
      process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\nimport ')[0] + '\n');
      process.exit(0);
    } else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else if (opts.source === null) opts.source = path.resolve(a);
    else usage(`one source file only (got ${a})`);
  }
  if (opts.date !== null && !/^\d{4}-\d{2}-\d{2}$/.test(opts.date))
    usage(`--date ${opts.date}: expected YYYY-MM-DD`);
  return opts;
}

/** The row of `name` in a corpus SOURCES.md next to (or above) the source, and its full commit. */
function fromSourcesMd(sourceFile) {
  const name = path.basename(sourceFile);
  for (const dir of [path.dirname(sourceFile), path.dirname(path.dirname(sourceFile))]) {
    const file = path.join(dir, 'SOURCES.md');
    if (!existsSync(file)) continue;
    const lines = readFileSync(file, 'utf8').split('\n');
    const row = lines.find((l) => l.startsWith(`| \`${name}\` |`));
    if (row === undefined) continue;
    const cells = row.split('|').map((c) => c.trim());
    // | file | kind | [owner/repo](url) | `path` | `short` (...) | licence | size | contents |
    const repo = /\[([^\]]+)\]\(([^)]+)\)/.exec(cells[3] ?? '');
    const upstreamPath = /`([^`]+)`/.exec(cells[4] ?? '')?.[1] ?? null;
    const short = /`([0-9a-f]{7,40})`/.exec(cells[5] ?? '')?.[1] ?? null;
    const licence = cells[6] || null;
    const date = /commit dated (\d{4}-\d{2}-\d{2})/.exec(row)?.[1] ?? null;
    let commit = short;
    if (repo && short) {
      const full = lines.find((l) => l.startsWith(`- ${repo[1]} @ \``) && l.includes(short));
      commit = /`([0-9a-f]{40})`/.exec(full ?? '')?.[1] ?? short;
    }
    return { url: repo?.[2] ?? null, path: upstreamPath, commit, date, licence };
  }
  return null;
}

function fromGit(sourceFile) {
  try {
    const out = execFileSync(
      'git',
      ['-C', path.dirname(sourceFile), 'log', '-1', '--format=%H %cs', '--', sourceFile],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    ).trim();
    const [commit, date] = out.split(' ');
    return commit ? { commit, date: date ?? null } : null;
  } catch {
    return null;
  }
}

async function loadModels() {
  const result = await build({
    entryPoints: [path.join(root, 'models', 'egress', 'resolvers', 'index.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    logLevel: 'warning',
  });
  const code = result.outputFiles[0].text;
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

const opts = parseArgs(process.argv.slice(2));
const sourceFile = opts.source ?? DEFAULT_SOURCE;
if (!existsSync(sourceFile)) usage(`${sourceFile}: no such file`);
const text = readFileSync(sourceFile, 'utf8');

const corpus = fromSourcesMd(sourceFile);
// An upstream checkout keeps the file as v3/public-resolvers.md; only there does `git log` tell
// the upstream commit (any other file's history is not the list's).
const isUpstream = corpus !== null || path.basename(sourceFile) === 'public-resolvers.md';
const git = corpus?.commit || !isUpstream ? null : fromGit(sourceFile);
const source = {
  url: corpus?.url ?? (isUpstream ? UPSTREAM_URL : path.basename(sourceFile)),
  path: corpus?.path ?? (isUpstream ? UPSTREAM_PATH : path.basename(sourceFile)),
  commit: opts.commit ?? corpus?.commit ?? git?.commit ?? null,
  date: opts.date ?? corpus?.date ?? git?.date ?? null,
  licence: opts.licence ?? corpus?.licence ?? (isUpstream ? 'BSD-2-Clause' : null),
};
if (source.date === null) {
  process.stderr.write(
    'update-resolvers: warning: no upstream date known (pass --date); "generated" is null\n',
  );
}

const { buildResolverList, serializeResolverList } = await loadModels();
const { list, diagnostics } = buildResolverList(text, source);
const json = serializeResolverList(list);

const problems = diagnostics.filter((d) => d.severity !== 'info');
for (const d of problems.slice(0, 50)) {
  process.stderr.write(`${d.source.file}:${d.source.line}: ${d.severity}: ${d.message} [${d.code}]\n`);
}
const c = list.provenance.counts;
const summary =
  `${c.resolvers} resolvers from ${c.stamps} stamps in ${c.sections} sections ` +
  `(${Object.entries(c.byProtocol)
    .map(([p, n]) => `${p} ${n}`)
    .join(', ')}; ` +
  `${c.hostnameOnly} host name only, ${c.assumedDot} assumed DoT, ${c.invalidStamps} invalid, ${c.addresses} addresses)`;

if (opts.stdout) {
  process.stdout.write(json);
} else if (opts.check) {
  const current = existsSync(opts.out) ? readFileSync(opts.out, 'utf8') : '';
  if (current !== json) {
    process.stderr.write(
      `update-resolvers: ${path.relative(root, opts.out)} is out of date; run node scripts/update-resolvers.mjs\n`,
    );
    process.exit(1);
  }
  process.stderr.write(`update-resolvers: ${path.relative(root, opts.out)} is up to date: ${summary}\n`);
} else {
  writeFileSync(opts.out, json);
  process.stderr.write(`update-resolvers: wrote ${path.relative(root, opts.out)}: ${summary}\n`);
}
