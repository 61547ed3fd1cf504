/**
 * GB/T 2260 administrative division codes for Jilin province (吉林省, 220000), DOMAIN §2.
 *
 * A code is PPCCXX: PP province, CC prefecture (00 = the province itself), XX county (00 = the
 * prefecture itself). Level and parent are derived from that shape, so the table only lists
 * code, Chinese name and English name.
 *
 * Not included: the NBS-only "functional zone" codes (e.g. 220171–220174 for Changchun's
 * development zones), which are statistical codes, not GB/T 2260 divisions.
 */

export type RegionLevel = 'PROVINCE' | 'CITY' | 'COUNTY';

export type Region = {
  code: string;
  name: string;
  nameEn: string;
  level: RegionLevel;
  parent: string | null;
  /** Set on areas that are not GB/T 2260 divisions but are administered as one (长白山). */
  special?: true;
};

export const PROVINCE_CODE = '220000';

/**
 * 长白山保护开发区 is run by a province-level management committee (管委会) and is not a GB/T 2260
 * division, so it has no official code. 229900 is a platform-local code: prefecture slot 99 is
 * unused by GB/T 2260 in Jilin, so it cannot collide with a real division, and it still sits
 * inside the province's '22' scope.
 */
export const CHANGBAISHAN_CODE = '229900';

// [code, name, nameEn]. Prefectures first, each followed by its county-level units.
const ROWS: readonly (readonly [string, string, string])[] = [
  ['220000', '吉林省', 'Jilin Province'],

  ['220100', '长春市', 'Changchun City'],
  ['220102', '南关区', 'Nanguan District'],
  ['220103', '宽城区', 'Kuancheng District'],
  ['220104', '朝阳区', 'Chaoyang District'],
  ['220105', '二道区', 'Erdao District'],
  ['220106', '绿园区', 'Lüyuan District'],
  ['220112', '双阳区', 'Shuangyang District'],
  ['220113', '九台区', 'Jiutai District'],
  ['220122', '农安县', "Nong'an County"],
  ['220182', '榆树市', 'Yushu City'],
  ['220183', '德惠市', 'Dehui City'],
  // Transferred from 四平 (old code 220381) to 长春 in 2020.
  ['220184', '公主岭市', 'Gongzhuling City'],

  ['220200', '吉林市', 'Jilin City'],
  ['220202', '昌邑区', 'Changyi District'],
  ['220203', '龙潭区', 'Longtan District'],
  ['220204', '船营区', 'Chuanying District'],
  ['220211', '丰满区', 'Fengman District'],
  ['220221', '永吉县', 'Yongji County'],
  ['220281', '蛟河市', 'Jiaohe City'],
  ['220282', '桦甸市', 'Huadian City'],
  ['220283', '舒兰市', 'Shulan City'],
  ['220284', '磐石市', 'Panshi City'],

  ['220300', '四平市', 'Siping City'],
  ['220302', '铁西区', 'Tiexi District'],
  ['220303', '铁东区', 'Tiedong District'],
  ['220322', '梨树县', 'Lishu County'],
  ['220323', '伊通满族自治县', 'Yitong Manchu Autonomous County'],
  ['220382', '双辽市', 'Shuangliao City'],

  ['220400', '辽源市', 'Liaoyuan City'],
  ['220402', '龙山区', 'Longshan District'],
  ['220403', '西安区', "Xi'an District"],
  ['220421', '东丰县', 'Dongfeng County'],
  ['220422', '东辽县', 'Dongliao County'],

  ['220500', '通化市', 'Tonghua City'],
  ['220502', '东昌区', 'Dongchang District'],
  ['220503', '二道江区', 'Erdaojiang District'],
  ['220521', '通化县', 'Tonghua County'],
  ['220523', '辉南县', 'Huinan County'],
  ['220524', '柳河县', 'Liuhe County'],
  ['220581', '梅河口市', 'Meihekou City'],
  ['220582', '集安市', "Ji'an City"],

  ['220600', '白山市', 'Baishan City'],
  ['220602', '浑江区', 'Hunjiang District'],
  ['220605', '江源区', 'Jiangyuan District'],
  ['220621', '抚松县', 'Fusong County'],
  ['220622', '靖宇县', 'Jingyu County'],
  ['220623', '长白朝鲜族自治县', 'Changbai Korean Autonomous County'],
  ['220681', '临江市', 'Linjiang City'],

  ['220700', '松原市', 'Songyuan City'],
  ['220702', '宁江区', 'Ningjiang District'],
  ['220721', '前郭尔罗斯蒙古族自治县', 'Qian Gorlos Mongol Autonomous County'],
  ['220722', '长岭县', 'Changling County'],
  ['220723', '乾安县', "Qian'an County"],
  ['220781', '扶余市', 'Fuyu City'],

  ['220800', '白城市', 'Baicheng City'],
  ['220802', '洮北区', 'Taobei District'],
  ['220821', '镇赉县', 'Zhenlai County'],
  ['220822', '通榆县', 'Tongyu County'],
  ['220881', '洮南市', 'Taonan City'],
  ['220882', '大安市', "Da'an City"],

  ['222400', '延边朝鲜族自治州', 'Yanbian Korean Autonomous Prefecture'],
  ['222401', '延吉市', 'Yanji City'],
  ['222402', '图们市', 'Tumen City'],
  ['222403', '敦化市', 'Dunhua City'],
  ['222404', '珲春市', 'Hunchun City'],
  ['222405', '龙井市', 'Longjing City'],
  ['222406', '和龙市', 'Helong City'],
  ['222424', '汪清县', 'Wangqing County'],
  ['222426', '安图县', 'Antu County'],

  [CHANGBAISHAN_CODE, '长白山保护开发区', 'Changbai Mountain Protection and Development Zone'],
];

