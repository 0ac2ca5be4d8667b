import { describe, expect, it } from 'vitest';
import { normalizeForSearch, SearchIndex, type SearchableResource, type SearchFilters, type SearchQuery, type SearchResult, type SearchSort } from './search.service';
import { foldForSearch } from './search-normalize';

let n = 0;
function res(fields: Partial<SearchableResource>): SearchableResource {
  n++;
  return { id: `r${n}`, name: `item ${n}`, username: null, uri: null, description: null, modified: '2026-01-01T00:00:00+00:00', permission: 15, ...fields };
}

describe('normalizeForSearch', () => {
  it('folds case and diacritics', () => {
    expect(normalizeForSearch('Café ÉLAN Ÿ Straße')).toBe('cafe elan y straße');
  });
});

describe('SearchIndex matching and ranking', () => {
  it('matches case- and diacritic-insensitively across name, username, uri and description', () => {
    const index = new SearchIndex();
    const cafe = res({ name: 'Café Crème' });
    const user = res({ username: 'JOSÉ@example.com' });
    const uri = res({ uri: 'https://intranet.example.org/login' });
    const desc = res({ description: 'Ask Ünal for the door code' });
    index.replaceAll([cafe, user, uri, desc, res({ name: 'unrelated' })]);
    expect(index.search('cafe creme')).toEqual([cafe.id]);
    expect(index.search('CAFÉ')).toEqual([cafe.id]);
    expect(index.search('jose@')).toEqual([user.id]);
    expect(index.search('intranet.EXAMPLE')).toEqual([uri.id]);
    expect(index.search('unal door')).toEqual([desc.id]);
    expect(index.search('nothing like this')).toEqual([]);
  });

  it('ranks exact name > name prefix > word prefix > substring, and name > username > uri > description', () => {
    const index = new SearchIndex();
    const substring = res({ name: 'Bitbucket' });       // "bit" inside? no: prefix. use "gitbit" below
    const inner = res({ name: 'Orbital' });              // substring "bit"
    const wordPrefix = res({ name: 'Old bit bucket' });  // word prefix
    const prefix = res({ name: 'Bitwarden import' });    // name prefix
    const exact = res({ name: 'BIT' });                  // exact name
    const userExact = res({ name: 'zzz', username: 'bit' });
    const uriPrefix = res({ name: 'zzz', uri: 'bit.example' });
    const descPrefix = res({ name: 'zzz', description: 'bit of text' });
    index.replaceAll([inner, descPrefix, uriPrefix, wordPrefix, userExact, substring, prefix, exact]);
    const order = index.search('bit');
    expect(order[0]).toBe(exact.id);
    // Same kind (prefix) in different fields: name before uri before description.
    expect(order.indexOf(prefix.id)).toBeLessThan(order.indexOf(uriPrefix.id));
    expect(order.indexOf(uriPrefix.id)).toBeLessThan(order.indexOf(descPrefix.id));
    // Kinds within the name.
    expect(order.indexOf(prefix.id)).toBeLessThan(order.indexOf(wordPrefix.id));
    expect(order.indexOf(wordPrefix.id)).toBeLessThan(order.indexOf(inner.id));
    // Exact username beats a name prefix (kind first), but not the exact name.
    expect(order.indexOf(userExact.id)).toBe(1);
    // Equal scores are ordered by name.
    expect(order.indexOf(substring.id)).toBeLessThan(order.indexOf(prefix.id)); // "bitbucket" < "bitwarden import"
    expect(order).toHaveLength(8);
  });

  it('requires every word of a multi-word query', () => {
    const index = new SearchIndex();
    const both = res({ name: 'Production database', username: 'admin' });
    const one = res({ name: 'Production web' });
    index.replaceAll([both, one]);
    expect(index.search('prod admin')).toEqual([both.id]);
    expect(index.search('  prod   ')).toHaveLength(2);
  });

  it('returns everything in name order for an empty query, and honours limit with the full total', () => {
    const index = new SearchIndex();
    const items = ['delta', 'Alpha', 'charlie', 'Bravo'].map((name) => res({ name }));
    index.replaceAll(items);
    const all = index.query({});
    expect(all.total).toBe(4);
    expect(all.ids.map((id) => items.find((i) => i.id === id)?.name)).toEqual(['Alpha', 'Bravo', 'charlie', 'delta']);
    const limited = index.query({ text: 'a', limit: 2 });
    expect(limited.total).toBe(4);
    expect(limited.ids).toHaveLength(2);
  });
});

