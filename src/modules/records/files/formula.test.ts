import { describe, expect, it } from 'vitest';
import { formulaSafe, withoutFormulaEscape } from './formula.ts';

describe('formulaSafe', () => {
  it('prefixes cells a spreadsheet would run as a formula', () => {
    expect(formulaSafe('=HYPERLINK("http://x","点击")')).toBe(`'=HYPERLINK("http://x","点击")`);
    expect(formulaSafe('+1+cmd|calc')).toBe("'+1+cmd|calc");
    expect(formulaSafe('-2+3')).toBe("'-2+3");
    expect(formulaSafe('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(formulaSafe('\t=1')).toBe("'\t=1");
  });

  it('leaves ordinary text and signed numbers alone', () => {
    expect(formulaSafe('长春市某某有限公司')).toBe('长春市某某有限公司');
    expect(formulaSafe('a=b')).toBe('a=b');
    expect(formulaSafe('-12.5')).toBe('-12.5');
    expect(formulaSafe('+86')).toBe('+86');
    expect(formulaSafe('')).toBe('');
  });
});

describe('withoutFormulaEscape', () => {
  it('undoes formulaSafe for every escaped trigger', () => {
    for (const cell of ['=1+1', '+A1', '-2+3', '@x'])
      expect(withoutFormulaEscape(formulaSafe(cell))).toBe(cell);
  });

  it('keeps an apostrophe that formulaSafe did not add', () => {
    expect(withoutFormulaEscape("'s-Hertogenbosch")).toBe("'s-Hertogenbosch");
    expect(withoutFormulaEscape("'")).toBe("'");
  });
});
