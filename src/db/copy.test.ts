import { describe, expect, it } from 'vitest';
import { byteaInput, copyField, copyRow, textArrayInput } from './copy.ts';

describe('COPY text format', () => {
  it('escapes backslash, tab, newline and carriage return, and writes NULL as \\N', () => {
    expect(copyField('长春')).toBe('长春');
    expect(copyField('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyField(null)).toBe('\\N');
    expect(copyField('\\N')).toBe('\\\\N');
    expect(copyField('')).toBe('');
  });

  it('joins fields with tabs', () => {
    expect(copyRow(['1', null, 'x\ty'])).toBe('1\t\\N\tx\\ty');
  });

  it('writes bytea as hex input and text[] with every element quoted', () => {
    expect(byteaInput(Buffer.from([0, 255]))).toBe('\\x00ff');
    expect(byteaInput(new Uint8Array([1, 2, 3]).subarray(1))).toBe('\\x0203');
    expect(byteaInput(null)).toBeNull();
    expect(textArrayInput([])).toBe('{}');
    expect(textArrayInput(['a"b', 'c\\d', '甲,乙'])).toBe('{"a\\"b","c\\\\d","甲,乙"}');
  });
});
