import { describe, expect, it } from 'vitest';
import { normalizeForSearch, SearchIndex, type SearchableResource } from './search.service';

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
  // The reference scores every resource the slow, obvious way and sorts; the index's filter, narrowing, bucket
  // and cutoff shortcuts must give exactly the same ids in the same order.
  const FIELD_WEIGHTS = [3, 2, 1, 0];
  function kindOf(field: string, term: string): number {
    const at = field.indexOf(term);
    if (at < 0) return 0;
    if (at === 0) return field === term ? 4 : 3;
    for (let i = field.indexOf(term, 1); i >= 0; i = field.indexOf(term, i + 1)) {
      if (!/[\p{L}\p{N}]/u.test(field[i - 1] as string)) return 2;
    }
    return 1;
  }
  function reference(records: SearchableResource[], text: string, limit: number): string[] {
    const q = normalizeForSearch(text).trim().replace(/\s+/g, ' ');
    const terms = q ? q.split(' ') : [];
    const scored: { id: string; score: number; key: string }[] = [];
    for (const r of records) {
      const fields = [r.name, r.username ?? '', r.uri ?? '', r.description ?? ''].map(normalizeForSearch);
      let score = fields[0] === q ? 64 : 0;
      let all = true;
      for (const term of terms) {
        let best = 0;
        fields.forEach((f, i) => { const k = kindOf(f, term); if (k) best = Math.max(best, k * 4 + (FIELD_WEIGHTS[i] as number)); });
        if (!best) all = false;
        score += best;
      }
      if (all) scored.push({ id: r.id, score, key: `${fields[0]}\u0000${r.id}` });
    }
    scored.sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return scored.slice(0, limit).map((s) => s.id);
  }

  it('matches the reference on random vaults, queries, limits and edits', async () => {
    const fc = await import('fast-check');
    const word = fc.constantFrom('git', 'github', 'hub', 'lab', 'prod', 'café', 'cafe', 'admin', 'a', 'b', 'ab', 'ba', 'x', 'é', 'bit', 'orbit', 'db');
    const text = fc.array(word, { minLength: 0, maxLength: 4 }).chain((ws) => fc.constantFrom(...['', ' ', '-', '.', '/'].map((sep) => ws.join(sep))));
    const record = fc.record({
      id: fc.uuid(),
      name: text, username: fc.option(text, { nil: null }), uri: fc.option(text, { nil: null }), description: fc.option(text, { nil: null }),
    }).map((r) => ({ ...r, modified: '2026-01-01T00:00:00Z', permission: 15 }));
    await fc.assert(fc.asyncProperty(
      fc.uniqueArray(record, { selector: (r) => r.id, maxLength: 60 }),
      fc.array(fc.tuple(word, fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 6 }),
      fc.integer({ min: 1, max: 8 }),
      async (records, typed, limit) => {
        const index = new SearchIndex();
        index.replaceAll(records);
        const live = [...records];
        let query = '';
        for (const [w, action] of typed) {
          // Type a word one character at a time (exercising the narrowing cache), sometimes after an edit.
          if (action === 3 && live.length > 0) {
            const edited = { ...(live[0] as SearchableResource), name: `${w} ${(live[0] as SearchableResource).name}` };
            live[0] = edited;
            index.upsert([edited]);
          }
          query = action === 2 ? '' : `${query} `;
          for (const ch of w) {
            query += ch;
            const got = index.query({ text: query, limit });
            expect(got.ids).toEqual(reference(live, query, limit));
            expect(got.total).toBe(reference(live, query, Number.MAX_SAFE_INTEGER).length);
          }
        }
      },
    ), { numRuns: 150 });
  });
});

describe('no OpenPGP on the search and cache path', () => {
  it('search.service and main/cache import neither openpgp nor main/crypto', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const here = new URL('.', import.meta.url);
    const cacheDir = new URL('../cache/', import.meta.url);
    const files = [
      new URL('search.service.ts', here),
      ...readdirSync(cacheDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => new URL(f, cacheDir)),
    ];
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      expect(source, file.pathname).not.toMatch(/from\s+['"](openpgp|[./]+crypto\/)/);
    }
  });
});
