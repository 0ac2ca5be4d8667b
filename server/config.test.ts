import { describe, expect, it } from 'vitest';
import { configFromOptions, DEFAULT_RATE_LIMITS, parseRateLimits } from './config';

const base = { data: '/srv/tessera', host: '127.0.0.1', port: '8080' };

describe('server configuration', () => {
  it('defaults the database to SQLite in the data folder and the public URL to the listen address', () => {
    const c = configFromOptions(base, {});
    expect(c.databaseUrl).toBe('/srv/tessera/tessera.db');
    expect(c.publicUrl).toBe('http://127.0.0.1:8080');
    expect(c.bodyLimit).toBe(10 * 1024 * 1024);
    expect(c.rateLimits).toEqual(DEFAULT_RATE_LIMITS);
    expect(c.mailFrom).toBe('Tessera <no-reply@127.0.0.1>');
  });

  it('takes flags and TESSERA_* variables', () => {
    const c = configFromOptions({ ...base, db: 'postgres://u@h/db', url: 'https://vault.example.com/', smtp: 'smtp://mail:25' },
      { TESSERA_BODY_LIMIT: '1024', TESSERA_RATE_LIMITS: 'login=5/10', TESSERA_TRUST_PROXY: '1', TESSERA_LOG_LEVEL: 'warn' });
    expect(c).toMatchObject({ databaseUrl: 'postgres://u@h/db', publicUrl: 'https://vault.example.com', smtpUrl: 'smtp://mail:25',
      bodyLimit: 1024, trustProxy: true, logLevel: 'warn', mailFrom: 'Tessera <no-reply@vault.example.com>' });
    expect(c.rateLimits.login).toEqual({ limit: 5, windowSeconds: 10 });
    expect(c.rateLimits.refresh).toEqual(DEFAULT_RATE_LIMITS.refresh);
  });

  it('refuses nonsense', () => {
    expect(() => configFromOptions({ ...base, port: '70000' }, {})).toThrow(/port/);
    expect(() => configFromOptions(base, { TESSERA_BODY_LIMIT: 'lots' })).toThrow(/TESSERA_BODY_LIMIT/);
    expect(() => parseRateLimits('login=fast')).toThrow(/rate limit/);
    expect(() => parseRateLimits('bogus=1/1')).toThrow(/rate limit/);
  });
});
