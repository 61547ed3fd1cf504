import { describe, expect, it } from 'vitest';
import {
  CHANGBAISHAN_CODE,
  childrenOf,
  cityOf,
  isKnownRegion,
  isRegionCodeFormat,
  isWithinScope,
  PROVINCE_CODE,
  parentOf,
  REGIONS,
  regionByCode,
  regionLevel,
  regionName,
  regionScopePrefix,
} from './regions.ts';

const PREFECTURES = [
  '220100',
  '220200',
  '220300',
  '220400',
  '220500',
  '220600',
  '220700',
  '220800',
  '222400',
];

describe('region table', () => {
  it('has the province, 9 prefectures + 长白山, and 60 county-level units', () => {
    expect(PROVINCE_CODE).toBe('220000');
    expect(REGIONS.filter((r) => r.level === 'PROVINCE').map((r) => r.code)).toEqual(['220000']);
    expect(
      REGIONS.filter((r) => r.level === 'CITY')
        .map((r) => r.code)
        .sort(),
    ).toEqual([...PREFECTURES, '229900'].sort());
    expect(REGIONS.filter((r) => r.level === 'COUNTY')).toHaveLength(60);
  });

  it('has unique, well-formed codes inside Jilin, and non-empty names', () => {
    expect(new Set(REGIONS.map((r) => r.code)).size).toBe(REGIONS.length);
    for (const r of REGIONS) {
      expect(isRegionCodeFormat(r.code), r.code).toBe(true);
      expect(r.code.startsWith('22'), r.code).toBe(true);
      expect(r.name.length).toBeGreaterThan(1);
      expect(r.nameEn).toMatch(/^[A-Z]/);
      expect(regionLevel(r.code)).toBe(r.level);
    }
  });

  it('gives every county a parent that is an existing prefecture (not 长白山)', () => {
    for (const r of REGIONS.filter((x) => x.level === 'COUNTY')) {
      const parent = regionByCode(r.parent!);
      expect(parent, r.code).toBeDefined();
      expect(parent!.level).toBe('CITY');
      expect(parent!.special).toBeUndefined();
      expect(r.code.slice(0, 4)).toBe(parent!.code.slice(0, 4));
    }
  });

  it('gives every prefecture the province as parent and the province no parent', () => {
    for (const r of REGIONS.filter((x) => x.level === 'CITY')) expect(r.parent).toBe('220000');
    expect(regionByCode('220000')!.parent).toBeNull();
  });

  it('counts the county-level units per prefecture', () => {
    const counts = Object.fromEntries(PREFECTURES.map((c) => [c, childrenOf(c).length]));
    expect(counts).toEqual({
      '220100': 11,
      '220200': 9,
      '220300': 5,
      '220400': 4,
      '220500': 7,
      '220600': 6,
      '220700': 5,
      '220800': 5,
      '222400': 8,
    });
  });

  it('names the regions named in the brief', () => {
    expect(regionName('220000')).toBe('吉林省');
    expect(regionName('220100')).toBe('长春市');
    expect(regionName('220200')).toBe('吉林市');
    expect(regionName('222400')).toBe('延边朝鲜族自治州');
    expect(regionName('220102')).toBe('南关区');
    expect(regionName('220113')).toBe('九台区');
    expect(regionName('220184')).toBe('公主岭市');
    expect(regionName('220681')).toBe('临江市');
    expect(regionName('222401')).toBe('延吉市');
    expect(regionName('220381')).toBeUndefined(); // 公主岭's pre-2020 code
    expect(regionByCode('220102')).toEqual({
      code: '220102',
      name: '南关区',
      nameEn: 'Nanguan District',
      level: 'COUNTY',
      parent: '220100',
    });
  });

  it('marks 长白山保护开发区 as a special prefecture-level area under the province', () => {
    expect(CHANGBAISHAN_CODE).toBe('229900');
    expect(regionByCode('229900')).toMatchObject({
      name: '长白山保护开发区',
      level: 'CITY',
      parent: '220000',
      special: true,
    });
    expect(REGIONS.filter((r) => r.special).map((r) => r.code)).toEqual(['229900']);
    expect(childrenOf('229900')).toEqual([]);
  });
});

