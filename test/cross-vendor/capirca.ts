/**
 * Runs Debian's capirca (`python3-capirca`, its `aclgen` command) over a directory of policies.
 * aclgen reads `BASE/pol/*.pol` with the definitions in `BASE/def`, and writes one file per
 * target into the output directory, named after the policy: NAME.ipt (speedway: iptables-restore
 * of the filter table), NAME.acl (cisco), NAME.asa (ciscoasa), NAME.jcl (juniper), NAME.srx (srx).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export type Target = 'iptables' | 'cisco-ios' | 'cisco-asa' | 'junos-filter' | 'srx';
export const TARGETS: readonly Target[] = ['iptables', 'cisco-ios', 'cisco-asa', 'junos-filter', 'srx'];
export const EXTENSION: Readonly<Record<Target, string>> = {
  iptables: 'ipt',
  'cisco-ios': 'acl',
  'cisco-asa': 'asa',
  'junos-filter': 'jcl',
  srx: 'srx',
};

/** The `aclgen` command on PATH, or null. */
function findAclgen(): string | null {
  for (const d of (process.env.PATH ?? '').split(delimiter)) {
    const f = join(d, 'aclgen');
    if (d !== '' && existsSync(f)) return f;
  }
  return null;
}

/**
 * Why capirca cannot be used here, or null when it can. aclgen runs under the interpreter of
 * its `#!` line (Debian's: /usr/bin/python3, which may not be the `python3` first on PATH).
 */
export function capircaMissing(): string | null {
  const hint = 'install it with: apt-get install -y python3-capirca';
  const aclgen = findAclgen();
  if (aclgen === null) return `the aclgen command is not on PATH; ${hint}`;
  const shebang = /^#!\s*(\S+)/.exec(readFileSync(aclgen, 'utf8').slice(0, 200))?.[1] ?? 'python3';
  const r = spawnSync(shebang, ['-c', 'import capirca.aclgen'], { encoding: 'utf8', timeout: 30_000 });
  if (r.error) return `cannot run ${shebang} (${r.error.message}); ${hint}`;
  if (r.status !== 0)
    return `${shebang} cannot import capirca (${(r.stderr || '').trim().split('\n').pop() ?? ''}); ${hint}`;
  return null;
}

export interface RenderInput {
  readonly name: string;
  readonly pol: string;
}

/** Renders every policy with one aclgen run; returns, per policy name, each target's text. */
export function renderAll(
  dir: string,
  policies: readonly RenderInput[],
  networks: string,
  services: string,
): Map<string, Record<Target, string>> {
  mkdirSync(join(dir, 'pol'), { recursive: true });
  mkdirSync(join(dir, 'def'), { recursive: true });
  mkdirSync(join(dir, 'out'), { recursive: true });
  writeFileSync(join(dir, 'def', 'NETWORK.net'), networks);
  writeFileSync(join(dir, 'def', 'SERVICES.svc'), services);
  for (const p of policies) writeFileSync(join(dir, 'pol', `${p.name}.pol`), p.pol);
  const r = spawnSync(
    'aclgen',
    [
      `--base_directory=${dir}`,
      `--definitions_directory=${join(dir, 'def')}`,
      `--output_directory=${join(dir, 'out')}`,
      '--max_renderers=4',
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (r.error || r.status !== 0) {
    throw new Error(`aclgen failed (exit ${r.status}): ${r.error?.message ?? ''}\n${r.stderr}\n${r.stdout}`);
  }
  const out = new Map<string, Record<Target, string>>();
  for (const p of policies) {
    const texts = {} as Record<Target, string>;
    for (const t of TARGETS) {
      const file = join(dir, 'out', `${p.name}.${EXTENSION[t]}`);
      if (!existsSync(file))
        throw new Error(`aclgen wrote no ${file} for policy ${p.name}:\n${p.pol}\n${r.stderr}`);
      texts[t] = readFileSync(file, 'utf8');
    }
    out.set(p.name, texts);
  }
  return out;
}
