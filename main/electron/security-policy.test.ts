import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  CONTENT_SECURITY_POLICY,
  CONTENT_SECURITY_POLICY_HEADER,
  externalUrl,
  isAllowedExternalUrl,
  isAppOrigin,
  originOf,
  resolveAppPath,
} from './security-policy';

describe('isAppOrigin', () => {
  it('accepts the app origin with any path', () => {
    expect(isAppOrigin('app://tessera/index.html')).toBe(true);
    expect(isAppOrigin('app://tessera/')).toBe(true);
    expect(isAppOrigin('app://tessera/assets/x.js?v=1#top')).toBe(true);
  });

  it.each([
    ['look-alike subdomain', 'app://tessera.evil.com/index.html'],
    ['credentials before a foreign host', 'app://tessera@evil.com/index.html'],
    ['credentials on the app host', 'app://user:pw@tessera/index.html'],
    ['another port', 'app://tessera:8080/index.html'],
    ['another scheme', 'https://tessera/index.html'],
    ['file URL', 'file:///opt/tessera/dist/renderer/index.html'],
    ['prefix host', 'app://tesserax/index.html'],
    ['suffix trick', 'app://evil.com/app://tessera/'],
    ['javascript URL', 'javascript:alert(1)'],
    ['about:blank', 'about:blank'],
    ['data URL', 'data:text/html,<script>1</script>'],
    ['garbage', 'not a url'],
    ['empty', ''],
  ])('refuses %s', (_name, url) => {
    expect(isAppOrigin(url)).toBe(false);
  });

  it('refuses non-strings', () => {
    expect(isAppOrigin(undefined)).toBe(false);
    expect(isAppOrigin(null)).toBe(false);
    expect(isAppOrigin(42)).toBe(false);
  });

  it('works with an http origin standing in for the app (the e2e harness)', () => {
    const origin = 'http://127.0.0.1:43123';
    expect(isAppOrigin('http://127.0.0.1:43123/index.html', origin)).toBe(true);
    expect(isAppOrigin('http://127.0.0.1:43124/index.html', origin)).toBe(false);
    expect(isAppOrigin('http://localhost:43123/index.html', origin)).toBe(false);
  });

  it('builds origins for custom schemes, which WHATWG leaves opaque', () => {
    expect(new URL('app://tessera/x').origin).toBe('null');
    expect(originOf('app://tessera/x')).toBe(APP_ORIGIN);
    expect(originOf('HTTP://Example.COM:80/a')).toBe('http://example.com');
  });
});

describe('external links', () => {
  it.each([
    ['https://example.com/path?q=1', 'https://example.com/path?q=1'],
    ['http://example.com', 'http://example.com/'],
    ['HTTPS://EXAMPLE.com/a', 'https://example.com/a'],
  ])('opens %s', (url, expected) => {
    expect(externalUrl(url)).toBe(expected);
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(document.domain)',
    'JavaScript:alert(1)',
    'ms-settings:privacy',
    'smb://evil.com/share',
    'app://tessera/index.html',
    'data:text/html,hi',
    'vbscript:msgbox',
    'https://user:pw@evil.com/',
    'https://google.com@evil.com/',
    '//evil.com/x',
    'evil.com',
    ' ',
    '',
  ])('refuses %s', (url) => {
    expect(externalUrl(url)).toBeNull();
    expect(isAllowedExternalUrl(url)).toBe(false);
  });

  it('refuses non-strings', () => {
    expect(isAllowedExternalUrl({ toString: () => 'https://example.com' })).toBe(false);
  });
});

describe('resolveAppPath', () => {
  const root = path.resolve('/srv/tessera/renderer');

  it('maps app URLs to files under the root', () => {
    expect(resolveAppPath(root, 'app://tessera/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://tessera/assets/index-1.js?x=1')).toBe(path.join(root, 'assets', 'index-1.js'));
    expect(resolveAppPath(root, 'app://tessera/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://tessera')).toBe(path.join(root, 'index.html'));
  });

  it.each([
    ['dot-dot segments', 'app://tessera/../../etc/passwd'],
    ['encoded dot-dot', 'app://tessera/%2e%2e/%2e%2e/etc/passwd'],
    ['dot-dot after a folder', 'app://tessera/assets/../../../etc/passwd'],
  ])('keeps %s inside the root (URL parsing clamps them at "/")', (_name, url) => {
    const resolved = resolveAppPath(root, url);
    expect(resolved).toBe(path.join(root, 'etc', 'passwd'));
  });

  it.each([
    ['encoded slashes', 'app://tessera/..%2f..%2fetc%2fpasswd'],
    ['encoded backslashes', 'app://tessera/..%5c..%5cwindows%5cwin.ini'],
    ['NUL byte', 'app://tessera/index.html%00.png'],
    ['broken escape', 'app://tessera/%E0%A4%A'],
    ['sibling folder with a shared prefix', 'app://tessera/..%2frenderer-secrets%2fkey'],
    ['foreign origin', 'app://tessera.evil.com/index.html'],
    ['file URL', 'file:///srv/tessera/renderer/index.html'],
  ])('refuses %s', (_name, url) => {
    expect(resolveAppPath(root, url)).toBeNull();
  });
});

describe('content security policy', () => {
  it('forbids inline and eval and allows only the app itself', () => {
    for (const policy of [CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_HEADER]) {
      expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
      expect(policy).toContain("default-src 'none'");
      expect(policy).toContain("script-src 'self'");
    }
    expect(CONTENT_SECURITY_POLICY_HEADER).toContain("frame-ancestors 'none'");
  });
});
