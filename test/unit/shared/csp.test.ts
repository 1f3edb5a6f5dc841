import { describe, expect, it } from 'vitest';
import { buildContentSecurityPolicy, DESKTOP_CONNECT_ORIGINS } from '../../../src/shared/security/csp';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

describe('buildContentSecurityPolicy', () => {
  it('allows scripts only from our own origin, with no inline script or eval', () => {
    const csp = directives(buildContentSecurityPolicy());
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
  });

  it('adds desktop connect origins without widening script-src', () => {
    const csp = directives(buildContentSecurityPolicy({ connectOrigins: DESKTOP_CONNECT_ORIGINS }));
    expect(csp.get('connect-src')).toEqual(["'self'", 'http:', 'https:', 'ws:', 'wss:']);
    expect(csp.get('script-src')).toEqual(["'self'"]);
  });

  it('lets the renderer start its own module workers (the knowledge-search index) and nothing from other origins', () => {
    const csp = directives(buildContentSecurityPolicy({ connectOrigins: DESKTOP_CONNECT_ORIGINS }));
    expect(csp.get('worker-src')).toEqual(["'self'", 'blob:']);
  });

  it('plays call recordings only from blob: URLs the app made (fetched with the bearer token), never from another origin', () => {
    for (const policy of [buildContentSecurityPolicy(), buildContentSecurityPolicy({ connectOrigins: DESKTOP_CONNECT_ORIGINS })]) {
      expect(directives(policy).get('media-src')).toEqual(["'self'", 'blob:', 'mediastream:']);
    }
  });
});