/** Any 6-digit code whose province part is not 00 (USCC national-level registrations use 100000). */
export function isRegionCodeFormat(code: string): boolean {
  return /^\d{6}$/.test(code) && code.slice(0, 2) !== '00';
}

/**
 * Level implied by the code's shape: XX0000 province, XXXX00 prefecture, otherwise county.
 * Works for any well-formed code, including ones not in the table; undefined if malformed.
 */
export function regionLevel(code: string): RegionLevel | undefined {
  if (!isRegionCodeFormat(code)) return undefined;
  if (code.endsWith('0000')) return 'PROVINCE';
  if (code.endsWith('00')) return 'CITY';
  return 'COUNTY';
}

function parentCodeOf(code: string): string | null {
  const level = regionLevel(code);
  if (level === 'PROVINCE' || level === undefined) return null;
  if (level === 'CITY') return `${code.slice(0, 2)}0000`;
  return `${code.slice(0, 4)}00`;
}

export const REGIONS: readonly Region[] = Object.freeze(
  ROWS.map(([code, name, nameEn]): Region => {
    const region: Region = { code, name, nameEn, level: regionLevel(code)!, parent: parentCodeOf(code) };
    if (code === CHANGBAISHAN_CODE) region.special = true;
    return Object.freeze(region);
  }),
);

const BY_CODE: ReadonlyMap<string, Region> = new Map(REGIONS.map((r) => [r.code, r]));

export function regionByCode(code: string): Region | undefined {
  return BY_CODE.get(code);
}

export function regionName(code: string): string | undefined {
  return BY_CODE.get(code)?.name;
}

export function isKnownRegion(code: string): boolean {
  return BY_CODE.has(code);
}

/** The parent region in the table (county → prefecture, prefecture → province). */
export function parentOf(code: string): Region | undefined {
  const parent = BY_CODE.get(code)?.parent;
  return parent ? BY_CODE.get(parent) : undefined;
}

/** Direct children in the table, in table order. */
export function childrenOf(code: string): Region[] {
  return REGIONS.filter((r) => r.parent === code);
}

/** The prefecture-level unit a known region belongs to: itself for a prefecture, undefined for the province. */
export function cityOf(code: string): Region | undefined {
  const region = BY_CODE.get(code);
  if (!region) return undefined;
  if (region.level === 'CITY') return region;
  if (region.level === 'COUNTY') return parentOf(code);
  return undefined;
}

/**
 * The prefix shared by every code inside the scope of `code`: '220000' → '22', '220100' → '2201',
 * '220102' → '220102'. Works for any well-formed GB/T 2260 code; throws RangeError otherwise, since
 * a wrong prefix (e.g. '' for garbage) would silently widen a data-access scope.
 */
export function regionScopePrefix(code: string): string {
  const level = regionLevel(code);
  if (level === 'PROVINCE') return code.slice(0, 2);
  if (level === 'CITY') return code.slice(0, 4);
  if (level === 'COUNTY') return code;
  throw new RangeError(`Not a GB/T 2260 region code: ${JSON.stringify(code)}`);
}

/** Whether `regionCode` lies inside (or is) `scopeCode`. False if either code is malformed. */
export function isWithinScope(scopeCode: string, regionCode: string): boolean {
  if (!isRegionCodeFormat(scopeCode) || !isRegionCodeFormat(regionCode)) return false;
  return regionCode.startsWith(regionScopePrefix(scopeCode));
}
