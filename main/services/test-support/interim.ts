// Stand-in index used by the integration tests until D1's search service lands in main/services; the tests
// switch to it as soon as it exists. Kept deliberately simple.
import type { ResourceIndex } from '../ports';
import type { ResourceRecord } from '../vault-records';

export function substringIndex(): ResourceIndex {
  const rows = new Map<string, string>();
  const text = (r: ResourceRecord) => [r.name, r.username, r.uri, r.description].filter(Boolean).join('\n').toLowerCase();
  return {
    replaceAll(records) { rows.clear(); for (const r of records) rows.set(r.id, text(r)); },
    upsert(records) { for (const r of records) rows.set(r.id, text(r)); },
    remove(ids) { for (const id of ids) rows.delete(id); },
    search(query, limit = 100) {
      const q = query.toLowerCase();
      const out: string[] = [];
      for (const [id, t] of rows) if (t.includes(q) && out.push(id) >= limit) break;
      return out;
    },
    clear() { rows.clear(); },
  };
}