describe('SearchIndex filters and sort', () => {
  const groupA = 'group-a';
  const fav = res({ name: 'fav', favoriteId: 'f1', permission: 1 });
  const owned = res({ name: 'owned', permission: 15 });
  const shared = res({ name: 'shared', permission: 7, permissions: [{ aro: 'Group', aroId: groupA }] });
  const old = res({ name: 'old', modified: '2020-01-01T00:00:00+00:00', permission: 15 });
  const fresh = res({ name: 'fresh', modified: '2027-01-01T00:00:00+00:00', permission: 15, favorite: true });
  const index = new SearchIndex();
  index.replaceAll([fav, owned, shared, old, fresh]);
  const names = (ids: string[]): string[] => ids.map((id) => [fav, owned, shared, old, fresh].find((r) => r.id === id)?.name ?? '?');

  it('filters favorites, owned by me, shared with me and by group', () => {
    expect(names(index.query({ filters: { favorites: true } }).ids)).toEqual(['fav', 'fresh']);
    expect(names(index.query({ filters: { ownedByMe: true } }).ids)).toEqual(['fresh', 'old', 'owned']);
    expect(names(index.query({ filters: { sharedWithMe: true } }).ids)).toEqual(['fav', 'shared']);
    expect(names(index.query({ filters: { groupId: groupA } }).ids)).toEqual(['shared']);
    expect(names(index.query({ text: 'o', filters: { ownedByMe: true, favorites: true } }).ids)).toEqual([]);
    expect(names(index.query({ text: 'e', filters: { ownedByMe: true } }).ids).sort()).toEqual(['fresh', 'owned']);
  });

  it('sorts by name or by modified (newest first)', () => {
    expect(names(index.query({ sort: 'modified' }).ids).slice(0, 1)).toEqual(['fresh']);
    expect(names(index.query({ sort: 'modified' }).ids).at(-1)).toBe('old');
    expect(names(index.query({ text: 'e', sort: 'name' }).ids)).toEqual(['fresh', 'owned', 'shared']);
  });
});

