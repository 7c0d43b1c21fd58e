import type { HostFile } from '../host';

/**
 * The bundled example site (examples/plant-site/): embedded in the renderer build as raw text,
 * loaded on demand, so it opens the same way in Electron and in a plain browser. Its README is
 * documentation for people, not a site input, and is left out.
 */
const SITE = import.meta.glob<string>(['../../examples/plant-site/*', '!**/README.md'], {
  query: '?raw',
  import: 'default',
});

export const EXAMPLE_SITE_NAME = 'plant-site';

export async function loadExampleSite(): Promise<HostFile[]> {
  const entries = Object.entries(SITE).sort(([a], [b]) => a.localeCompare(b));
  return Promise.all(
    entries.map(async ([file, load]) => {
      const text = await load();
      return { name: file.split('/').pop() ?? file, size: new TextEncoder().encode(text).byteLength, text };
    }),
  );
}
