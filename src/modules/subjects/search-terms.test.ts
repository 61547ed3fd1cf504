import { describe, expect, it } from 'vitest';
import {
  buildTsquery,
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

  it('makes bigrams, the last character and initials suffixes', () => {
    const lexemes = searchLexemes('长春一汽', 'ccyq');
    expect(lexemes).toEqual(['长春', '春一', '一汽', '汽', 'p:ccyq', 'p:cyq', 'p:yq']);
  });

  it('quotes lexemes so quotes and backslashes survive', () => {
    expect(toTsvectorLiteral(["a'b", 'c\\d'])).toBe("'a''b' 'c\\\\d'");
  });

  it('builds queries: one character is a prefix, more are bigrams, Latin is also pinyin', () => {
    expect(buildTsquery('长')).toBe("'长':*");
    expect(buildTsquery('长春市')).toBe("'长春' & '春市'");
    expect(buildTsquery('ccyq')).toBe("('p:ccyq':*) | ('cc' & 'cy' & 'yq')");
    expect(buildTsquery('  ，')).toBeNull();
  });
});
