// Renders renderer/public/icon.svg to build/icon.png (1024x1024), the source electron-builder
// turns into the Linux, Windows (.ico) and macOS (.icns) icons. Needs Chromium:
//   node scripts/render-icon.mjs [--chromium /usr/bin/chromium]
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const flag = process.argv.indexOf('--chromium');
const executablePath = flag > 0 ? process.argv[flag + 1] : '/usr/bin/chromium';
const svg = await readFile(path.join(root, 'renderer', 'public', 'icon.svg'), 'utf8');
const size = 1024;
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  const sized = svg.replace('<svg ', `<svg width="${size}" height="${size}" `);
  await page.setContent(`<html><body style="margin:0;background:transparent">${sized}</body></html>`);
  await page.screenshot({ path: path.join(root, 'build', 'icon.png'), omitBackground: true });
} finally {
  await browser.close();
}