describe('SearchIndex incremental updates', () => {
  it('applies upsert and remove without a rebuild, and never serves stale cached results', () => {
    const index = new SearchIndex();
    const a = res({ name: 'github' });
    const b = res({ name: 'gitlab' });
    index.replaceAll([a, b]);
    expect(index.search('git')).toHaveLength(2);
    expect(index.search('gith')).toEqual([a.id]); // narrowed from the cached "git" results
    const c = res({ name: 'Githooks' });
    index.upsert([c]);
    expect(index.search('gith').sort()).toEqual([a.id, c.id].sort());
    index.upsert([{ ...a, name: 'bitbucket' }]);
    expect(index.search('gith')).toEqual([c.id]);
    expect(index.search('bitb')).toEqual([a.id]);
    index.remove([c.id, 'unknown']);
    expect(index.search('gith')).toEqual([]);
    expect(index.size).toBe(2);
    expect(index.query({}).ids).toEqual([a.id, b.id]); // name order kept: bitbucket, gitlab
    index.clear();
    expect(index.search('')).toEqual([]);
  });

  it('narrowing: each new word is searched from the start of the text, a longer word from where the shorter was found', () => {
    const index = new SearchIndex();
    const early = res({ name: 'hx hub', description: 'brea break' });
    const late = res({ name: 'hub', description: 'brea xx break' });
    index.replaceAll([early, late]);
    expect(index.search('hub')).toHaveLength(2);
    expect(index.search('hub h')).toHaveLength(2);
    expect(index.search('hub hx')).toEqual([early.id]); // "hx" occurs before "hub": not found from there
    expect(index.search('bre')).toHaveLength(2);
    expect(index.search('brea')).toHaveLength(2);
    expect(index.search('break').sort()).toEqual([early.id, late.id].sort()); // "break" is not at the first "brea"
    expect(index.search('breakx')).toEqual([]);
  });

  it('keeps name order consistent through many random edits', () => {
    const index = new SearchIndex();
    const live = new Map<string, SearchableResource>();
    let seed = 42;
    const rnd = (k: number): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % k; };
    for (let i = 0; i < 500; i++) {
      const op = rnd(3);
      if (op < 2) {
        const id = `x${rnd(120)}`;
        const r: SearchableResource = { id, name: `n${rnd(1000)}`, username: null, uri: null, description: null, modified: '2026-01-01T00:00:00Z', permission: 15 };
        live.set(id, r);
        index.upsert([r]);
      } else {
        const id = `x${rnd(120)}`;
        live.delete(id);
        index.remove([id]);
      }
    }
    const expected = [...live.values()].sort((p, q) => (p.name < q.name ? -1 : p.name > q.name ? 1 : p.id < q.id ? -1 : 1)).map((r) => r.id);
    expect(index.query({}).ids).toEqual(expected);
    expect(index.query({ text: 'n1' }).total).toBe([...live.values()].filter((r) => r.name.includes('n1')).length);
  });
});

