// Which resources match a query: every word occurs somewhere in the resource's text, and the filters hold.
import { FAVORITE, OWNED, SHARED, type SearchRows } from './search-rows';
import { TextFilter } from './search-text-filter';

export interface SearchFilters {
  favorites?: boolean;
  ownedByMe?: boolean;
  sharedWithMe?: boolean;
  groupId?: string;
}

function requiredFlags(filters: SearchFilters | undefined): number {
  if (!filters) return 0;
  return (filters.favorites ? FAVORITE : 0) | (filters.ownedByMe ? OWNED : 0) | (filters.sharedWithMe ? SHARED : 0);
}

/**
 * The rows among `candidates` (kept in their order) that pass the filters and contain every term. The bit filters
 * reject most rows; a string scan confirms the rest, except for the short words the bits prove.
 */
export function findMatches(rows: SearchRows, candidates: Int32Array, terms: readonly string[], filters: SearchFilters | undefined): Int32Array {
  const plan = TextFilter.plan(terms);
  const scanned = terms.filter((t) => !TextFilter.proves(t));
  const required = requiredFlags(filters);
  const groupId = filters?.groupId;
  const { flags, groups, haystacks, filter } = rows;
  const out = new Int32Array(candidates.length);
  let n = 0;
  next: for (let i = 0; i < candidates.length; i++) {
    const row = candidates[i] as number;
    if (((flags[row] as number) & required) !== required) continue;
    if (groupId !== undefined && !(groups[row] as readonly string[]).includes(groupId)) continue;
    if (!filter.mayContain(row, plan)) continue;
    for (const term of scanned) if (!(haystacks[row] as string).includes(term)) continue next;
    out[n++] = row;
  }
  return out.slice(0, n);
}
