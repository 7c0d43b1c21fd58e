import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type NewProject, type Project, createProject } from '../../../models/project';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const EXAMPLE_SITE = path.join(root, 'examples', 'plant-site');

/** The example site's files, read in place (never copied), as a project. */
export function exampleProject(
  extra: Partial<Pick<NewProject, 'settings' | 'edits' | 'view'>> = {},
): Project {
  const files = fs
    .readdirSync(EXAMPLE_SITE)
    .sort()
    .map((name) => ({ name, text: fs.readFileSync(path.join(EXAMPLE_SITE, name), 'utf8') }));
  const p = createProject({
    name: 'Plant site',
    files,
    tool: { name: 'conduit', version: '0.1.0' },
    now: '2026-12-04T21:00:00.000Z',
    ...extra,
  });
  if (!p.ok) throw new Error(p.error);
  return p.value;
}
