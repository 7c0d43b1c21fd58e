import fs from 'node:fs';
import path from 'node:path';

/** The tool version printed on reports: package.json's, as `conduit --version` prints it. */
export function toolVersion(): string {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  for (const candidate of [
    path.resolve(here, '..', '..', 'package.json'),
    path.resolve(here, '..', 'package.json'),
  ]) {
    try {
      const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'conduit' && pkg.version) return pkg.version;
    } catch {
      // try the next place
    }
  }
  return 'unknown';
}

/**
 * The report's timestamp: `--date`, else SOURCE_DATE_EPOCH (seconds, the reproducible-builds
 * convention), else now; ISO 8601 in UTC to the second.
 */
export function reportDate(option: string | undefined, env: NodeJS.ProcessEnv = process.env): Date | string {
  if (option !== undefined) {
    const d = new Date(option);
    if (!/^\d{4}-\d{2}-\d{2}/.test(option) || Number.isNaN(d.getTime()))
      return `--date: '${option}' is not an ISO 8601 date (2026-03-01 or 2026-03-01T12:00:00Z)`;
    return d;
  }
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d{1,12}$/.test(epoch)) return `SOURCE_DATE_EPOCH: '${epoch}' is not a number of seconds`;
    return new Date(Number(epoch) * 1000);
  }
  return new Date();
}

export const isoSeconds = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
