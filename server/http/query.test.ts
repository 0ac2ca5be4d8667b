import { describe, expect, it } from 'vitest';
import { parseListQuery, parseRawQuery, type ListQuerySpec } from './query';
import { BadRequestError } from './errors';

const spec: ListQuerySpec = {
  contain: { profile: true, gpgkey: false },
  filters: { search: 'strings', 'has-groups': 'uuids', 'is-admin': 'bool', 'modified-after': 'unixtime' },
  sortable: ['Users.username', 'Users.created'],
  defaultSort: 'Users.username',
};
const A = '8c3cd1d8-3ae6-4cd7-9c4c-7c1b8e0a6f11';
const B = 'C2F1E0E0-0000-4000-8000-000000000001';

const parse = (qs: string) => parseListQuery(parseRawQuery(qs), spec);

describe('Passbolt query strings', () => {
  it('reads contains, filters (single, repeated, comma separated) and drops unknown keys', () => {
    const q = parse(`contain[profile]=0&contain[gpgkey]=1&contain[secret]=1&filter[search]=ann&filter[has-groups][]=${A}` +
      `&filter[has-groups][]=${B}&filter[is-admin]=true&filter[unknown]=x&foo=bar`);
    expect(q.contain).toEqual({ profile: false, gpgkey: true });
    expect(q.filter).toEqual({ search: ['ann'], 'has-groups': [A, B], 'is-admin': true });
    expect(parse(`filter[has-groups]=${A},${B}`).filter['has-groups']).toEqual([A, B]);
  });

  it('defaults: no limit, page 1, the default sort ascending', () => {
    expect(parse('')).toEqual({ contain: { profile: true, gpgkey: false }, filter: {}, page: 1, limit: null,
      sort: 'Users.username', direction: 'asc' });
  });

  it('reads page, limit, sort and direction, and the legacy order[]', () => {
    expect(parse('page=3&limit=10&sort=Users.created&direction=DESC')).toMatchObject({ page: 3, limit: 10, sort: 'Users.created', direction: 'desc' });
    expect(parse('order[]=Users.created%20DESC')).toMatchObject({ sort: 'Users.created', direction: 'desc' });
  });

  it.each([
    'contain[profile]=yes', 'filter[is-admin]=2', 'filter[has-groups][]=nope', 'filter[modified-after]=-1', 'page=0',
    'limit=abc', 'limit=10000001', 'sort=Users.password', 'direction=up', 'contain[profile]=1&contain[profile]=0',
  ])('refuses %s with a 400', (qs) => {
    expect(() => parse(qs)).toThrow(BadRequestError);
  });

  it('never throws on garbage it does not know', () => {
    expect(() => parse('%zz=%&&=&[]=&filter=1&contain=1&filter[]=2&contain[[x]]=1&__proto__[x]=1')).not.toThrow();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
