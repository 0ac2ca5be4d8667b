import { describe, expect, it } from 'vitest';
import { buildInvitationAppLink, buildInvitationUrl, buildOpenAppLink, parseAppLink } from './invitation-link';

const USER = '0b7e8a4c-3f52-4f0e-9a51-2d1c6b0f7e11';
const TOKEN = '9d3c2b1a-8f7e-4d6c-b5a4-3c2d1e0f9a8b';

describe('tessera:// app links', () => {
  it('round-trips an invitation to the mailed https link', () => {
    const link = buildInvitationAppLink('https://vault.example.com/tessera/', USER, TOKEN);
    expect(link).toBe(`tessera://setup/start/${USER}/${TOKEN}?server=https%3A%2F%2Fvault.example.com%2Ftessera`);
    expect(parseAppLink(link)).toEqual({ kind: 'invitation', serverUrl: 'https://vault.example.com/tessera', userId: USER, token: TOKEN,
      invitationUrl: `https://vault.example.com/tessera/setup/start/${USER}/${TOKEN}` });
    expect(buildInvitationUrl('https://vault.example.com/tessera', USER, TOKEN)).toBe(parseAppLink(link)?.kind === 'invitation'
      ? `https://vault.example.com/tessera/setup/start/${USER}/${TOKEN}` : '');
  });

  it('round-trips an open link', () => {
    const link = buildOpenAppLink('http://127.0.0.1:8080');
    expect(link).toBe('tessera://open?server=http%3A%2F%2F127.0.0.1%3A8080');
    expect(parseAppLink(link)).toEqual({ kind: 'open', serverUrl: 'http://127.0.0.1:8080' });
  });

  it('refuses to build links from malformed parts', () => {
    expect(() => buildInvitationAppLink('javascript:alert(1)', USER, TOKEN)).toThrow();
    expect(() => buildInvitationAppLink('https://user:pw@example.com', USER, TOKEN)).toThrow();
    expect(() => buildInvitationAppLink('https://example.com', '<script>', TOKEN)).toThrow();
    expect(() => buildInvitationAppLink('https://example.com', USER, '../../etc/passwd')).toThrow();
    expect(() => buildOpenAppLink('file:///etc/passwd')).toThrow();
  });

  it.each([
    '',
    'https://example.com/setup/start/x/y',
    `tessera://setup/start/${USER}/${TOKEN}`,
    `tessera://setup/start/${USER}/${TOKEN}?server=javascript%3Aalert(1)`,
    `tessera://setup/start/${USER}/${TOKEN}?server=https%3A%2F%2Fa%3Ab%40example.com`,
    `tessera://setup/start/${USER}/${TOKEN}?server=https%3A%2F%2Fexample.com%3Fx%3D1`,
    `tessera://setup/start/${USER}/${TOKEN}?server=https%3A%2F%2Fexample.com&other=1`,
    `tessera://setup/start/${USER}/${TOKEN}?server=%E0%A4%A`,
    `tessera://setup/start/..%2F..%2Fetc/${TOKEN}?server=https%3A%2F%2Fexample.com`,
    `tessera://setup/start/${USER}/<script>?server=https%3A%2F%2Fexample.com`,
    `tessera://setup/recover/start/${USER}/${TOKEN}?server=https%3A%2F%2Fexample.com`,
    `tessera://open?server=${'a'.repeat(3000)}`,
    'tessera://open?server=data%3Atext%2Fhtml%2Cx',
  ])('does not read %s', (link) => {
    expect(parseAppLink(link)).toBeNull();
  });
});
