// Text that came from other people (item names, usernames, addresses, descriptions, user names) is shown as text
// only, and characters that could make it pretend to be something else are made visible: bidirectional
// overrides and isolates (U+202A–U+202E, U+2066–U+2069), zero-width and direction marks (U+200B–U+200F), the
// word joiner and the byte-order mark. A name like "moc.elgoog\u202E" cannot then read as another.
const hidden = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

const names: Readonly<Record<number, string>> = {
  0x200b: 'ZWSP', 0x200c: 'ZWNJ', 0x200d: 'ZWJ', 0x200e: 'LRM', 0x200f: 'RLM',
  0x202a: 'LRE', 0x202b: 'RLE', 0x202c: 'PDF', 0x202d: 'LRO', 0x202e: 'RLO',
  0x2060: 'WJ', 0x2061: 'FA', 0x2062: 'IT', 0x2063: 'IS', 0x2064: 'IP',
  0x2066: 'LRI', 0x2067: 'RLI', 0x2068: 'FSI', 0x2069: 'PDI', 0xfeff: 'BOM',
};

export type Piece = { readonly text: string } | { readonly mark: string; readonly codePoint: string };

/** The longest run of untrusted text put in the page at once; a 50,000-character name is cut (the title says so). */
export const MAX_SHOWN = 2_000;

function markName(char: string): string {
  return names[char.codePointAt(0) ?? 0] ?? 'CTRL';
}

function hex(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Splits text into plain runs and visible markers for the hidden characters. */
export function pieces(value: string, max: number = MAX_SHOWN): Piece[] {
  const text = value.length > max ? `${value.slice(0, max)}…` : value;
  const out: Piece[] = [];
  let last = 0;
  for (const match of text.matchAll(hidden)) {
    const at = match.index;
    if (at > last) out.push({ text: text.slice(last, at) });
    out.push({ mark: markName(match[0]), codePoint: hex(match[0]) });
    last = at + match[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

/** A plain-text rendering with the same markers, for tooltips and accessible names. */
export function visible(value: string, max: number = MAX_SHOWN): string {
  const text = value.length > max ? `${value.slice(0, max)}… (${value.length.toLocaleString('en')} characters)` : value;
  return text.replace(hidden, (c) => `[${markName(c)}]`);
}

/** Whether the text carries any character that `pieces` would mark. */
export function hasHidden(value: string): boolean {
  hidden.lastIndex = 0;
  const found = hidden.test(value);
  hidden.lastIndex = 0;
  return found;
}
