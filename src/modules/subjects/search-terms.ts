import { pinyin } from 'pinyin-pro';

/**
 * Search terms for Chinese names that behave the same on PGlite and PostgreSQL, whatever the
 * locale: character bigrams ("长春市" → 长春, 春市) so that partial and two-character queries hit a
 * GIN index, plus suffixes of the pinyin initials ("长春一汽" → p:ccyq, p:cyq, p:yq) so that
 * initials typed from anywhere in the name match by prefix. Lexemes are built here and stored
 * as a tsvector literal; no text-search parser is involved.
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
  // segmentit 2 (reverse maximum matching) keeps word context for polyphones (长春 → cc, 重庆 → cq)
  // at about 1.5× the default's speed, which matters when seeding millions of names.
  const letters = pinyin(normalizeName(name), {
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
  for (let i = 0; i + 1 < initials.length; i++) lexemes.add(PINYIN_PREFIX + initials.slice(i));
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
 * A tsquery for a user's query, or null when nothing searchable remains.
 * All-Latin input is read both as pinyin initials and as Latin text in the name.
 */
export function buildTsquery(query: string): string | null {
  const chars = [...normalizeName(query)];
  if (!chars.length) return null;
  const text =
    chars.length === 1
      ? `${quoteLexeme(chars[0])}:*`
      : [...new Set(chars.slice(0, -1).map((c, i) => c + chars[i + 1]))].map(quoteLexeme).join(' & ');
  const joined = chars.join('');
  if (/^[a-z0-9]+$/.test(joined) && /[a-z]/.test(joined) && joined.length >= 2) {
    return `(${quoteLexeme(PINYIN_PREFIX + joined.slice(0, MAX_INITIALS))}:*) | (${text})`;
  }
  return text;
}
