import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  contentSecurityPolicyHeader,
  CSP_DIRECTIVES,
} from '../../electron/security/csp';

const directives = (policy: string): Map<string, string[]> =>
  new Map(
    policy.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values];
    }),
  );

describe('content security policy', () => {
  it('denies everything by default and allows only the app itself for scripts, styles and workers', () => {
    const policy = directives(contentSecurityPolicy());
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(policy.get('worker-src')).toEqual(["'self'"]);
  });

  it('never allows inline code, eval or remote origins', () => {
    const text = contentSecurityPolicyHeader();
    for (const forbidden of [
      "'unsafe-inline'",
      "'unsafe-eval'",
      "'wasm-unsafe-eval'",
      'http:',
      'https:',
      'ws:',
      '*',
    ]) {
      expect(text.split(/[\s;]+/)).not.toContain(forbidden);
    }
  });

  it('keeps header-only directives out of the meta form', () => {
    expect(contentSecurityPolicy()).not.toContain('frame-ancestors');
    expect(contentSecurityPolicyHeader()).toBe(`${contentSecurityPolicy()}; frame-ancestors 'none'`);
  });

  it('names each directive once', () => {
    const names = contentSecurityPolicyHeader()
      .split(';')
      .map((p) => p.trim().split(' ')[0]);
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(CSP_DIRECTIVES)).toContain('base-uri');
  });
});
