import { describe, expect, it } from 'vitest';
import { foldRecord, SearchRows } from './search-rows';
import { Scorer } from './search-scoring';
import { charMask, termMask } from './search-field-masks';

function rowsOf(...records: { name: string; username?: string; uri?: string; description?: string }[]): SearchRows {
  const rows = new SearchRows();
  records.forEach((r, i) => {
    const record = { id: `r${i}`, name: r.name, username: r.username ?? null, uri: r.uri ?? null, description: r.description ?? null, modified: '', permission: 15 };
    rows.set(rows.allocate(), record, foldRecord(record));
  });
  return rows;
}

describe('field masks', () => {
  it('record each field’s characters and the characters that begin a word inside it', () => {
    const rows = rowsOf({ name: 'Git Hub', username: 'ops-team', uri: 'https://db.example.com', description: '' });
    const [name, username, uri, description] = rows.fieldChars.subarray(0, 4);
    const [nameStarts, usernameStarts, uriStarts] = rows.wordStarts.subarray(0, 4);
    expect(name).toBe(termMask('git hub'));
    expect(username).toBe(termMask('ops-team'));
    expect(uri! & charMask('x'.charCodeAt(0))).not.toBe(0);
    expect(description).toBe(0);
    // "hub" begins a word in the name; "g" begins the field, which prefix matching handles, not these masks.
    expect(nameStarts).toBe(charMask('h'.charCodeAt(0)));
    expect(usernameStarts).toBe(charMask('t'.charCodeAt(0)));
    expect(uriStarts! & charMask('d'.charCodeAt(0))).not.toBe(0); // after "//"
    expect(uriStarts! & charMask('t'.charCodeAt(0))).toBe(0); // "ttps" continues "h"
  });

  it('bound the score of any word, and give the exact score of a single letter without reading the text', () => {
    const rows = rowsOf(
      { name: 'alpha beta', username: 'gamma', uri: 'https://delta.example', description: 'a b c 42 x-ray' },
      { name: 'zeta', username: 'eta_theta', uri: '', description: 'theta iota' },
      { name: 'Crème brûlée', username: 'chef', uri: 'https://bistro.example/menu', description: 'dessert 1999' },
    );
    const scorer = new Scorer(rows);
    const words = ['a', 'b', 'e', 't', 'x', 'h', 'm', 'ta', 'eta', 'ray', 'ample', 'br', 'ule', '42', '19', 'creme', 'u'];
    let exactChecks = 0;
    for (let row = 0; row < 3; row++) {
      for (const word of words) {
        scorer.prepare([word]);
        const haystack = rows.haystacks[row] as string;
        if (!haystack.includes(word) || scorer.prefixScore(row, word) > 0) continue;
        const score = scorer.restScore(row, word, 0);
        const high = scorer.restBounds(row, 0);
        const low = scorer.lastRestFloor;
        expect(score, `${word} in row ${row}`).toBeLessThanOrEqual(high);
        expect(score, `${word} in row ${row}`).toBeGreaterThanOrEqual(low);
        if (/^[a-z]$/.test(word)) {
          expect([low, high], `${word} in row ${row}`).toEqual([score, score]);
          exactChecks++;
        }
      }
    }
    expect(exactChecks).toBeGreaterThan(10);
  });
});
