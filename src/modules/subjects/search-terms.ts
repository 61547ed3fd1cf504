import { pinyin, polyphonic } from 'pinyin-pro';

/**
 * Search terms for Chinese names that behave the same on PGlite and PostgreSQL, whatever the
 * locale: character bigrams ("长春市" → 长春, 春市) so that partial and two-character queries hit a
 * GIN index, plus bigrams of the pinyin initials ("长春一汽" → p:cc, p:cy, p:yq) so that initials
 * typed from anywhere in the name find their candidates there; the initials column rechecks them
 * as a substring ({@link NameMatch}). Initial bigrams rather than every suffix of the initials: a
 * few hundred distinct keys instead of one per subject and position, which made the GIN index
 * three times as costly to build. Lexemes are built here and stored as a tsvector literal; no
 * text-search parser is involved.
 */

const PINYIN_PREFIX = 'p:';
const MAX_INITIALS = 24;

/** NFKC, lower-case Latin, and only letters and digits (punctuation and spaces vary between sources). */
export function normalizeName(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

export function pinyinInitials(name: string): string {
  const normalized = normalizeName(name);
  // Most names need no word context: when every character's readings share one first letter, the
  // letters are the initials (3–4× faster than segmenting, which matters when seeding millions).
  let initials = '';
  for (const ch of normalized) {
    const letter = FIRST_LETTERS.get(ch) ?? firstLetterOf(ch);
    if (!letter) return pinyinInitialsInContext(normalized);
    initials += letter;
  }
  return initials.slice(0, MAX_INITIALS);
}

/** A character's first letter when all its readings share it; '' when they differ (长: c/z) or it has none. */
const FIRST_LETTERS = new Map<string, string>();
function firstLetterOf(ch: string): string {
  const letters = new Set(polyphonic(ch, { pattern: 'first', toneType: 'none', type: 'array' })[0] ?? []);
  const [only] = letters;
  const letter = letters.size === 1 && /^[a-z0-9]$/.test(only) ? only : '';
  FIRST_LETTERS.set(ch, letter);
  return letter;
}

/** Initials of a normalised name read with word context: the reference {@link pinyinInitials} must agree with. */
export function pinyinInitialsInContext(normalized: string): string {
  // segmentit 2 (reverse maximum matching) keeps word context for polyphones (长春 → cc, 重庆 → cq)
  // at about 1.5× the default's speed.
  const letters = pinyin(normalized, {
    pattern: 'first',
    toneType: 'none',
    type: 'array',
    segmentit: 2,
  });
  return letters
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, MAX_INITIALS);
}

export function searchLexemes(name: string, initials: string): string[] {
  const chars = [...normalizeName(name)];
  const lexemes = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) lexemes.add(chars[i] + chars[i + 1]);
  // The last character alone, so that one-character prefix queries reach it too.
  if (chars.length) lexemes.add(chars[chars.length - 1]);
  for (let i = 0; i + 1 < initials.length; i++) lexemes.add(PINYIN_PREFIX + initials.slice(i, i + 2));
  return [...lexemes];
}

/** A tsvector literal: each lexeme quoted, so no parser or dictionary touches it. */
export function toTsvectorLiteral(lexemes: string[]): string {
  return lexemes.map(quoteLexeme).join(' ');
}

function quoteLexeme(lexeme: string): string {
  // Most lexemes (Chinese bigrams, pinyin initials) need no escaping: skip the two regex passes.
  if (!NEEDS_ESCAPE.test(lexeme)) return `'${lexeme}'`;
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
const NEEDS_ESCAPE = /['\\]/;

/**
 * What a name query matches: `text`, a tsquery over the name's bigrams; for all-Latin input also
 * `initials.substring` anywhere in the pinyin initials, found through `initials.query` (its bigrams)
 * and rechecked as a substring, since bigrams alone do not keep their order.
 */
export interface NameMatch {
  text: string;
  initials: { query: string; substring: string } | null;
}

/** A user's query as a {@link NameMatch}, or null when nothing searchable remains. */
export function buildNameMatch(query: string): NameMatch | null {
  const chars = [...normalizeName(query)];
  if (!chars.length) return null;
  const text =
    chars.length === 1
      ? `${quoteLexeme(chars[0])}:*`
      : [...new Set(chars.slice(0, -1).map((c, i) => c + chars[i + 1]))].map(quoteLexeme).join(' & ');
  const joined = chars.join('');
  if (!(/^[a-z0-9]+$/.test(joined) && /[a-z]/.test(joined) && joined.length >= 2))
    return { text, initials: null };
  const substring = joined.slice(0, MAX_INITIALS);
  const bigrams = new Set<string>();
  for (let i = 0; i + 1 < substring.length; i++) bigrams.add(PINYIN_PREFIX + substring.slice(i, i + 2));
  return { text, initials: { query: [...bigrams].map(quoteLexeme).join(' & '), substring } };
}
