import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../cli/load', () => ({
  loadInputs: () => {
    throw new TypeError(
      "Cannot read properties of undefined (reading 'rules')\n    at convert (models/x.ts:1:1)",
    );
  },
}));

const { runCli } = await import('../../cli/program');

describe('runCli', () => {
  afterEach(() => vi.restoreAllMocks());

  it('turns an internal error into one line, no stack trace, exit 2', () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(runCli(['parse', 'fw.rules'])).toBe(2);
    const written = err.mock.calls.map((c) => String(c[0])).join('');
    expect(written).toBe(
      "conduit: Cannot read properties of undefined (reading 'rules') at convert (models/x.ts:1:1) (internal error; please report)\n",
    );
  });

  it('returns 0 for --help without exiting the process', () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(runCli(['--help'])).toBe(0);
    expect(out.mock.calls.map((c) => String(c[0])).join('')).toMatch(/^Usage: conduit/);
  });

  it('returns 2 for a usage error', () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(runCli(['query'])).toBe(2);
  });
});