describe('SearchIndex against a brute-force reference (property-based)', () => {
  // The reference implements the ranking documented at the top of search.service.ts the slow, obvious way: normalise
  // each field with normalizeForSearch, score every resource, sort. The index's folding table, bit filters,
  // narrowing cache, prefix bounds, buckets and cutoffs must give exactly the same ids in the same order, and the
  // same total.
  const FIELD_WEIGHTS = [3, 2, 1, 0];
  const WORD_CHAR = /[\p{L}\p{N}]/u;
  function kindOf(field: string, term: string): number {
    if (!field.includes(term)) return 0;
    if (field.startsWith(term)) return field === term ? 4 : 3;
    for (let i = field.indexOf(term, 1); i >= 0; i = field.indexOf(term, i + 1)) {
      if (!WORD_CHAR.test(field[i - 1] as string)) return 2;
    }
    return 1;
  }
  function fieldsOf(r: SearchableResource): string[] {
    const uris = [r.uri ?? '', ...(r.uris ?? [])].filter((u) => u.length > 0).join(' ');
    return [r.name, r.username ?? '', uris, r.description ?? ''].map(normalizeForSearch);
  }
  function passesFilters(r: SearchableResource, f: SearchFilters | undefined): boolean {
    if (f?.favorites && !(r.favorite === true || (r.favoriteId !== undefined && r.favoriteId !== null))) return false;
    if (f?.ownedByMe && r.permission !== 15) return false;
    if (f?.sharedWithMe && r.permission >= 15) return false;
    if (f?.groupId !== undefined && !(r.permissions ?? []).some((p) => p.aro === 'Group' && p.aroId === f.groupId)) return false;
    return true;
  }
  function byCodeUnits(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  function reference(records: readonly SearchableResource[], q: SearchQuery): SearchResult {
    const text = normalizeForSearch(q.text ?? '').replaceAll('\u0000', '').trim().replace(/\s+/g, ' ');
    const terms = text ? text.split(' ') : [];
    const sort = q.sort ?? (text ? 'relevance' : 'name');
    const rows: { id: string; name: string; score: number; modified: number }[] = [];
    for (const r of records) {
      const fields = fieldsOf(r);
      if (!passesFilters(r, q.filters) || !terms.every((t) => fields.some((f) => f.includes(t)))) continue;
      let score = fields[0] === text ? 64 : 0;
      for (const term of terms) score += Math.max(...fields.map((f, i) => (kindOf(f, term) ? kindOf(f, term) * 4 + (FIELD_WEIGHTS[i] as number) : 0)));
      const ms = Date.parse(r.modified);
      rows.push({ id: r.id, name: fields[0] as string, score, modified: Number.isFinite(ms) ? Math.max(0, Math.floor(ms / 1000)) : 0 });
    }
    const byName = (a: (typeof rows)[0], b: (typeof rows)[0]): number => byCodeUnits(a.name, b.name) || byCodeUnits(a.id, b.id);
    if (sort === 'name' || terms.length === 0 && sort === 'relevance') rows.sort(byName);
    else if (sort === 'modified') rows.sort((a, b) => b.modified - a.modified || byName(a, b));
    else rows.sort((a, b) => b.score - a.score || byName(a, b));
    const limit = q.limit ?? rows.length;
    return { ids: rows.slice(0, limit).map((r) => r.id), total: rows.length };
  }

  // Text built from words that overlap (prefixes, substrings, accents, case), with separators, other scripts, marks,
  // surrogate pairs and the odd NUL, so that every kind of match, the folding table and its fallback all occur.
  const WORDS = ['git', 'github', 'GitLab', 'hub', 'lab', 'prod', 'café', 'CAFE', 'Crème', 'admin', 'a', 'b', 'ab', 'ba', 'x', 'é', 'É',
    'bit', 'orbit', 'db', 'straße', 'ΣΟΦΙΑ', 'σοφία', 'İstanbul', 'Дом', 'дом', 'e\u0301', '日本', '😀', 'ǅ', 'ø', 'søren', '42', 'a1', 'ÿ'];
  const SEPARATORS = [' ', ' ', '-', '.', '/', '@', '_', '', '\t', '\u0000'];
  const fcText = (fc: typeof import('fast-check'), maxWords: number) =>
    fc.array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...SEPARATORS)), { maxLength: maxWords })
      .map((parts) => parts.map(([w, sep]) => w + sep).join('').trim());
  const GROUPS = ['g1', 'g2', 'g3'];

  function recordArbitrary(fc: typeof import('fast-check'), id: string) {
    return fc.record({
      name: fcText(fc, 3),
      username: fc.option(fcText(fc, 2), { nil: null }),
      uri: fc.option(fcText(fc, 2), { nil: null }),
      uris: fc.option(fc.array(fcText(fc, 1), { maxLength: 2 }), { nil: undefined }),
      description: fc.option(fcText(fc, 6), { nil: null }),
      modified: fc.oneof(
        fc.constantFrom('2026-01-01T00:00:00Z', '2026-01-01T00:00:00+00:00', 'not a date', ''),
        fc.integer({ min: 0, max: 4e12 }).map((ms) => new Date(ms).toISOString()),
      ),
      favorite: fc.option(fc.boolean(), { nil: undefined }),
      favoriteId: fc.option(fc.constantFrom('f1', null), { nil: undefined }),
      permission: fc.constantFrom(1, 7, 15),
      permissions: fc.option(fc.array(fc.record({ aro: fc.constantFrom('User' as const, 'Group' as const), aroId: fc.constantFrom(...GROUPS) }), { maxLength: 2 }), { nil: undefined }),
    }).map((r) => {
      const record: SearchableResource = { id, ...r };
      if (r.uris === undefined) delete record.uris;
      return record;
    });
  }

  const QUERY_EXTRAS = ['', ' ', 'git', 'ab', 'é', 'Σ', 'ss', 'e', ' x', '.', '-', '日', '4'];
  type Step =
    | { kind: 'type'; text: string }
    | { kind: 'backspace'; count: number }
    | { kind: 'options'; filters?: SearchFilters; sort?: SearchSort; limit?: number }
    | { kind: 'upsert'; records: SearchableResource[] }
    | { kind: 'remove'; slots: number[] };

  it('matches the reference: random vaults, typing and backspace, filters, sorts, limits, upserts and removals', async () => {
    const fc = await import('fast-check');
    const ids = Array.from({ length: 40 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const filters = fc.option(fc.record({
      favorites: fc.option(fc.boolean(), { nil: undefined }),
      ownedByMe: fc.option(fc.boolean(), { nil: undefined }),
      sharedWithMe: fc.option(fc.boolean(), { nil: undefined }),
      groupId: fc.option(fc.constantFrom(...GROUPS, 'none'), { nil: undefined }),
    }, { requiredKeys: [] }), { nil: undefined });
    const step: import('fast-check').Arbitrary<Step> = fc.oneof(
      { weight: 6, arbitrary: fc.oneof(fcText(fc, 2), fc.constantFrom(...QUERY_EXTRAS)).map((text) => ({ kind: 'type' as const, text })) },
      { weight: 2, arbitrary: fc.integer({ min: 1, max: 4 }).map((count) => ({ kind: 'backspace' as const, count })) },
      { weight: 1, arbitrary: fc.record({ filters, sort: fc.option(fc.constantFrom('relevance' as const, 'name' as const, 'modified' as const), { nil: undefined }), limit: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }) }, { requiredKeys: [] }).map((o) => ({ kind: 'options' as const, ...o })) },
      // Batches of one to four, a repeated id among them now and then (the last one wins).
      { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: ids.length - 1 }), { minLength: 1, maxLength: 4 })
        .chain((slots) => fc.tuple(...slots.map((slot) => recordArbitrary(fc, ids[slot] as string))))
        .map((records) => ({ kind: 'upsert' as const, records })) },
      { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: ids.length - 1 }), { minLength: 1, maxLength: 4 }).map((slots) => ({ kind: 'remove' as const, slots })) },
    );
    const vault = fc.array(fc.integer({ min: 0, max: ids.length - 1 }), { maxLength: 30 })
      .chain((slots) => fc.tuple(...slots.map((slot) => recordArbitrary(fc, ids[slot] as string))));

    fc.assert(fc.property(vault, fc.array(step, { minLength: 1, maxLength: 12 }), (records, steps) => {
      const index = new SearchIndex();
      index.replaceAll(records);
      const live = new Map<string, SearchableResource>(records.map((r) => [r.id, r])); // the last of a repeated id wins
      let typed = '';
      let options: Omit<SearchQuery, 'text'> = { limit: 8 };
      const check = (): void => {
        const q: SearchQuery = { text: typed, ...options };
        expect(index.query(q)).toEqual(reference([...live.values()], q));
      };
      check();
      for (const s of steps) {
        if (s.kind === 'type') {
          for (const ch of s.text) { // one keystroke at a time (code points: an emoji is one key)
            typed += ch;
            check();
          }
        } else if (s.kind === 'backspace') {
          for (let i = 0; i < s.count && typed.length > 0; i++) {
            typed = [...typed].slice(0, -1).join('');
            check();
          }
        } else if (s.kind === 'options') {
          const { kind: _kind, ...rest } = s;
          options = rest;
          check();
        } else if (s.kind === 'upsert') {
          index.upsert(s.records);
          for (const r of s.records) live.set(r.id, r);
          check();
        } else {
          const removed = s.slots.map((slot) => ids[slot] as string);
          index.remove(removed);
          for (const id of removed) live.delete(id);
          check();
        }
      }
      expect(index.size).toBe(live.size);
    }), { numRuns: 300 });
  });

  it('ranks a larger vault like the reference for one- and two-character queries (the fast paths) with limits', async () => {
    const fc = await import('fast-check');
    const ids = Array.from({ length: 400 }, (_, i) => `id-${String(i).padStart(4, '0')}`);
    fc.assert(fc.property(
      fc.tuple(...ids.slice(0, 300).map((id) => recordArbitrary(fc, id))),
      fc.array(fc.constantFrom('a', 'b', 'e', 'g', 'x', '4', '.', 'é', 'ab', 'gi', 'it', 'ba', 'a1', 'ss', 'σ', 'д', '日'), { minLength: 1, maxLength: 5 }),
      fc.integer({ min: 1, max: 60 }),
      (records, queries, limit) => {
        const index = new SearchIndex();
        index.replaceAll(records);
        for (const text of queries) {
          expect(index.query({ text, limit })).toEqual(reference(records, { text, limit }));
        }
      },
    ), { numRuns: 40 });
  });
  it('agrees with the reference on text over a tiny alphabet (bit filters full of near misses)', async () => {
    // Over four letters nearly every pair occurs while most triples do not: a filter that proved a word it can only
    // suggest, or a bound that skipped a row it should score, shows up here.
    const fc = await import('fast-check');
    const tiny = (max: number) => fc.array(fc.constantFrom('a', 'b', 'c', 'A', 'é', ' ', '-', '1'), { maxLength: max }).map((cs) => cs.join(''));
    const record = (id: string) => fc.record({ name: tiny(8), username: tiny(6), uri: fc.constant(null), description: tiny(30) })
      .map((r): SearchableResource => ({ id, ...r, modified: '2026-01-01T00:00:00Z', permission: 15 }));
    fc.assert(fc.property(
      fc.tuple(...Array.from({ length: 60 }, (_, i) => record(`t${String(i).padStart(2, '0')}`))),
      fc.array(fc.constantFrom('a', 'b', 'c', 'é', '1', '-', ' '), { minLength: 1, maxLength: 6 }),
      fc.integer({ min: 1, max: 20 }),
      (records, keys, limit) => {
        const index = new SearchIndex();
        index.replaceAll(records);
        let text = '';
        for (const key of keys) {
          text += key;
          expect(index.query({ text, limit })).toEqual(reference(records, { text, limit }));
        }
      },
    ), { numRuns: 300 });
  });
});

