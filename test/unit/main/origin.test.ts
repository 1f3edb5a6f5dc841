import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, isAppUrl, originOf, toExternalHttpUrl } from '../../../src/main/security/origin';

describe('originOf', () => {
  it('computes the origin of our custom scheme (Node says "null" for it)', () => {
    expect(new URL('app://atende/index.html').origin).toBe('null');
    expect(originOf('app://atende/index.html')).toBe(APP_ORIGIN);
    expect(originOf('app://atende')).toBe(APP_ORIGIN);
  });

  it('keeps ports and distinguishes hosts', () => {
    expect(originOf('http://localhost:8787/x')).toBe('http://localhost:8787');
    expect(originOf('app://atende.evil.example/index.html')).toBe('app://atende.evil.example');
    expect(originOf('app://atende:1234/')).toBe('app://atende:1234');
  });

  it('has no origin for host-less or invalid URLs', () => {
    expect(originOf('about:blank')).toBeNull();
    expect(originOf('file:///etc/passwd')).toBeNull();
    expect(originOf('javascript:alert(1)')).toBeNull();
    expect(originOf('null')).toBeNull();
    expect(originOf('')).toBeNull();
  });
});

describe('isAppUrl', () => {
  it.each([
    ['app://atende/index.html', true],
    ['app://atende/assets/x.js', true],
    ['app://other/index.html', false],
    ['https://atende/index.html', false],
    ['app://atende@evil.example/', false],
  ])('%s → %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });
});

describe('toExternalHttpUrl', () => {
  it.each([
    ['https://example.com/docs', 'https://example.com/docs'],
    ['http://example.com', 'http://example.com/'],
    ['file:///etc/passwd', null],
    ['javascript:alert(1)', null],
    ['data:text/html,<script>1</script>', null],
    ['smb://server/share', null],
    ['app://atende/index.html', null],
    ['https://user:pass@example.com/', null],
    ['not a url', null],
  ])('%s → %s', (url, expected) => {
    expect(toExternalHttpUrl(url)).toBe(expected);
  });
});
