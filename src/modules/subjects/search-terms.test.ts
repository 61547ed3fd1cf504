import { describe, expect, it } from 'vitest';
import {
  buildNameMatch,
  normalizeName,
  pinyinInitials,
  searchLexemes,
  toTsvectorLiteral,
} from './search-terms.ts';

describe('search terms', () => {
  it('normalises punctuation, width and case', () => {
    expect(normalizeName(' 长春（一汽）Ａｂｃ 有限公司 ')).toBe('长春一汽abc有限公司');
  });

  it('makes pinyin initials with polyphonic context', () => {
    expect(pinyinInitials('长春一汽')).toBe('ccyq');
    expect(pinyinInitials('重庆银行')).toBe('cqyh');
  });

  it('makes bigrams, the last character and bigrams of the initials', () => {
    const lexemes = searchLexemes('长春一汽', 'ccyq');
    expect(lexemes).toEqual(['长春', '春一', '一汽', '汽', 'p:cc', 'p:cy', 'p:yq']);
    expect(searchLexemes('长长长', 'ccc')).toEqual(['长长', '长', 'p:cc']);
  });

  it('quotes lexemes so quotes and backslashes survive', () => {
    expect(toTsvectorLiteral(["a'b", 'c\\d'])).toBe("'a''b' 'c\\\\d'");
  });

  it('builds queries: one character is a prefix, more are bigrams, Latin is also initials', () => {
    expect(buildNameMatch('长')).toEqual({ text: "'长':*", initials: null });
    expect(buildNameMatch('长春市')).toEqual({ text: "'长春' & '春市'", initials: null });
    expect(buildNameMatch('CCYQ')).toEqual({
      text: "'cc' & 'cy' & 'yq'",
      initials: { query: "'p:cc' & 'p:cy' & 'p:yq'", substring: 'ccyq' },
    });
    // One letter is too short for initials; digits alone are never initials.
    expect(buildNameMatch('c')).toEqual({ text: "'c':*", initials: null });
    expect(buildNameMatch('2026')?.initials).toBeNull();
    expect(buildNameMatch('cc')?.initials).toEqual({ query: "'p:cc'", substring: 'cc' });
    expect(buildNameMatch('  ，')).toBeNull();
  });
});
