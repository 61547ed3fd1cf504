import { describe, expect, it } from 'vitest';
import { canonicalBytes, canonicalJson } from './jcs.ts';

describe('RFC 8785 JCS', () => {
  it('§3.2.3 sorts members by UTF-16 code units', () => {
    const input = JSON.parse(`{
      "\\u20ac": "Euro Sign",
      "\\r": "Carriage Return",
      "\\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\\ud83d\\ude00": "Emoji: Grinning Face",
      "\\u0080": "Control",
      "\\u00f6": "Latin Small Letter O With Diaeresis"
    }`);
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\u{1f600}":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('§3.2.2 sample: literals and string escaping (numbers are covered by the integer rule)', () => {
    const input = JSON.parse(`{
      "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
      "literals": [null, true, false]
    }`);
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
    // §3.2.2's numbers are not integers: rejected by design.
    expect(() => canonicalJson({ numbers: [Number('333333333.33333329'), 1e30, 4.5, 2e-3, 1e-27] })).toThrow(
      /安全整数/,
    );
  });

  // cyberphone/json-canonicalization testdata (input → output).
  it('testdata/weird.json', () => {
    const input = JSON.parse(`{
      "\\u20ac": "Euro Sign",
      "1": "One",
      "\\u0080": "Control\\u007f",
      "\\ud83d\\ude02": "Smiley",
      "\\u00f6": "Latin Small Letter O With Diaeresis",
      "\\ufb33": "Hebrew Letter Dalet With Dagesh",
      "</script>": "Browser Challenge"
    }`);
    expect(canonicalJson(input)).toBe(
      '{"1":"One","</script>":"Browser Challenge","\u0080":"Control\u007f","ö":"Latin Small Letter O With Diaeresis",' +
        '"€":"Euro Sign","\u{1f602}":"Smiley","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('testdata/structures.json, arrays.json, french.json, unicode.json', () => {
    const structures = JSON.parse(
      '{"1": {"f": {"f": "hi","F": 5} ,"\\n": 56.0}, "10": { }, "": "empty", "a": { }, "111": [ { } ], "A": { }}',
    );
    expect(canonicalJson(structures)).toBe(
      '{"":"empty","1":{"\\n":56,"f":{"F":5,"f":"hi"}},"10":{},"111":[{}],"A":{},"a":{}}',
    );
    expect(canonicalJson(JSON.parse('[56, {"d": true, "10": null, "1": [ ]}]'))).toBe(
      '[56,{"1":[],"10":null,"d":true}]',
    );
    const french = {
      peach: 'This sorting order',
      péché: 'is wrong according to French',
      pêche: 'but canonicalization MUST',
      sin: 'ingnore locale',
    };
    expect(canonicalJson(french)).toBe(
      '{"peach":"This sorting order","péché":"is wrong according to French","pêche":"but canonicalization MUST","sin":"ingnore locale"}',
    );
    // No Unicode normalization.
    expect(canonicalJson({ 'Unnormalized Unicode': '\u1e0d\u0307' })).toBe(
      '{"Unnormalized Unicode":"\u1e0d\u0307"}',
    );
  });

  it('testdata/outhex/simpleString.txt: UTF-8 bytes', () => {
    const hex = '22 74 68 69 73 20 69 73 20 61 20 74 65 73 74 20 73 74 72 69 6E 67 20 31 32 33 35 22';
    expect(canonicalBytes('this is a test string 1235')).toEqual(Buffer.from(hex.replaceAll(' ', ''), 'hex'));
    expect(canonicalBytes({ 名称: '信用' })).toEqual(Buffer.from('{"名称":"信用"}', 'utf8'));
  });

  it('integers: safe integers only, -0 is 0', () => {
    expect(canonicalJson([0, -0, 1, -1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER])).toBe(
      '[0,0,1,-1,9007199254740991,-9007199254740991]',
    );
    for (const bad of [1.5, 0.1, Number.NaN, Number.POSITIVE_INFINITY, -Infinity, 2 ** 53, 1e21])
      expect(() => canonicalJson({ amount: bad }), String(bad)).toThrow(/\$\.amount/);
  });

  it('skips undefined members (as JSON.stringify does), rejects undefined elsewhere', () => {
    expect(canonicalJson({ b: 1, a: undefined })).toBe('{"b":1}');
    expect(canonicalJson({ b: 1, a: undefined })).toBe(
      canonicalJson(JSON.parse(JSON.stringify({ b: 1, a: undefined }))),
    );
    expect(() => canonicalJson([1, undefined])).toThrow(/\$\[1\]/);
    expect(() => canonicalJson(undefined)).toThrow();
  });

  it('rejects values JSON cannot carry faithfully', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const bad of [
      cyclic,
      new Date(0),
      new Map(),
      1n,
      () => 1,
      Symbol('x'),
      { s: '\ud800' },
      { '\udc00': 1 },
    ])
      expect(() => canonicalJson(bad)).toThrow(/JCS/);
    // Shared (non-cyclic) references are fine.
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
    expect(canonicalJson(Object.assign(Object.create(null), { z: 1, a: 2 }))).toBe('{"a":2,"z":1}');
  });
});
