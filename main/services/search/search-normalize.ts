// Case and diacritic folding for search: "Crème BRÛLÉE" -> "creme brulee". `normalizeForSearch` is the definition;
// `foldForSearch` gives the same result faster for the text the index holds (most of it Latin script), so that
// building the index does not run Unicode decomposition over every resource.

const COMBINING_MARKS = /\p{M}/gu;
// eslint-disable-next-line no-control-regex -- "every character is ASCII", control characters included
const ASCII_ONLY = /^[\x00-\x7f]*$/;
// eslint-disable-next-line no-control-regex -- every character outside ASCII
const NON_ASCII = /[^\x00-\x7f]/g;

/** Lowercases and strips diacritics ("Ÿé" -> "ye"): decompose (NFD), drop combining marks, lowercase. */
export function normalizeForSearch(text: string): string {
  if (ASCII_ONLY.test(text)) return text.toLowerCase(); // the common case, 10x cheaper than NFD
  return text.normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase();
}

/** Characters below this (Latin, Greek, Cyrillic) are folded one by one from a table. */
const TABLE_END = 0x500;
const GREEK_CAPITAL_SIGMA = 0x3a3;

/**
 * What `normalizeForSearch` makes of each character on its own, where that is what it makes of the character inside
 * any text: decomposition and mark removal work per character, and lowercasing too except for capital sigma, whose
 * lowercase depends on the letters around it (final ς or σ), so it is left out. Results longer than one character
 * are left out too (none in this range, kept general).
 */
const FOLDED: (string | undefined)[] = Array.from({ length: TABLE_END }, (_, code) => {
  if (code < 0x80 || code === GREEK_CAPITAL_SIGMA) return undefined;
  const folded = normalizeForSearch(String.fromCharCode(code));
  return folded.length <= 1 ? folded : undefined;
});

/** Exactly `normalizeForSearch(text)`, about four times faster on text with accented Latin letters. */
export function foldForSearch(text: string): string {
  if (ASCII_ONLY.test(text)) return text.toLowerCase();
  let tableCovers = true;
  const folded = text.replace(NON_ASCII, (ch) => {
    const code = ch.charCodeAt(0);
    const replacement = code < TABLE_END ? FOLDED[code] : undefined;
    if (replacement === undefined) tableCovers = false;
    return replacement ?? ch;
  });
  // Table results are already lowercase; lowercasing the rest is per character (no sigma left).
  return tableCovers ? folded.toLowerCase() : normalizeForSearch(text);
}