describe('navigation', () => {
  it('parentOf / cityOf / childrenOf', () => {
    expect(parentOf('220681')?.code).toBe('220600');
    expect(parentOf('220600')?.code).toBe('220000');
    expect(parentOf('220000')).toBeUndefined();
    expect(parentOf('110105')).toBeUndefined();
    expect(cityOf('220681')?.name).toBe('白山市');
    expect(cityOf('220184')?.name).toBe('长春市');
    expect(cityOf('220100')?.code).toBe('220100');
    expect(cityOf('220000')).toBeUndefined();
    expect(cityOf('999999')).toBeUndefined();
    expect(childrenOf('220000')).toHaveLength(10);
    expect(childrenOf('220400').map((r) => r.code)).toEqual(['220402', '220403', '220421', '220422']);
    expect(childrenOf('220102')).toEqual([]);
  });

  it('regionLevel works from the shape for any well-formed code', () => {
    expect(regionLevel('110000')).toBe('PROVINCE');
    expect(regionLevel('110100')).toBe('CITY');
    expect(regionLevel('110105')).toBe('COUNTY');
    expect(regionLevel('22010')).toBeUndefined();
    expect(regionLevel('000000')).toBeUndefined();
  });

  it('isKnownRegion', () => {
    expect(isKnownRegion('220000')).toBe(true);
    expect(isKnownRegion('222426')).toBe(true);
    expect(isKnownRegion('110105')).toBe(false);
    expect(isKnownRegion('')).toBe(false);
  });
});

describe('region code format', () => {
  it.each([
    ['220102', true],
    ['100000', true],
    ['000000', false],
    ['001234', false],
    ['22010', false],
    ['2201020', false],
    ['22O102', false],
    ['', false],
  ])('%s → %s', (code, ok) => {
    expect(isRegionCodeFormat(code)).toBe(ok);
  });
});

describe('scopes', () => {
  it('regionScopePrefix', () => {
    expect(regionScopePrefix('220000')).toBe('22');
    expect(regionScopePrefix('220100')).toBe('2201');
    expect(regionScopePrefix('220102')).toBe('220102');
    expect(regionScopePrefix('440000')).toBe('44');
    expect(regionScopePrefix('440300')).toBe('4403');
    expect(regionScopePrefix('229900')).toBe('2299');
    expect(() => regionScopePrefix('')).toThrow(RangeError);
    expect(() => regionScopePrefix('000000')).toThrow(RangeError);
    expect(() => regionScopePrefix('22AB00')).toThrow(RangeError);
  });

  it('province scope contains all of Jilin and nothing else', () => {
    for (const r of REGIONS) expect(isWithinScope('220000', r.code), r.code).toBe(true);
    expect(isWithinScope('220000', '210102')).toBe(false);
    expect(isWithinScope('220000', '110105')).toBe(false);
  });

  it('city scope contains itself and its counties only', () => {
    expect(isWithinScope('220100', '220100')).toBe(true);
    expect(isWithinScope('220100', '220102')).toBe(true);
    expect(isWithinScope('220100', '220184')).toBe(true);
    expect(isWithinScope('220100', '220202')).toBe(false);
    expect(isWithinScope('220100', '220000')).toBe(false);
    expect(isWithinScope('220600', '220681')).toBe(true);
  });

  it('county scope contains only itself', () => {
    expect(isWithinScope('220102', '220102')).toBe(true);
    expect(isWithinScope('220102', '220103')).toBe(false);
    expect(isWithinScope('220102', '220100')).toBe(false);
  });

  it('is false for malformed codes instead of throwing', () => {
    expect(isWithinScope('', '220102')).toBe(false);
    expect(isWithinScope('220000', '22')).toBe(false);
    expect(isWithinScope('000000', '000001')).toBe(false);
  });
});
