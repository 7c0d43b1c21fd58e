import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { WorkerInputFile } from '../../renderer/worker/protocol';

/** The bundled example site's files, read at test time (the example changes; tests derive from it). */
export const EXAMPLE_DIR = path.resolve(import.meta.dirname, '..', '..', 'examples', 'plant-site');

export function exampleFiles(): WorkerInputFile[] {
  return readdirSync(EXAMPLE_DIR)
    .filter((name) => statSync(path.join(EXAMPLE_DIR, name)).isFile())
    .sort((a, b) => a.localeCompare(b))
    .map((name, i) => ({ id: `e${i}`, name, text: readFileSync(path.join(EXAMPLE_DIR, name), 'utf-8') }));
}
