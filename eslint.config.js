// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * Import directions (../shared/DESIGN.md, "Layout"): models/ is pure and imports only models/;
 * cli/ and bench/ may use models/; renderer/ may use models/ and the preload's *types*;
 * only electron/ touches Electron.
 */
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'url', 'worker_threads'];
const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
});

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.tsbuild/', 'coverage/', 'examples/', 'test/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['models/**/*.ts'],
    ignores: ['models/io/**'],
    rules: restrict([
      {
        group: [...nodeBuiltins, 'react', 'react-dom', 'zustand', 'cytoscape', 'electron', 'commander'],
        message: 'models/ is pure TypeScript: no Node, DOM, UI or Electron imports.',
      },
      {
        group: ['**/cli/**', '**/electron/**', '**/renderer/**', '**/bench/**', '**/test/**'],
        message: 'models/ may import only models/.',
      },
    ]),
  },
  {
    files: ['cli/**/*.ts', 'bench/**/*.{ts,mjs}'],
    rules: restrict([
      {
        group: ['**/electron/**', '**/renderer/**', 'electron', 'react', 'zustand', 'cytoscape'],
        message: 'cli/ and bench/ may import only models/.',
      },
    ]),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict([
      {
        regex: `^(${[...nodeBuiltins, 'electron'].map((m) => m.replace('*', '.*')).join('|')})(/.*)?$`,
        message: 'The renderer never sees Node or Electron; go through the Host.',
      },
      { group: ['**/cli/**', '**/bench/**'], message: 'renderer/ may import only models/ and renderer/.' },
      {
        group: ['**/electron/main/**', '**/electron/preload/index*'],
        message:
          'The renderer may import only the preload API types (electron/preload/api.ts, electron/ipc/contract.ts).',
      },
    ]),
  },
  {
    files: ['electron/**/*.ts'],
    rules: restrict([
      { group: ['**/renderer/**', '**/cli/**'], message: 'electron/ may import only models/ and electron/.' },
    ]),
  },
  {
    files: ['bin/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: [
      'cli/**/*.ts',
      'electron/**/*.ts',
      'scripts/**/*.mjs',
      'bench/**/*.{ts,mjs}',
      'test/**/*.{ts,tsx}',
      '*.config.*',
      'renderer/vite.config.ts',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
);
