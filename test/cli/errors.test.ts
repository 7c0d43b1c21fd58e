import { describe, expect, it } from 'vitest';
import { oneLine } from '../../cli/errors';

describe('oneLine (every stderr message)', () => {
  it('flattens newlines and tabs to spaces', () => {
    expect(oneLine('a\n  b\r\nc\td')).toBe('a b c d');
  });

  it('escapes control characters from configs instead of sending them to the terminal', () => {
    const hostile = 'fw1:3: rule \u001b]0;pwned\u0007 name \u001b[2J\u009b31m';
    const out = oneLine(hostile);
    expect(out).toBe('fw1:3: rule [U+001B]]0;pwned[U+0007] name [U+001B][2J[U+009B]31m');
    expect(
      [...out].every((c) => c.charCodeAt(0) >= 0x20 && (c.charCodeAt(0) < 0x7f || c.charCodeAt(0) >= 0xa0)),
    ).toBe(true);
  });

  it('clips very long messages', () => {
    expect(oneLine('x'.repeat(500), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