describe('foldForSearch', () => {
  it('equals normalizeForSearch for every character below U+0500, alone and between letters', () => {
    for (let code = 0; code < 0x500; code++) {
      const ch = String.fromCharCode(code);
      for (const text of [ch, `A${ch}b`, `${ch}${ch}É`, `Σ${ch}`, `${ch}Σ`, `é${ch}\u0301`]) {
        expect(foldForSearch(text), `U+${code.toString(16)} in ${JSON.stringify(text)}`).toBe(normalizeForSearch(text));
      }
    }
  });

  it('equals normalizeForSearch on random text (marks, sigma, other scripts, surrogate pairs)', async () => {
    const fc = await import('fast-check');
    const pool = fc.oneof(
      fc.integer({ min: 0, max: 0x4ff }).map((c) => String.fromCharCode(c)),
      fc.constantFrom('Σ', 'ς', '\u0301', '\u0308', 'İ', 'ẞ', 'Ǆ', 'ﬁ', 'Å', 'Ω', '日', '😀', '\ud800', '\u1e9e', 'Ａ'),
    );
    fc.assert(fc.property(fc.array(pool, { maxLength: 20 }).map((cs) => cs.join('')), (text) => {
      expect(foldForSearch(text)).toBe(normalizeForSearch(text));
    }), { numRuns: 2000 });
  });
});

describe('no OpenPGP on the search and cache path', () => {
  it('search.service, its search-* modules and main/cache import neither openpgp nor main/crypto', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const here = new URL('.', import.meta.url);
    const cacheDir = new URL('../../cache/', import.meta.url);
    const searchModules = readdirSync(here).filter((f) => /^search[.-].*\.ts$/.test(f) && !f.endsWith('.test.ts'));
    expect(searchModules.length).toBeGreaterThan(5);
    const files = [
      ...searchModules.map((f) => new URL(f, here)),
      ...readdirSync(cacheDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => new URL(f, cacheDir)),
    ];
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      expect(source, file.pathname).not.toMatch(/from\s+['"](openpgp|[./]+crypto\/)/);
    }
  });
});
