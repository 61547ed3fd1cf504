import { describe, expect, it } from 'vitest';
import { generateDemoData } from '../../seed/generator.ts';
import {
  buildNameMatch,
  normalizeName,
  pinyinInitials,
  pinyinInitialsInContext,
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
    expect(pinyinInitials('吉林省KTV 123号')).toBe('jlsktv123h');
    expect(pinyinInitials('银行长')).toBe(pinyinInitialsInContext('银行长'));
  });

  it('reads names character by character only where that gives what word context gives', () => {
    // Every name of 60,000 generated subjects (all five types, former names included).
    let names = 0;
    for (const batch of generateDemoData({ subjects: 60_000, seed: 77 }))
      for (const s of batch.subjects)
        for (const name of [s.name, ...s.formerNames]) {
          names++;
          expect(pinyinInitials(name), name).toBe(pinyinInitialsInContext(normalizeName(name)));
        }
    expect(names).toBeGreaterThanOrEqual(60_000);
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
