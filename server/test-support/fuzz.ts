// Property-based robustness check for any route: fast-check throws malformed path parameters, query strings,
// bodies and content types at it and requires an answer below 500, in Passbolt's envelope, whose header.code
// matches the HTTP status. Reusable for every route module:
//
//   await fuzzRoutes(server.url, [{ method: 'PUT', path: '/users/:id.json' }], { auth: [null, admin.accessToken] });
import fc from 'fast-check';

export interface FuzzTarget {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  /** Path with `:name` parameters, e.g. `/users/:id.json`. */
  path: string;
  /** The route answers without the envelope (jwks). */
  raw?: boolean;
  /** A successful answer drops the envelope when asked with `contain[header]=0` (Passbolt's /settings.json). */
  headerOptional?: boolean;
}

export interface FuzzOptions {
  /** Bearer tokens to try, null meaning anonymous. */
  auth: (string | null)[];
  /** Runs per target (default 40). */
  runs?: number;
  seed?: number;
  /** Real ids worth trying as parameters (existing users, resources...). */
  ids?: string[];
}

export interface FuzzFailure {
  method: string;
  url: string;
  status: number;
  contentType: string | undefined;
  body: string;
  text: string;
}

const UUIDS = ['00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-4fff-bfff-ffffffffffff'];

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', '..', '../..', '%', '%00', '%zz', 'null', 'undefined', '-1', '0', '1e309', 'NaN', 'true',
    '[]', '{}', '<script>alert(1)</script>', "' OR 1=1 --", 'a'.repeat(600), '\u0000', '\uFEFF', '__proto__', 'constructor'),
  fc.uuid(),
);

function paramArb(ids: string[]): fc.Arbitrary<string> {
  return fc.oneof(hostileString, fc.constantFrom(...UUIDS, ...(ids.length ? ids : UUIDS)));
}

const queryKey = fc.oneof(
  fc.constantFrom('contain[profile]', 'contain[gpgkey]', 'contain[role]', 'contain[permission]', 'contain[permissions.user.profile]',
    'contain[header]', 'filter[search]', 'filter[search][]', 'filter[has-id][]', 'filter[has-groups][]', 'filter[has-access]',
    'filter[has-access][]', 'filter[is-admin]', 'filter[is-active]', 'filter[modified-after]', 'filter[is-deleted]',
    'filter[has-users][]', 'filter[has-managers][]', 'filter[is-favorite]', 'page', 'limit', 'sort', 'direction', 'order[]',
    'api-version', 'contain', 'filter', 'filter[]', 'filter[[x]]', 'contain[x][y]'),
  fc.string({ maxLength: 12 }),
);

const queryArb = fc.array(fc.tuple(queryKey, hostileString), { maxLength: 6 });

/** A JSON value, nested, with keys Passbolt bodies use so validation paths get exercised. */
const jsonBody: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    fc.constant(null), fc.boolean(), fc.integer(), fc.double(), hostileString,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom('id', 'user_id', 'username', 'role_id', 'profile', 'first_name', 'last_name',
      'disabled', 'gpgkey', 'armored_key', 'authentication_token', 'token', 'challenge', 'refresh_token', 'name', 'secrets',
      'data', 'permissions', 'groups_users', 'transfer', 'owners', 'managers', 'entropy_minimum', 'external_dictionary_check',
      'password_generator_settings', 'resource_type_id', 'aro', 'aco', 'type', 'delete', 'is_admin', '__proto__'), fc.string({ maxLength: 8 })),
    tie('value'), { maxKeys: 6 })),
})).value;

interface BodyCase { text: string | undefined; contentType: string | undefined }

const bodyArb: fc.Arbitrary<BodyCase> = fc.oneof(
  jsonBody.map((v) => ({ text: JSON.stringify(v) ?? 'null', contentType: 'application/json' })),
  fc.string({ maxLength: 60 }).map((s) => ({ text: s, contentType: 'application/json' })),
  fc.constant({ text: '{"a":', contentType: 'application/json' }),
  fc.constant({ text: '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}', contentType: 'application/json' }),
  fc.constant({ text: `${'['.repeat(5000)}${']'.repeat(5000)}`, contentType: 'application/json' }),
  fc.string({ maxLength: 30 }).map((s) => ({ text: s, contentType: 'text/plain' })),
  fc.constant({ text: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded' }),
  fc.constant({ text: '{}', contentType: 'application/json; charset=utf-16' }),
  fc.constant({ text: undefined, contentType: undefined }),
  fc.constant({ text: '', contentType: 'application/json' }),
);

function fillPath(template: string, values: string[], raw: boolean): string {
  let i = 0;
  return template.replace(/:([a-zA-Z]+)/g, () => {
    const v = values[i++] ?? '';
    return raw ? v.replace(/[/?#\s]/g, '') : encodeURIComponent(v);
  });
}

async function send(base: string, target: FuzzTarget, path: string, query: [string, string][], body: BodyCase,
  token: string | null): Promise<FuzzFailure | null> {
  const qs = query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const url = `${base}${path}${qs ? `?${qs}` : ''}`;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body.contentType && body.text !== undefined) headers['content-type'] = body.contentType;
  if (token) headers.authorization = `Bearer ${token}`;
  const hasBody = target.method !== 'GET' && target.method !== 'HEAD' && body.text !== undefined;
  const res = await fetch(url, { method: target.method, headers, body: hasBody ? body.text : undefined, redirect: 'manual' });
  const text = await res.text();
  const failure = (): FuzzFailure => ({ method: target.method, url, status: res.status, contentType: body.contentType,
    body: (body.text ?? '').slice(0, 300), text: text.slice(0, 500) });
  if (res.status >= 500) return failure();
  if (target.method === 'HEAD' || target.raw || (res.status >= 300 && res.status < 400)) return null;
  if (target.headerOptional && res.status < 300 && query.some(([k]) => k === 'contain[header]')) {
    try { JSON.parse(text); return null; } catch { return failure(); }
  }
  try {
    const parsed = JSON.parse(text) as { header?: { code?: number; status?: string }; body?: unknown };
    const expected = res.status < 400 ? 'success' : 'error';
    if (parsed.header?.code !== res.status || parsed.header.status !== expected || !('body' in parsed)) return failure();
  } catch {
    return failure();
  }
  return null;
}

/** Runs the property on every target; resolves to the failures found (an empty list means robust). */
export async function fuzzRoutes(baseUrl: string, targets: FuzzTarget[], options: FuzzOptions): Promise<FuzzFailure[]> {
  const failures: FuzzFailure[] = [];
  for (const target of targets) {
    const params = (target.path.match(/:[a-zA-Z]+/g) ?? []).length;
    await fc.assert(fc.asyncProperty(
      fc.array(paramArb(options.ids ?? []), { minLength: params, maxLength: params }),
      fc.boolean(), queryArb, bodyArb, fc.constantFrom(...options.auth),
      async (values, rawParams, query, body, token) => {
        const failure = await send(baseUrl, target, fillPath(target.path, values, rawParams), query, body, token);
        if (failure) failures.push(failure);
        return failure === null;
      },
    ), { numRuns: options.runs ?? 40, seed: options.seed, endOnFailure: true }).catch(() => undefined);
  }
  return failures;
}
