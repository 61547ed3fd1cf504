/**
 * Deterministic, streaming demo-data generator: subjects of all five types (DOMAIN §1) with valid
 * identifiers (DOMAIN §2) and their legal-representative / shareholder relations.
 *
 * Used for the first-start demo (~5,000 subjects) and for benchmarks (millions), so it streams
 * batches and keeps only small, bounded state:
 *
 * - One sequential PRNG (sfc32) drives everything, and batches are mere slices of that single
 *   stream: the output for a given (subjects, seed) is identical whatever `batchSize` is.
 * - Uniqueness is by construction, never by a set of everything generated so far:
 *   · `key`: a 4-round Feistel permutation (keyed by the seed) of the 60-bit subject index,
 *     printed as 15 hex digits — a bijection, so distinct indexes give distinct keys.
 *   · USCC: positions 9–16 (organisation-code body) come from a global counter pushed through a
 *     keyed bijection of the body space (8 digits for organisations established before
 *     2015-10-01, 'MA' + 6 code characters afterwards — disjoint spaces). Distinct bodies give
 *     distinct codes, whatever the other positions are (10^8 resp. 31^6 organisations).
 *   · Identity number: per county a counter is mapped through a keyed bijection of
 *     (birth day 1950–2006) × (sequence 000–999), i.e. ~20.8 million numbers per county.
 *   · Organisation names: every name is "bucket part + slot part", where the bucket (e.g. region
 *     prefix + industry word) is fixed by the random choices and the slot (e.g. the 字号) is the
 *     bucket's counter pushed through a keyed bijection of a finite slot space; when a bucket's
 *     space is exhausted a suffix ('二店', a third 字号 character, '（二）') starts a new round.
 *     State is one counter per bucket (bounded by the pool sizes, not by the output size), plus
 *     a ring of recent companies for 分公司 names ('…公司朝阳分公司', then '…朝阳第二分公司').
 *     Kinds of organisation end in different words (公司, 店/馆…, 合作社, 局/政府/所, 学校/医院…,
 *     协会/学会…, 基金会) and the pools avoid characters that would let one bucket's prefix run
 *     into another's, so names of different buckets do not coincide either; bench/generator.ts
 *     --check verifies all of this by brute force (no duplicate at 2,000,000 subjects).
 * - Relations point at individuals generated earlier in the stream (a ring of the most recent
 *   8,192), so they are always in the same or an earlier batch.
 *
 * Capital amounts are computed in integer units of 0.0001 万元 and printed as decimal strings.
 * Speed: ~200,000+ subjects/s on one core (see bench/generator.ts); identifiers are built as
 * character codes, name buckets are typed-array counters, number strings come from tables.
 */
import { REGIONS } from '../modules/identifiers/regions.ts';
import { RIC_WEIGHTS } from '../modules/identifiers/ric.ts';
import { ORG_CODE_WEIGHTS, USCC_ALPHABET, USCC_WEIGHTS } from '../modules/identifiers/uscc.ts';
import {
  SUBJECT_SUB_TYPES,
  type SubjectSubType,
  type SubjectType,
} from '../modules/subjects/subject-types.ts';
import * as names from './names.ts';

// Plain object copy: property reads on a module namespace object are slower in the hot loop.
const T = { ...names };

export type SubjectStatus = 'ACTIVE' | 'REVOKED' | 'CANCELLED' | 'DISSOLVED'; // 存续, 吊销, 注销, 撤销
export type RelationRole = 'LEGAL_REPRESENTATIVE' | 'PRINCIPAL' | 'SHAREHOLDER' | 'DIRECTOR';

export interface GeneratedSubject {
  /** Opaque public id: 'S' + 15 lowercase hex digits, deterministic from (seed, index), unique. */
  key: string;
  type: SubjectType;
  subType: SubjectSubType;
  name: string;
  formerNames: string[];
  /** Organisations: valid GB 32100 code; region part = the registering authority's region. */
  uscc: string | null;
  /** Individuals: valid GB 11643 number whose address code is a Jilin county code. */
  identityNumber: string | null;
  /** A Jilin county-level code. */
  regionCode: string;
  address: string | null;
  phone: string | null;
  registrationAuthority: string | null;
  /** YYYY-MM-DD, organisations only. */
  establishedOn: string | null;
  birthDate?: never;
  status: SubjectStatus;
  /** Display name of the legal representative / principal (organisations). */
  legalRepresentative: string | null;
  /** GB/T 4754 section name (enterprises). */
  industry: string | null;
  /** 万元 as a decimal string with up to 4 decimals (enterprises; null for 分公司). */
  registeredCapital: string | null;
}

export interface GeneratedRelation {
  orgKey: string;
  personKey: string;
  /** Positions of the organisation and the person in the generated stream (0-based). */
  org: number;
  person: number;
  role: RelationRole;
  since: string;
  until: string | null;
}

export interface GeneratedBatch {
  subjects: GeneratedSubject[];
  relations: GeneratedRelation[];
}

export interface GenerateOptions {
  subjects: number;
  seed: number;
  /** Subjects per yielded batch; default 1000. Does not change the generated data. */
  batchSize?: number;
}

/** Yields batches of `batchSize` subjects (the last may be smaller), `opts.subjects` in total. */
export function* generateDemoData(opts: GenerateOptions): Generator<GeneratedBatch> {
  const total = opts.subjects;
  const batchSize = opts.batchSize ?? 1000;
  if (!Number.isSafeInteger(total) || total < 0)
    throw new RangeError('subjects must be a non-negative integer');
  if (!Number.isSafeInteger(batchSize) || batchSize < 1)
    throw new RangeError('batchSize must be a positive integer');
  if (!Number.isFinite(opts.seed)) throw new RangeError('seed must be a finite number');
  const gen = new DemoGenerator(opts.seed);
  let done = 0;
  while (done < total) {
    const n = Math.min(batchSize, total - done);
    const batch: GeneratedBatch = { subjects: [], relations: [] };
    for (let i = 0; i < n; i++) gen.next(batch);
    done += n;
    yield batch;
  }
}

// =============================================================================================
// Small numeric tools

/** murmur3 finaliser: a good 32-bit mixer. */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** mix32 folded to 31 bits, so that `%` stays in integer arithmetic. */
function mix31(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x & 0x7fffffff;
}

function hashString(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return mix32(h);
}

/** sfc32 — small, fast, well-tested 32-bit PRNG. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 4294967296) >>> 0;
    this.a = mix32(lo ^ 0x9e3779b9);
    this.b = mix32(hi ^ 0x243f6a88);
    this.c = mix32(lo + 0x85a308d3);
    this.d = 1;
    for (let i = 0; i < 15; i++) this.u32();
  }

  u32(): number {
    const t0 = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    const t = (t0 + this.d) | 0;
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() * 2.3283064365386963e-10; // 2^-32
  }

  /** Uniform integer in [0, n), n ≤ 2^32. */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<V>(arr: readonly V[]): V {
    return arr[this.int(arr.length)];
  }
}

/** Picks items by relative weight (binary search over cumulative weights). */
class Weighted<V> {
  readonly items: readonly V[];
  private readonly cum: Float64Array;
  private readonly total: number;

  constructor(entries: readonly (readonly [V, number])[]) {
    this.items = entries.map((e) => e[0]);
    this.cum = new Float64Array(entries.length);
    let acc = 0;
    entries.forEach((e, i) => {
      acc += e[1];
      this.cum[i] = acc;
    });
    this.total = acc;
  }

  pick(rng: Rng): V {
    const x = rng.float() * this.total;
    const cum = this.cum;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}

/**
 * A keyed bijection of [0, size): a 3-round Feistel network over mixed radix a×b ≥ size, with
 * cycle walking to stay inside [0, size). Cheap, and the order looks random.
 */
export function permute(i: number, size: number, key: number): number {
  if (size <= 1) return 0;
  const a = Math.ceil(Math.sqrt(size));
  const b = Math.ceil(size / a);
  const k1 = mix32(key ^ 0x1b873593);
  const k2 = mix32(key ^ 0xcc9e2d51);
  const k3 = mix32(key ^ 0xe6546b64);
  let x = i;
  do {
    let lo = x % a;
    let hi = (x - lo) / a;
    hi = (hi + (mix31(lo ^ k1) % b)) % b;
    lo = (lo + (mix31(hi ^ k2) % a)) % a;
    hi = (hi + (mix31(lo ^ k3) % b)) % b;
    x = lo + hi * a;
  } while (x >= size);
  return x;
}

// ---------------------------------------------------------------------------------------------
// Identifier strings are assembled as character codes in a buffer and turned into a string
// with one String.fromCharCode call: concatenating pieces (and re-reading them for the check
// character) costs several times more. The check rules and weight tables are those of
// usccCheckChar / orgCodeCheckChar / ricCheckChar in modules/identifiers (the tests cross-check).

/** Character code → value in the USCC alphabet (GB 32100) and in GB 11714 (A = 10 … Z = 35). */
const USCC_VALUE = new Int8Array(128).fill(-1);
const BASE36_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < USCC_ALPHABET.length; i++) USCC_VALUE[USCC_ALPHABET.charCodeAt(i)] = i;
for (let i = 0; i < 36; i++) BASE36_VALUE[i.toString(36).toUpperCase().charCodeAt(0)] = i;
const ALPHABET_CODES = Int32Array.from(USCC_ALPHABET, (c) => c.charCodeAt(0));
const UW = Int32Array.from(USCC_WEIGHTS);
const OW = Int32Array.from(ORG_CODE_WEIGHTS);
const RW = Int32Array.from(RIC_WEIGHTS);
const RIC_CHECK_CODES = Int32Array.from('10X98765432', (c) => c.charCodeAt(0));
const ORG_CHECK_CODES = Int32Array.from('0123456789X', (c) => c.charCodeAt(0));
const HEX_CODES = Int32Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/** GB 32100 check character (as a code) of buffer positions 0–16. */
function usccCheckCode(b: Int32Array): number {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_VALUE[b[i]] * UW[i];
  return ALPHABET_CODES[(31 - (sum % 31)) % 31];
}

/** GB 11714 check value 0–10 (10 = 'X') of the 8-character body at buffer position `at`. */
function orgCheckValue(b: Int32Array, at: number): number {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += BASE36_VALUE[b[at + i]] * OW[i];
  return (11 - (sum % 11)) % 11;
}

/** GB 11643 check character (as a code) of buffer positions 0–16 (digits). */
function ricCheckCode(b: Int32Array): number {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (b[i] - 48) * RW[i];
  return RIC_CHECK_CODES[sum % 11];
}

function string18(b: Int32Array): string {
  return String.fromCharCode(
    b[0],
    b[1],
    b[2],
    b[3],
    b[4],
    b[5],
    b[6],
    b[7],
    b[8],
    b[9],
    b[10],
    b[11],
    b[12],
    b[13],
    b[14],
    b[15],
    b[16],
    b[17],
  );
}

function fill(b: Int32Array, at: number, s: string): void {
  for (let i = 0; i < s.length; i++) b[at + i] = s.charCodeAt(i);
}

/** Writes `n` as `count` decimal digits (with leading zeros) at `at`. */
function digits(b: Int32Array, at: number, n: number, count: number): void {
  for (let i = at + count - 1; i >= at; i--) {
    b[i] = 48 + (n % 10);
    n = (n / 10) | 0;
  }
}

const CHECK_BUF = new Int32Array(18);

/** GB 32100 check character of 17 alphabet characters (the generator's implementation). */
export function fastUsccCheck(first17: string): string {
  fill(CHECK_BUF, 0, first17);
  return String.fromCharCode(usccCheckCode(CHECK_BUF));
}

/** GB 11714 check character of an 8-character organisation-code body (the generator's implementation). */
export function fastOrgCodeCheck(body: string): string {
  fill(CHECK_BUF, 0, body);
  return String.fromCharCode(ORG_CHECK_CODES[orgCheckValue(CHECK_BUF, 0)]);
}

/** GB 11643 check character of 17 digits (the generator's implementation). */
export function fastRicCheck(first17: string): string {
  fill(CHECK_BUF, 0, first17);
  return String.fromCharCode(ricCheckCode(CHECK_BUF));
}

const MASK30 = 0x3fffffff;
const TWO30 = 1073741824;

/** Decimal strings of 0…9999 and house numbers '1号'…'6999号' (number formatting is slow in bulk). */
const NUMS = Array.from({ length: 10000 }, (_, i) => String(i));
const HOUSE_NUMBERS = NUMS.slice(0, 7000).map((n) => `${n}号`);
const DEC4 = Array.from({ length: 10000 }, (_, i) => String(i).padStart(4, '0'));

/** Chinese numerals as used in school numbers: 5 → 五, 52 → 五十二, 108 → 一〇八. */
export function cnNumber(n: number): string {
  const D = '〇一二三四五六七八九';
  if (n < 10) return D[n];
  if (n < 100) {
    const tens = Math.floor(n / 10);
    const ones = n % 10;
    return `${tens === 1 ? '' : D[tens]}十${ones === 0 ? '' : D[ones]}`;
  }
  let s = '';
  for (const c of String(n)) s += D[Number(c)];
  return s;
}

// ---------------------------------------------------------------------------------------------
// Dates as day numbers (days since 1970-01-01, proleptic Gregorian)

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z0: number): [number, number, number] {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const DAY_1950 = daysFromCivil(1950, 1, 1);
const BIRTH_LAST = daysFromCivil(2006, 12, 31);
const BIRTH_DAYS = BIRTH_LAST - DAY_1950 + 1;
/** No date in the output is later than this. */
export const LATEST_DATE = '2026-11-01';
const CAP = daysFromCivil(2026, 11, 1);
const NEW_ORG_CODE_FROM = daysFromCivil(2015, 10, 1);
const DAY_1970 = daysFromCivil(1970, 1, 1);
const DAY_1990 = daysFromCivil(1990, 1, 1);
const YEAR = 365.2425;

/** 'YYYY-MM-DD' of every day 1950-01-01 … LATEST_DATE (~28,000 strings, built once). */
const ISO_DATES: string[] = [];
/** Character codes of 'YYYYMMDD' of every possible birth day, 8 per day. */
const BIRTH_DIGITS = new Int32Array(BIRTH_DAYS * 8);
for (let day = DAY_1950; day <= CAP; day++) {
  const [y, m, d] = civilFromDays(day);
  const s = `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
  ISO_DATES.push(s);
  if (day <= BIRTH_LAST) fill(BIRTH_DIGITS, (day - DAY_1950) * 8, s.replace(/-/g, ''));
}

function iso(day: number): string {
  return ISO_DATES[day - DAY_1950];
}

function years(n: number): number {
  return Math.round(n * YEAR);
}

function day(y: number, m: number, d: number): number {
  return daysFromCivil(y, m, d);
}

/** A day in [from, to], density rising towards `to` when skew > 1 (1 - u^skew). */
function skewedDay(rng: Rng, from: number, to: number, skew: number): number {
  const x = 1 - rng.float() ** skew;
  return from + Math.min(to - from, Math.floor(x * (to - from + 1)));
}

/** 万元 amount from integer units of 0.0001 万元 — exact, no float formatting. */
function formatWan(units: number): string {
  const int = Math.floor(units / 10000);
  const frac = units - int * 10000;
  if (frac === 0) return String(int);
  let f = DEC4[frac];
  while (f.endsWith('0')) f = f.slice(0, -1);
  return `${int}.${f}`;
}

// =============================================================================================
// Regions

interface County {
  code: string;
  num: number;
  idx: number;
  /** Bucket id of the county level (16+). */
  rid: number;
  name: string;
  /** '吉林省长春市朝阳区' */
  address: string;
  market: string;
  staffing: string;
  civil: string;
  /** Name as used inside organisation names: districts carry their city ('长春市朝阳区'). */
  orgPrefix: string;
  /** Name prefix of 个体工商户/合作社 ('朝阳区', '前郭县'). */
  shopPrefix: string;
  /** Without the 区/县/市 suffix ('朝阳', '前郭'). */
  short: string;
  district: boolean;
  city: City;
  korean: boolean;
}

interface City {
  code: string;
  /** Bucket id of the city level (1–15). */
  rid: number;
  name: string;
  short: string;
  /** '长春市', '延边州' — the form in '…委编办'. */
  orgShort: string;
  market: string;
  staffing: string;
  civil: string;
  areaCode: string;
  /** Area code without the leading 0, e.g. 431. */
  areaNum: number;
  num: number;
  counties: County[];
  districts: County[];
  countyPick: Weighted<County>;
}

function shortCountyName(name: string): string {
  if (name.includes('自治县')) return name.slice(0, 2);
  return name.slice(0, -1);
}

function buildRegions(): {
  cities: City[];
  counties: County[];
  countyPick: Weighted<County>;
  /** Counties and county-level cities only (no urban districts), same weights: for 合作社. */
  ruralPick: Weighted<County>;
  capital: Weighted<County>;
} {
  const cities: City[] = [];
  const byCode = new Map<string, City>();
  for (const r of REGIONS) {
    if (r.level !== 'CITY' || r.special || T.CITY_POPULATION[r.code] === undefined) continue;
    const short = T.CITY_SHORT[r.code] ?? r.name.slice(0, -1);
    const city: City = {
      code: r.code,
      rid: 1 + cities.length,
      name: r.name,
      short,
      orgShort: T.CITY_ORG_SHORT[r.code] ?? r.name,
      market: `${r.name}市场监督管理局`,
      staffing: `${T.CITY_ORG_SHORT[r.code] ?? r.name}委编办`,
      civil: `${r.name}民政局`,
      areaCode: T.AREA_CODES[r.code] ?? '0431',
      areaNum: Number(T.AREA_CODES[r.code] ?? '0431'),
      num: Number(r.code),
      counties: [],
      districts: [],
      countyPick: undefined as unknown as Weighted<County>,
    };
    cities.push(city);
    byCode.set(r.code, city);
  }
  const counties: County[] = [];
  for (const r of REGIONS) {
    if (r.level !== 'COUNTY' || r.special || !r.parent) continue;
    const city = byCode.get(r.parent);
    if (!city) continue;
    const district = r.name.endsWith('区');
    const short = shortCountyName(r.name);
    const orgPrefix = district ? city.name + r.name : r.name;
    const county: County = {
      code: r.code,
      num: Number(r.code),
      idx: counties.length,
      rid: 16 + counties.length,
      name: r.name,
      orgPrefix,
      address: `吉林省${city.name}${r.name}`,
      market: `${orgPrefix}市场监督管理局`,
      staffing: `${orgPrefix}委编办`,
      civil: `${orgPrefix}民政局`,
      shopPrefix: r.name.includes('自治县') ? `${short}县` : r.name,
      short,
      district,
      city,
      korean: city.code === '222400' || r.code === '220623',
    };
    city.counties.push(county);
    if (district) city.districts.push(county);
    counties.push(county);
  }
  const entries: [County, number][] = [];
  for (const city of cities) {
    const w = city.counties.map((c): [County, number] => [c, c.district ? 1.4 : 1]);
    city.countyPick = new Weighted(w);
    const sum = w.reduce((s, e) => s + e[1], 0);
    for (const [c, x] of w) entries.push([c, (T.CITY_POPULATION[city.code] * x) / sum]);
  }
  const changchun = byCode.get('220100')!;
  return {
    cities,
    counties,
    countyPick: new Weighted(entries),
    ruralPick: new Weighted(entries.filter(([c]) => !c.district)),
    capital: new Weighted(changchun.districts.map((c): [County, number] => [c, c.code <= '220106' ? 3 : 1])),
  };
}

const REG = buildRegions();

// =============================================================================================
// Static pools, deduplicated (duplicates would break the bijection-based uniqueness)

function uniq(list: readonly string[]): string[] {
  return [...new Set(list)];
}

function combos(first: readonly string[], second: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of first) for (const b of second) if (a !== b) out.push(a + b);
  return out;
}

const CURATED = uniq(T.CURATED_TRADE_NAMES);
const CURATED_SET = new Set(CURATED);
const COMBO_TRADE = uniq(combos(uniq(T.TRADE_NAME_FIRST), uniq(T.TRADE_NAME_SECOND))).filter(
  (s) => !CURATED_SET.has(s),
);
/** All 字号: curated first (small data sets use these), then combinatorial. */
const TRADE: string[] = [...CURATED, ...COMBO_TRADE];
const TRADE_SEGMENTS = [CURATED.length, COMBO_TRADE.length];
const SHOP_GIVEN = uniq(combos(uniq(T.SHOP_NAME_FIRST), uniq(T.SHOP_NAME_SECOND)));
const PLACES = uniq(combos(uniq(T.PLACE_FIRST), uniq(T.PLACE_SECOND)));
const COOP_TRADE = uniq(T.COOP_TRADE_NAMES);
const STREETS = uniq(combos(T.STREET_NAMES, T.STREET_SUFFIXES));
const RESIDENCES = uniq(combos(T.RESIDENCE_NAMES, T.RESIDENCE_SUFFIXES));

/** Every surname once, by descending frequency in the general list; pickers return indexes into it. */
const SURNAMES_BY_FREQ = uniq([
  ...[...T.SURNAMES].sort((x, y) => y[1] - x[1]).map((e) => e[0]),
  ...T.KOREAN_SURNAMES.map((e) => e[0]),
]);
const SURNAME_ID = new Map(SURNAMES_BY_FREQ.map((s, i) => [s, i]));
const SURNAME_PICK = new Weighted(T.SURNAMES.map(([s, w]): [number, number] => [SURNAME_ID.get(s)!, w]));
const KOREAN_SURNAME_PICK = new Weighted(
  T.KOREAN_SURNAMES.map(([s, w]): [number, number] => [SURNAME_ID.get(s)!, w]),
);
/** 老王家-style shop names draw surnames in three segments: top 10, next 30, the rest. */
const SURNAME_SEGMENTS = [10, 30, SURNAMES_BY_FREQ.length - 40];
const MOBILE_PREFIX_NUMBERS = Int32Array.from(T.MOBILE_PREFIXES, Number);

const INDUSTRY_PICK = new Weighted(T.COMPANY_INDUSTRIES.map((x, i): [number, number] => [i, x.weight]));
const FORM_PICK = new Weighted(T.COMPANY_FORMS.map((x, i): [number, number] => [i, x.weight]));
const SHOP_PICK = new Weighted(T.SHOP_TYPES.map((x, i): [number, number] => [i, x[2]]));
const KOREAN_SHOP_PICK = new Weighted(T.KOREAN_SHOP_TYPES.map((x, i): [number, number] => [i, x[2]]));
const PRIVATE_KINDS = uniq(T.PRIVATE_NON_ENTERPRISE_KINDS);
const FOUNDATION_KINDS = uniq(T.FOUNDATION_KINDS);
const FOUNDATION_TOPICS = uniq(T.FOUNDATION_TOPICS);
const GROUP_TAILS = uniq(T.SOCIAL_GROUP_TAILS);
const COUNTY_GROUP_TAILS = GROUP_TAILS.filter((t) => !t.endsWith('商会') && !t.endsWith('学会'));
const TOWN_GROUP_TAILS = ['老年人体育协会', '个体劳动者协会', '慈善协会', '秧歌协会', '志愿者协会'];
const PROVINCE_TOPIC_INSTITUTES = combos(uniq(T.PROVINCE_INSTITUTE_TOPICS), T.PROVINCE_INSTITUTE_KINDS);
const PROVINCE_INSTITUTIONS = uniq(T.PROVINCE_INSTITUTIONS);
const COUNTY_LOCAL_INSTITUTIONS = T.LOCAL_INSTITUTIONS.filter(
  ([n]) => n !== '中心血站' && n !== '住房公积金管理中心',
);

/** Numbered schools: [kind, first number, last number] per level. */
const CITY_NUMBERED: readonly (readonly [string, number, number])[] = [
  ['中学', 3, 150],
  ['小学', 1, 200],
  ['幼儿园', 1, 60],
];
const COUNTY_NUMBERED: readonly (readonly [string, number, number])[] = [
  ['中学', 3, 20],
  ['小学', 1, 30],
  ['幼儿园', 1, 10],
];
const numberedSize = (spec: readonly (readonly [string, number, number])[]) =>
  spec.reduce((s, [, a, b]) => s + b - a + 1, 0);

function numberedName(spec: readonly (readonly [string, number, number])[], i: number): string {
  for (const [kind, a, b] of spec) {
    const n = b - a + 1;
    if (i < n) return `第${cnNumber(a + i)}${kind}`;
    i -= n;
  }
  throw new RangeError('numbered index out of range');
}

// =============================================================================================
// The generator

type Kind = 'INDIVIDUAL' | 'COMPANY' | 'SOLE_TRADER' | 'COOP' | 'AGENCY' | 'INSTITUTION' | 'SOCIAL';

/** Approximate subject mix. */
const KIND_PICK = new Weighted<Kind>([
  ['INDIVIDUAL', 33],
  ['COMPANY', 40],
  ['SOLE_TRADER', 12],
  ['COOP', 3],
  ['AGENCY', 3],
  ['INSTITUTION', 5],
  ['SOCIAL', 4],
]);

/**
 * Name-bucket ids: kind × 2^24 + a payload built from pool indexes (region bucket ids: 0 province,
 * 1–15 cities, 16+ counties). Numbers rather than strings keep the bucket map cheap.
 */
const B_COMPANY = 1 << 24;
const B_SHOP = 2 << 24;
const B_COOP = 3 << 24;
const B_AGENCY = 4 << 24;
const B_INSTITUTION = 5 << 24;
const B_GROUP = 6 << 24;
const B_PRIVATE = 7 << 24;
const B_FOUNDATION = 8 << 24;
if (
  T.COMPANY_INDUSTRIES.length > 128 ||
  T.SHOP_TYPES.length > 64 ||
  T.KOREAN_SHOP_TYPES.length > 64 ||
  T.COOP_PRODUCTS.length > 64 ||
  PRIVATE_KINDS.length > 32 ||
  REG.cities.length > 15 ||
  REG.counties.length > 90
) {
  throw new Error('demo-data pools outgrew the bucket-id layout');
}

const PERSON_RING = 8192;
const COMPANY_RING = 1024;
const SURNAME_RING = 8;

/** Counter and permutation key of one county's identity-number space. */
interface RicCounter {
  count: number;
  key: number;
}

interface CompanyEntry {
  name: string;
  industry: string;
  established: number;
  /** 分公司 count per county, created lazily. */
  branches?: Map<string, number>;
}

type Level = 'PROVINCE' | 'CITY' | 'COUNTY';

class DemoGenerator {
  private readonly rng: Rng;
  private readonly seedKey: number;
  private readonly keyRounds: number[];
  private index = 0;

  // organisation codes
  private oldOrgCodes = 0;
  private newOrgCodes = 0;
  private readonly oldOrgKey: number;
  private readonly newOrgKey: number;

  // identity numbers: per-county counters and keys
  private readonly ricCounters: RicCounter[] = [];

  // name buckets
  /** Per bucket kind (id >>> 24): how many names each bucket has handed out. */
  private readonly bucketCounts: (Int32Array | undefined)[] = [];
  /** Overflow round of the last `draw` (0 = first pass through the space). */
  private round = 0;
  /** Segment and index within the segment of the last `draw`. */
  private seg = 0;

  // recent individuals (ring), by slot = ordinal % PERSON_RING
  private persons = 0;
  private readonly pKeys: string[] = new Array(PERSON_RING);
  private readonly pPositions = new Int32Array(PERSON_RING);
  private readonly pNames: string[] = new Array(PERSON_RING);
  private readonly pBirth = new Int32Array(PERSON_RING);
  /** Recent person ordinals per surname (newest last), for '老王家' shop names. */
  private readonly bySurname: Int32Array;
  private readonly bySurnameCount: Int32Array;

  // recent companies for 分公司
  private companies = 0;
  private readonly companyRing: (CompanyEntry | undefined)[] = new Array(COMPANY_RING);

  private readonly seen: number[] = [];
  /** Character codes of the identifier being built. */
  private readonly buf = new Int32Array(18);

  // relations of the subject being generated
  private relations: GeneratedRelation[] = [];

  constructor(seed: number) {
    this.rng = new Rng(seed);
    this.seedKey = hashString(String(seed), 0x5eed);
    this.keyRounds = [0, 1, 2, 3].map((r) => mix32(this.seedKey + Math.imul(r + 1, 0x9e3779b9)));
    this.oldOrgKey = mix32(this.seedKey ^ 0x0a11c0de);
    this.newOrgKey = mix32(this.seedKey ^ 0x0b22d0e5);
    this.bySurname = new Int32Array(SURNAMES_BY_FREQ.length * SURNAME_RING);
    this.bySurnameCount = new Int32Array(SURNAMES_BY_FREQ.length);
  }

  next(batch: GeneratedBatch): void {
    const rng = this.rng;
    const kind: Kind = this.persons === 0 ? 'INDIVIDUAL' : KIND_PICK.pick(rng);
    const key = this.subjectKey(this.index++);
    this.relations = batch.relations;
    let s: GeneratedSubject;
    switch (kind) {
      case 'INDIVIDUAL':
        s = this.individual(key);
        break;
      case 'COMPANY':
        s = this.company(key);
        break;
      case 'SOLE_TRADER':
        s = this.soleTrader(key);
        break;
      case 'COOP':
        s = this.cooperative(key);
        break;
      case 'AGENCY':
        s = this.agency(key);
        break;
      case 'INSTITUTION':
        s = this.institution(key);
        break;
      default:
        s = this.socialOrg(key);
    }
    batch.subjects.push(s);
  }

  // ------------------------------------------------------------------------------------------
  // identifiers

  /** 'S' + 15 hex digits: a keyed 4-round Feistel permutation of the 60-bit index. */
  private subjectKey(index: number): string {
    let hi = Math.floor(index / TWO30) & MASK30;
    let lo = index % TWO30;
    const k = this.keyRounds;
    for (let r = 0; r < 4; r++) {
      const f = mix32(lo ^ k[r]) & MASK30;
      const nlo = (hi ^ f) & MASK30;
      hi = lo;
      lo = nlo;
    }
    // 60 bits, most significant first: hi's 30 bits, then lo's.
    const H = HEX_CODES;
    return String.fromCharCode(
      83, // 'S'
      H[hi >>> 26],
      H[(hi >>> 22) & 15],
      H[(hi >>> 18) & 15],
      H[(hi >>> 14) & 15],
      H[(hi >>> 10) & 15],
      H[(hi >>> 6) & 15],
      H[(hi >>> 2) & 15],
      H[((hi & 3) << 2) | (lo >>> 28)],
      H[(lo >>> 24) & 15],
      H[(lo >>> 20) & 15],
      H[(lo >>> 16) & 15],
      H[(lo >>> 12) & 15],
      H[(lo >>> 8) & 15],
      H[(lo >>> 4) & 15],
      H[lo & 15],
    );
  }

  /**
   * A USCC: authority + category, region part, organisation code (unique body + GB 11714 check,
   * deliberately wrong in ~2% like legacy data) and the GB 32100 check character.
   */
  private uscc(authority: string, region: number, established: number): string {
    const b = this.buf;
    b[0] = authority.charCodeAt(0);
    b[1] = authority.charCodeAt(1);
    digits(b, 2, region, 6);
    if (established >= NEW_ORG_CODE_FROM) {
      // 'MA' + 6 code characters: 31^6 bodies.
      let x = permute(this.newOrgCodes++, 887503681, this.newOrgKey);
      b[8] = 77;
      b[9] = 65;
      for (let i = 15; i >= 10; i--) {
        b[i] = ALPHABET_CODES[x % 31];
        x = Math.floor(x / 31);
      }
    } else {
      // 8 digits: 10^8 bodies.
      digits(b, 8, permute(this.oldOrgCodes++, 100000000, this.oldOrgKey), 8);
    }
    let check = orgCheckValue(b, 8);
    if (this.rng.chance(0.02)) check = (check + 1 + this.rng.int(10)) % 11;
    b[16] = ORG_CHECK_CODES[check];
    b[17] = usccCheckCode(b);
    return string18(b);
  }

  // ------------------------------------------------------------------------------------------
  // name buckets

  /** Counter array of the bucket's kind; the bucket's slot in it is `id & 0xffffff`. */
  private counters(id: number): Int32Array {
    const kind = id >>> 24;
    let counts = this.bucketCounts[kind];
    if (counts === undefined) {
      counts = new Int32Array(kind === B_COMPANY >>> 24 ? 1 << 19 : 1 << 16);
      this.bucketCounts[kind] = counts;
    }
    if ((id & 0xffffff) >= counts.length) throw new RangeError(`bucket id ${id} out of range`);
    return counts;
  }

  /**
   * Next slot of the bucket over a space made of consecutive segments (each permuted on its own,
   * so the first segments — the most typical names — are used up first). Returns the index into
   * the concatenated space; sets `seg` and `round`.
   */
  private draw(id: number, segments: readonly number[]): number {
    const n = this.counters(id)[id & 0xffffff]++;
    const key = mix32(mix32(id) ^ this.seedKey);
    let total = 0;
    for (const size of segments) total += size;
    this.round = Math.floor(n / total);
    let j = n - this.round * total;
    let offset = 0;
    for (let s = 0; s < segments.length; s++) {
      const size = segments[s];
      if (j < size) {
        this.seg = s;
        return offset + permute(j, size, key + s);
      }
      j -= size;
      offset += size;
    }
    throw new Error('unreachable');
  }

  private used(id: number): number {
    return this.counters(id)[id & 0xffffff];
  }

  // ------------------------------------------------------------------------------------------
  // common attributes

  private orgAddress(c: County): string {
    const rng = this.rng;
    const base = `${c.address}${rng.pick(STREETS)}${HOUSE_NUMBERS[rng.range(1, rng.chance(0.7) ? 999 : 6999)]}`;
    return rng.chance(0.3) ? `${base}${NUMS[rng.range(1, 28)]}${rng.chance(0.5) ? '楼' : '层'}` : base;
  }

  private villageAddress(c: County): string {
    const rng = this.rng;
    const town = rng.pick(PLACES);
    const village = rng.pick(PLACES);
    return `${c.address}${town}镇${village}村${cnNumber(rng.range(1, 9))}组`;
  }

  /** 11-digit mobile number: a real prefix + 8 random digits. */
  private mobile(): string {
    const rng = this.rng;
    const p = MOBILE_PREFIX_NUMBERS[rng.int(MOBILE_PREFIX_NUMBERS.length)];
    const x = rng.int(10000);
    const y = rng.int(10000);
    return String.fromCharCode(
      49,
      48 + (((p / 10) % 10) | 0),
      48 + (p % 10),
      48 + ((x / 1000) | 0),
      48 + (((x / 100) | 0) % 10),
      48 + (((x / 10) | 0) % 10),
      48 + (x % 10),
      48 + ((y / 1000) | 0),
      48 + (((y / 100) | 0) % 10),
      48 + (((y / 10) | 0) % 10),
      48 + (y % 10),
    );
  }

  /** Landline: area code + 8 digits (长春 8xxxxxxx, 吉林 6xxxxxxx) or 7 digits elsewhere. */
  private landline(c: County): string {
    const rng = this.rng;
    const b = this.buf;
    const area = c.city.areaNum;
    const long = area === 431 || area === 432;
    b[0] = 48;
    digits(b, 1, area, 3);
    b[4] = 45; // '-'
    b[5] = 48 + (area === 431 ? 8 : area === 432 ? 6 : rng.range(2, 8));
    digits(b, 6, rng.int(long ? 10000000 : 1000000), long ? 7 : 6);
    return long
      ? String.fromCharCode(b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12])
      : String.fromCharCode(b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11]);
  }

  private pickCounty(): County {
    return REG.countyPick.pick(this.rng);
  }

  /** Registration level: where the registering authority sits. */
  private pickLevel(province: number, city: number): Level {
    const x = this.rng.float();
    return x < province ? 'PROVINCE' : x < province + city ? 'CITY' : 'COUNTY';
  }

  /** County where an organisation registered at `level` sits (its `regionCode`). */
  private seat(level: Level, county: County): County {
    if (level === 'PROVINCE') return REG.capital.pick(this.rng);
    if (level === 'CITY') return county.city.countyPick.pick(this.rng);
    return county;
  }

  /** USCC region part (as a number): the registering authority's region. */
  private regionPart(level: Level, c: County): number {
    return level === 'PROVINCE' ? 220000 : level === 'CITY' ? c.city.num : c.num;
  }

  /** Region prefix of official names at a level ('吉林省', '长春市', '长春市朝阳区', '农安县'). */
  private officialPrefix(level: Level, c: County): string {
    return level === 'PROVINCE' ? '吉林省' : level === 'CITY' ? c.city.name : c.orgPrefix;
  }

  /** Bucket id of the region at a level: 0 province, 1–15 cities, 16+ counties. */
  private rid(level: Level, c: County): number {
    return level === 'PROVINCE' ? 0 : level === 'CITY' ? c.city.rid : c.rid;
  }

  private marketAuthority(level: Level, c: County): string {
    return level === 'PROVINCE' ? '吉林省市场监督管理厅' : level === 'CITY' ? c.city.market : c.market;
  }

  private staffingAuthority(level: Level, c: County): string {
    return level === 'PROVINCE' ? '吉林省委编办' : level === 'CITY' ? c.city.staffing : c.staffing;
  }

  private civilAffairsAuthority(level: Level, c: County): string {
    return level === 'PROVINCE' ? '吉林省民政厅' : level === 'CITY' ? c.city.civil : c.civil;
  }

  private enterpriseStatus(established: number): SubjectStatus {
    if (established > CAP - years(2)) return 'ACTIVE';
    const x = this.rng.float();
    return x < 0.92 ? 'ACTIVE' : x < 0.96 ? 'REVOKED' : x < 0.995 ? 'CANCELLED' : 'DISSOLVED';
  }

  private otherStatus(): SubjectStatus {
    const x = this.rng.float();
    return x < 0.985 ? 'ACTIVE' : x < 0.995 ? 'CANCELLED' : 'DISSOLVED';
  }

  // ------------------------------------------------------------------------------------------
  // individuals

  private individual(key: string): GeneratedSubject {
    const rng = this.rng;
    const c = this.pickCounty();
    // Unique (birth day, sequence) per county: counter through a keyed bijection of the space.
    let counter = this.ricCounters[c.idx];
    if (counter === undefined) {
      counter = { count: 0, key: hashString(`ric:${c.code}`, this.seedKey) };
      this.ricCounters[c.idx] = counter;
    }
    const x = permute(counter.count++, BIRTH_DAYS * 1000, counter.key);
    const dayIndex = x % BIRTH_DAYS;
    const seq = (x - dayIndex) / BIRTH_DAYS;
    const birth = DAY_1950 + dayIndex;
    const b = this.buf;
    digits(b, 0, c.num, 6);
    const bd = (birth - DAY_1950) * 8;
    for (let i = 0; i < 8; i++) b[6 + i] = BIRTH_DIGITS[bd + i];
    b[14] = 48 + ((seq / 100) | 0);
    b[15] = 48 + (((seq / 10) | 0) % 10);
    b[16] = 48 + (seq % 10);
    b[17] = ricCheckCode(b);
    const identityNumber = string18(b);
    const male = seq % 2 === 1;

    const korean = c.korean ? rng.chance(0.45) : rng.chance(0.01);
    const surnameId = (korean ? KOREAN_SURNAME_PICK : SURNAME_PICK).pick(rng);
    const surname = SURNAMES_BY_FREQ[surnameId];
    const era = korean
      ? T.GIVEN_CHARS.korean
      : birth < DAY_1970
        ? T.GIVEN_CHARS.old
        : birth < DAY_1990
          ? T.GIVEN_CHARS.mid
          : T.GIVEN_CHARS.young;
    const pool = male ? era.male : era.female;
    const single = rng.chance(surname.length === 2 ? 0.5 : 0.22);
    const given = single ? rng.pick(pool) : rng.pick(pool) + rng.pick(pool);
    const name = surname + given;

    let address = `${c.address}${rng.pick(STREETS)}${HOUSE_NUMBERS[rng.range(1, 1999)]}`;
    if (rng.chance(0.6)) {
      const estate = rng.pick(RESIDENCES);
      address += `${estate}${NUMS[rng.range(1, 40)]}栋${NUMS[rng.range(1, 6)]}单元${NUMS[rng.range(1, 26) * 100 + rng.range(1, 4)]}室`;
    }

    const ordinal = this.persons++;
    const slot = ordinal & (PERSON_RING - 1);
    this.pKeys[slot] = key;
    this.pPositions[slot] = this.index - 1;
    this.pNames[slot] = name;
    this.pBirth[slot] = birth;
    this.bySurname[surnameId * SURNAME_RING + (this.bySurnameCount[surnameId]++ % SURNAME_RING)] = ordinal;

    return {
      key,
      type: 'INDIVIDUAL',
      subType: 'RESIDENT',
      name,
      formerNames: [],
      uscc: null,
      identityNumber,
      regionCode: c.code,
      address,
      phone: this.mobile(),
      registrationAuthority: null,
      establishedOn: null,
      status: 'ACTIVE',
      legalRepresentative: null,
      industry: null,
      registeredCapital: null,
    };
  }

  // ------------------------------------------------------------------------------------------
  // relations

  private randomPerson(): number {
    const n = Math.min(this.persons, PERSON_RING);
    return this.persons - 1 - this.rng.int(n);
  }

  /** A recent individual born on or before `latestBirth` if one turns up in a few tries, else the oldest tried. */
  private pickPerson(latestBirth: number, exclude = -1): number {
    let best = -1;
    let bestBirth = Number.POSITIVE_INFINITY;
    for (let t = 0; t < 6; t++) {
      const p = this.randomPerson();
      if (p === exclude && this.persons > 1) continue;
      const birth = this.pBirth[p & (PERSON_RING - 1)];
      if (birth <= latestBirth) return p;
      if (birth < bestBirth) {
        best = p;
        bestBirth = birth;
      }
    }
    return best >= 0 ? best : this.randomPerson();
  }

  private birthOf(p: number): number {
    return this.pBirth[p & (PERSON_RING - 1)];
  }

  private relate(orgKey: string, p: number, role: RelationRole, since: number, until: number | null): void {
    this.relations.push({
      orgKey,
      personKey: this.pKeys[p & (PERSON_RING - 1)],
      // relate() runs while the organisation is generated: it is the last subject counted.
      org: this.index - 1,
      person: this.pPositions[p & (PERSON_RING - 1)],
      role,
      since: iso(since),
      until: until === null ? null : iso(until),
    });
  }

  /**
   * Legal representative / principal of an organisation (plus, sometimes, a predecessor whose
   * relation has ended). `preferred` is a person already chosen (e.g. 老王家 → a 王). Returns the
   * current holder's display name.
   */
  private headOf(
    orgKey: string,
    role: RelationRole,
    established: number,
    minAge: number,
    changeRate: number,
    preferred = -1,
  ): string {
    const rng = this.rng;
    let since = established;
    let predecessor = -1;
    let p: number;
    if (preferred < 0 && established < CAP - years(3) && rng.chance(changeRate)) {
      // The head changed: the founder held the role from `established` until `since`.
      since = established + years(1) + rng.int(CAP - established - years(1));
      predecessor = this.pickPerson(established - years(minAge));
      p = this.pickPerson(since - years(minAge), predecessor);
    } else {
      p = preferred >= 0 ? preferred : this.pickPerson(established - years(minAge));
    }
    const adult = this.birthOf(p) + years(minAge);
    if (adult > since) {
      // Too young on the founding day: took over later (clamped to the latest date).
      const later = Math.min(CAP, adult + rng.int(years(8)));
      if (predecessor < 0 && later > established + 30) {
        const q = this.pickPerson(established - years(minAge), p);
        if (q !== p && this.birthOf(q) + years(18) <= established) predecessor = q;
      }
      since = Math.max(since, later);
    }
    if (
      predecessor >= 0 &&
      predecessor !== p &&
      since > established &&
      this.birthOf(predecessor) + years(18) <= established
    ) {
      this.relate(orgKey, predecessor, role, established, since);
    }
    this.relate(orgKey, p, role, since, null);
    return this.pNames[p & (PERSON_RING - 1)];
  }

  /** 1–3 shareholders / directors of a company. */
  private owners(orgKey: string, established: number, bigForm: boolean): void {
    const rng = this.rng;
    const n = rng.range(1, 3);
    const seen = this.seen;
    seen.length = 0;
    for (let i = 0; i < n; i++) {
      const p = this.pickPerson(established - years(18));
      const director = rng.chance(bigForm ? 0.5 : 0.3);
      const role: RelationRole = director ? 'DIRECTOR' : 'SHAREHOLDER';
      const id = p * 2 + (director ? 1 : 0);
      if (seen.includes(id)) continue;
      seen.push(id);
      let since = Math.max(established, this.birthOf(p) + years(18));
      if (rng.chance(0.2)) since += rng.int(Math.max(1, CAP - since));
      since = Math.min(since, CAP);
      const until = since < CAP - 60 && rng.chance(0.08) ? since + 1 + rng.int(CAP - since - 1) : null;
      this.relate(orgKey, p, role, since, until);
    }
  }

  // ------------------------------------------------------------------------------------------
  // enterprises

  private company(key: string): GeneratedSubject {
    const rng = this.rng;
    // ~8% are branches of a recently generated company.
    if (this.companies > 20 && rng.chance(0.08)) return this.branch(key);

    const county = this.pickCounty();
    const formIdx = FORM_PICK.pick(rng);
    const form = T.COMPANY_FORMS[formIdx];
    const level: Level = form.big ? this.pickLevel(0.35, 0.45) : this.pickLevel(0.02, 0.22);
    const seat = this.seat(level, county);
    const industryIdx = INDUSTRY_PICK.pick(rng);
    const industry = T.COMPANY_INDUSTRIES[industryIdx];
    const city = seat.city;

    // Region part of the name.
    // prefixId: 0 none, 1 province, 2+ city short form, 20+ city full name, 40+ county.
    let prefix = '';
    let prefixId = 0;
    let bracket = '';
    let bracketId = 0;
    const x = rng.float();
    if (level === 'PROVINCE') {
      if (x < 0.7) {
        prefix = '吉林省';
        prefixId = 1;
      }
    } else if (x < 0.05) {
      bracket = `（${city.short}）`;
      bracketId = city.rid;
    } else if (x < 0.2) {
      prefix = '';
    } else if (level === 'COUNTY' && !seat.district && x < 0.45) {
      prefix = seat.name;
      prefixId = 40 + seat.idx;
    } else if (rng.chance(0.65) || city.code === '222400') {
      // 延边 enterprises are named '延边…', not '延边朝鲜族自治州…'.
      prefix = city.short;
      prefixId = 1 + city.rid;
    } else {
      prefix = city.name;
      prefixId = 19 + city.rid;
    }
    const slot = this.draw(B_COMPANY + (prefixId * 16 + bracketId) * 128 + industryIdx, TRADE_SEGMENTS);
    const trade = this.round === 0 ? TRADE[slot] : TRADE[slot] + T.TRADE_NAME_OVERFLOW[(this.round - 1) % 10];
    const round2 = Math.floor((this.round - 1) / 10); // > 0 only beyond 10 × ~7,600 names per bucket
    const name = `${prefix}${trade}${round2 > 0 ? cnNumber(round2 + 1) : ''}${industry.word}${bracket}${form.form}`;

    const established =
      skewedDay(rng, day(1980, 1, 1), CAP, 2) - (rng.chance(0.03) ? years(rng.range(10, 30)) : 0);
    const formerNames: string[] = [];
    if (rng.chance(0.06)) {
      const f1 = industry.formerWord
        ? `${prefix}${trade}${industry.formerWord}${bracket}${form.form}`
        : `${prefix}${trade}${industry.word}${bracket}${form.form === '有限公司' ? '有限责任公司' : '有限公司'}`;
      if (f1 !== name) formerNames.push(f1);
      if (rng.chance(0.3)) {
        const f2 = `${trade}${industry.word}${form.form}`;
        if (f2 !== name && f2 !== f1) formerNames.push(f2);
      }
    }

    const capital = this.companyCapital(form.big === true);
    const status = this.enterpriseStatus(established);
    const rep = this.headOf(key, 'LEGAL_REPRESENTATIVE', established, 20, 0.12);
    if (rng.chance(0.3)) this.owners(key, established, form.big === true);

    if (!form.form.includes('合伙')) {
      this.companyRing[this.companies++ & (COMPANY_RING - 1)] = {
        name,
        industry: industry.section,
        established,
      };
    }

    return {
      key,
      type: 'ENTERPRISE',
      subType: 'COMPANY',
      name,
      formerNames,
      uscc: this.uscc('91', this.regionPart(level, seat), established),
      identityNumber: null,
      regionCode: seat.code,
      address: this.orgAddress(seat),
      phone: rng.chance(0.5) ? this.landline(seat) : this.mobile(),
      registrationAuthority: this.marketAuthority(level, seat),
      establishedOn: iso(established),
      status,
      legalRepresentative: rep,
      industry: industry.section,
      registeredCapital: capital,
    };
  }

  private companyCapital(big: boolean): string {
    const rng = this.rng;
    if (big) {
      // Share capital: often odd amounts with 4 decimals.
      const wan = rng.range(1000, 200000);
      return formatWan(wan * 10000 + (rng.chance(0.6) ? rng.int(10000) : 0));
    }
    const ROUND = [
      10, 30, 50, 50, 100, 100, 100, 200, 200, 300, 500, 500, 1000, 1000, 2000, 3000, 5000, 10000,
    ];
    if (rng.chance(0.85)) return formatWan(rng.pick(ROUND) * 10000);
    return formatWan(rng.range(1, 5000) * 10000 + rng.int(100) * 100);
  }

  private branch(key: string): GeneratedSubject {
    const rng = this.rng;
    const recent = Math.min(this.companies, COMPANY_RING);
    const parent = this.companyRing[(this.companies - 1 - rng.int(recent)) & (COMPANY_RING - 1)]!;
    const county = this.pickCounty();
    let branches = parent.branches;
    if (branches === undefined) {
      branches = new Map();
      parent.branches = branches;
    }
    const k = branches.get(county.short) ?? 0;
    branches.set(county.short, k + 1);
    const name = `${parent.name}${county.short}${k === 0 ? '' : `第${cnNumber(k + 1)}`}分公司`;
    const established = Math.min(CAP, parent.established + rng.int(Math.max(1, CAP - parent.established)));
    const rep = this.headOf(key, 'LEGAL_REPRESENTATIVE', established, 22, 0.1);
    return {
      key,
      type: 'ENTERPRISE',
      subType: 'COMPANY',
      name,
      formerNames: [],
      uscc: this.uscc('91', county.num, established),
      identityNumber: null,
      regionCode: county.code,
      address: this.orgAddress(county),
      phone: rng.chance(0.6) ? this.landline(county) : this.mobile(),
      registrationAuthority: this.marketAuthority('COUNTY', county),
      establishedOn: iso(established),
      status: this.enterpriseStatus(established),
      legalRepresentative: rep,
      industry: parent.industry,
      registeredCapital: null,
    };
  }

  private soleTrader(key: string): GeneratedSubject {
    const rng = this.rng;
    const c = this.pickCounty();
    const koreanShop = c.korean && rng.chance(0.25);
    const shopIdx = koreanShop ? KOREAN_SHOP_PICK.pick(rng) : SHOP_PICK.pick(rng);
    const [shop, section] = koreanShop ? T.KOREAN_SHOP_TYPES[shopIdx] : T.SHOP_TYPES[shopIdx];
    const shopId = (koreanShop ? 64 : 0) + shopIdx;

    // Name patterns: 明辉五金店 · 老王家东北菜馆 · 王记包子铺 · 小李烧烤店.
    const x = rng.float();
    const pattern = x < 0.45 ? 0 : x < 0.7 ? 1 : x < 0.85 ? 2 : 3;
    let core: string;
    let operator = -1;
    if (pattern === 0) {
      core = SHOP_GIVEN[this.draw(B_SHOP + (c.idx * 128 + shopId) * 4, [SHOP_GIVEN.length])];
    } else {
      const surnameId = this.draw(B_SHOP + (c.idx * 128 + shopId) * 4 + pattern, SURNAME_SEGMENTS);
      const surname = SURNAMES_BY_FREQ[surnameId];
      core = pattern === 1 ? `老${surname}家` : pattern === 2 ? `${surname}记` : `小${surname}`;
      const known = Math.min(this.bySurnameCount[surnameId], SURNAME_RING);
      if (known > 0) {
        const p = this.bySurname[surnameId * SURNAME_RING + rng.int(known)];
        if (p > this.persons - 1 - PERSON_RING) operator = p;
      }
    }
    const suffix = this.round > 0 ? `${cnNumber(this.round + 1)}店` : '';
    const name = `${c.shopPrefix}${core}${shop}${suffix}`;

    const established = skewedDay(rng, day(1990, 1, 1), CAP, 2.5);
    const formerNames: string[] = [];
    if (rng.chance(0.03)) {
      const other = T.SHOP_TYPES[SHOP_PICK.pick(rng)][0];
      if (other !== shop) formerNames.push(`${c.shopPrefix}${core}${other}${suffix}`);
    }
    const capitalUnits = rng.chance(0.1) ? 5000 : rng.pick([1, 2, 3, 5, 5, 10, 10, 20, 30, 50]) * 10000;
    const status = this.enterpriseStatus(established);
    const rep = this.headOf(key, 'LEGAL_REPRESENTATIVE', established, 18, 0, operator);
    return {
      key,
      type: 'ENTERPRISE',
      subType: 'SOLE_TRADER',
      name,
      formerNames,
      uscc: this.uscc('92', c.num, established),
      identityNumber: null,
      regionCode: c.code,
      address: this.orgAddress(c),
      phone: rng.chance(0.85) ? this.mobile() : this.landline(c),
      registrationAuthority: this.marketAuthority('COUNTY', c),
      establishedOn: iso(established),
      status,
      legalRepresentative: rep,
      industry: T.SECTION[section],
      registeredCapital: formatWan(capitalUnits),
    };
  }

  private cooperative(key: string): GeneratedSubject {
    const rng = this.rng;
    // Farmer co-operatives are rural: mostly in counties, a few in suburban districts.
    const c = rng.chance(0.85) ? REG.ruralPick.pick(rng) : this.pickCounty();
    const productIdx = rng.int(T.COOP_PRODUCTS.length);
    const [product, activity] = T.COOP_PRODUCTS[productIdx];
    const slot = this.draw(B_COOP + c.idx * 64 + productIdx, [COOP_TRADE.length, PLACES.length]);
    const core = this.seg === 0 ? COOP_TRADE[slot] : `${PLACES[slot - COOP_TRADE.length]}村`;
    const suffix = this.round > 0 ? `第${cnNumber(this.round + 1)}` : '';
    const name = `${c.shopPrefix}${core}${suffix}${product}${activity}专业合作社`;
    const established = skewedDay(rng, day(2007, 7, 1), CAP, 1.2);
    const formerNames: string[] = [];
    // Before the 2018 revision of the law, names read '…农民专业合作社'.
    if (established < day(2018, 7, 1) && rng.chance(0.15)) {
      formerNames.push(`${c.shopPrefix}${core}${suffix}${product}${activity}农民专业合作社`);
    }
    const units =
      (rng.chance(0.8) ? rng.pick([30, 50, 100, 100, 150, 200, 300, 500, 1000, 2000]) : rng.range(10, 3000)) *
      10000;
    const status = this.enterpriseStatus(established);
    const rep = this.headOf(key, 'LEGAL_REPRESENTATIVE', established, 25, 0.08);
    return {
      key,
      type: 'ENTERPRISE',
      subType: 'FARMER_COOPERATIVE',
      name,
      formerNames,
      uscc: this.uscc('93', c.num, established),
      identityNumber: null,
      regionCode: c.code,
      address: this.villageAddress(c),
      phone: this.mobile(),
      registrationAuthority: this.marketAuthority('COUNTY', c),
      establishedOn: iso(established),
      status,
      legalRepresentative: rep,
      industry: T.SECTION.A,
      registeredCapital: formatWan(units),
    };
  }

  // ------------------------------------------------------------------------------------------
  // government agencies, public institutions, social organisations

  /**
   * Chooses the registration level, stepping down a level when the chosen level's realistic
   * name space in that region is used up (a province has only so many departments).
   */
  private levelWithRoom(
    level: Level,
    county: County,
    kind: number,
    capacity: (l: Level, c: County) => number,
  ): Level {
    if (level === 'PROVINCE' && this.used(kind) >= capacity('PROVINCE', county)) level = 'CITY';
    if (level === 'CITY' && this.used(kind + county.city.rid) >= capacity('CITY', county)) level = 'COUNTY';
    return level;
  }

  private agency(key: string): GeneratedSubject {
    const rng = this.rng;
    const county = this.pickCounty();
    const wanted = this.pickLevel(0.03, 0.3);
    const level = this.levelWithRoom(wanted, county, B_AGENCY, (l, c) =>
      l === 'PROVINCE'
        ? T.PROVINCE_DEPARTMENTS.length
        : T.CITY_DEPARTMENTS.length + T.CITY_BRANCH_DEPARTMENTS.length * c.city.districts.length,
    );
    const seat = this.seat(level, county);
    const prefix = this.officialPrefix(level, seat);
    const regionPart = this.regionPart(level, seat);
    let name: string;
    let former: string | undefined;
    if (level === 'PROVINCE') {
      const slot = this.draw(B_AGENCY, [T.PROVINCE_DEPARTMENTS.length]);
      [name, former] = T.PROVINCE_DEPARTMENTS[slot];
      name = prefix + name;
      if (former) former = prefix + former;
      if (this.round > 0) name += `（${cnNumber(this.round + 1)}）`;
    } else if (level === 'CITY') {
      const city = seat.city;
      const depts = T.CITY_DEPARTMENTS.length;
      const slot = this.draw(B_AGENCY + city.rid, [
        depts,
        T.CITY_BRANCH_DEPARTMENTS.length * city.districts.length,
      ]);
      if (this.seg === 0) {
        [name, former] = T.CITY_DEPARTMENTS[slot];
        name = prefix + name;
        if (former) former = prefix + former;
      } else {
        const j = slot - depts;
        const district = city.districts[j % city.districts.length];
        name = `${prefix}${T.CITY_BRANCH_DEPARTMENTS[Math.floor(j / city.districts.length)]}${district.short}分局`;
      }
      if (this.round > 0) name += `（${cnNumber(this.round + 1)}）`;
    } else {
      const depts = T.COUNTY_DEPARTMENTS.length;
      const units = T.TOWNSHIP_UNITS.length;
      const slot = this.draw(B_AGENCY + seat.rid, [depts, PLACES.length, PLACES.length * units]);
      if (this.seg === 0) {
        [name, former] = T.COUNTY_DEPARTMENTS[slot];
        name = prefix + name;
        if (former) former = prefix + former;
      } else if (this.seg === 1) {
        const p = slot - depts;
        const h = mix32(p ^ this.seedKey) % 10;
        const town = PLACES[p];
        name =
          prefix +
          (seat.district
            ? h < 7
              ? `${town}街道办事处`
              : `${town}镇人民政府`
            : h < 6
              ? `${town}镇人民政府`
              : h < 9
                ? `${town}乡人民政府`
                : `${town}街道办事处`);
      } else {
        const j = slot - depts - PLACES.length;
        const [dept, unit] = T.TOWNSHIP_UNITS[j % units];
        name = `${prefix}${dept}${PLACES[Math.floor(j / units)]}${unit}`;
      }
      if (this.round > 0) name += `（${cnNumber(this.round + 1)}）`;
    }
    // Most agencies date from the 2018–2019 institutional reform.
    const established = rng.chance(0.4)
      ? rng.range(day(2018, 10, 1), day(2019, 6, 30))
      : rng.range(DAY_1950, day(2018, 9, 30));
    const formerNames = former && rng.chance(0.5) ? [former] : [];
    const principal = this.headOf(
      key,
      'PRINCIPAL',
      Math.max(established, CAP - years(6) - rng.int(years(6))),
      32,
      0.3,
    );
    return this.nonCommercial(key, 'AGENCY', name, formerNames, seat, established, principal, {
      uscc: this.uscc('11', regionPart, established),
      phone: this.landline(seat),
      registrationAuthority: this.staffingAuthority(level, seat),
    });
  }

  private institution(key: string): GeneratedSubject {
    const rng = this.rng;
    const county = this.pickCounty();
    const wanted = this.pickLevel(0.05, 0.35);
    const cityCapacity = T.LOCAL_INSTITUTIONS.length + numberedSize(CITY_NUMBERED);
    const level = this.levelWithRoom(wanted, county, B_INSTITUTION, (l) =>
      l === 'PROVINCE' ? PROVINCE_INSTITUTIONS.length + PROVINCE_TOPIC_INSTITUTES.length : cityCapacity,
    );
    const seat = this.seat(level, county);
    const prefix = this.officialPrefix(level, seat);
    let name: string;
    let former: string | undefined;
    if (level === 'PROVINCE') {
      const slot = this.draw(B_INSTITUTION, [PROVINCE_INSTITUTIONS.length, PROVINCE_TOPIC_INSTITUTES.length]);
      name =
        this.seg === 0
          ? PROVINCE_INSTITUTIONS[slot]
          : prefix + PROVINCE_TOPIC_INSTITUTES[slot - PROVINCE_INSTITUTIONS.length];
    } else if (level === 'CITY') {
      const local = T.LOCAL_INSTITUTIONS.length;
      const slot = this.draw(B_INSTITUTION + seat.city.rid, [local, numberedSize(CITY_NUMBERED)]);
      if (this.seg === 0) {
        [name, former] = T.LOCAL_INSTITUTIONS[slot];
        name = prefix + name;
        if (former) former = prefix + former;
      } else {
        name = prefix + numberedName(CITY_NUMBERED, slot - local);
      }
    } else {
      const local = COUNTY_LOCAL_INSTITUTIONS.length;
      const numbered = numberedSize(COUNTY_NUMBERED);
      const kinds = T.TOWNSHIP_INSTITUTION_KINDS.length;
      const slot = this.draw(B_INSTITUTION + seat.rid, [local, numbered, PLACES.length * kinds]);
      if (this.seg === 0) {
        [name, former] = COUNTY_LOCAL_INSTITUTIONS[slot];
        name = prefix + name;
        if (former) former = prefix + former;
      } else if (this.seg === 1) {
        name = prefix + numberedName(COUNTY_NUMBERED, slot - local);
      } else {
        const j = slot - local - numbered;
        name = `${prefix}${PLACES[Math.floor(j / kinds)]}${T.TOWNSHIP_INSTITUTION_KINDS[j % kinds]}`;
      }
    }
    if (this.round > 0) name += `（${cnNumber(this.round + 1)}）`;
    const established = skewedDay(rng, DAY_1950, CAP - years(1), 1.1);
    const formerNames = former && rng.chance(0.4) ? [former] : [];
    const principal = this.headOf(
      key,
      'PRINCIPAL',
      Math.max(established, CAP - years(5) - rng.int(years(8))),
      30,
      0.3,
    );
    return this.nonCommercial(key, 'PUBLIC_INSTITUTION', name, formerNames, seat, established, principal, {
      uscc: this.uscc('12', this.regionPart(level, seat), established),
      phone: this.landline(seat),
      registrationAuthority: this.staffingAuthority(level, seat),
    });
  }

  private socialOrg(key: string): GeneratedSubject {
    const rng = this.rng;
    const county = this.pickCounty();
    const x = rng.float();
    const sub: SubjectSubType =
      x < 0.55 ? 'SOCIAL_GROUP' : x < 0.95 ? 'PRIVATE_NON_ENTERPRISE' : 'FOUNDATION';
    let name: string;
    let level: Level;
    let seat: County;
    let established: number;
    let authority: string;
    let formerNames: string[] = [];
    if (sub === 'SOCIAL_GROUP') {
      level = this.levelWithRoom(this.pickLevel(0.2, 0.35), county, B_GROUP, () => GROUP_TAILS.length);
      seat = this.seat(level, county);
      const prefix = this.officialPrefix(level, seat);
      if (level === 'COUNTY') {
        const tails = COUNTY_GROUP_TAILS.length;
        const slot = this.draw(B_GROUP + seat.rid, [tails, PLACES.length * TOWN_GROUP_TAILS.length]);
        if (this.seg === 0) name = prefix + COUNTY_GROUP_TAILS[slot];
        else {
          const j = slot - tails;
          name = `${prefix}${PLACES[Math.floor(j / TOWN_GROUP_TAILS.length)]}镇${TOWN_GROUP_TAILS[j % TOWN_GROUP_TAILS.length]}`;
        }
      } else {
        name = prefix + GROUP_TAILS[this.draw(B_GROUP + this.rid(level, seat), [GROUP_TAILS.length])];
      }
      if (this.round > 0) name += `（${cnNumber(this.round + 1)}）`;
      if (name.endsWith('行业协会') && rng.chance(0.04)) formerNames = [`${name.slice(0, -4)}协会`];
      established = skewedDay(rng, day(1985, 1, 1), CAP, 1.3);
      authority = '51';
    } else if (sub === 'PRIVATE_NON_ENTERPRISE') {
      level = this.pickLevel(0.05, 0.35);
      seat = this.seat(level, county);
      const kindIdx = rng.int(PRIVATE_KINDS.length);
      const slot = this.draw(B_PRIVATE + this.rid(level, seat) * 32 + kindIdx, TRADE_SEGMENTS);
      const trade =
        this.round === 0 ? TRADE[slot] : TRADE[slot] + T.TRADE_NAME_OVERFLOW[(this.round - 1) % 10];
      name = `${this.officialPrefix(level, seat)}${trade}${PRIVATE_KINDS[kindIdx]}`;
      if (this.round > 10) name += `（${cnNumber(Math.floor((this.round - 1) / 10) + 1)}）`;
      established = skewedDay(rng, day(1999, 1, 1), CAP, 1.5);
      authority = '52';
    } else {
      level = this.pickLevel(0.7, 0.25);
      seat = this.seat(level, county);
      const prefix = this.officialPrefix(level, seat);
      const slot = this.draw(B_FOUNDATION + this.rid(level, seat), [
        FOUNDATION_TOPICS.length,
        TRADE.length * FOUNDATION_KINDS.length,
      ]);
      if (this.seg === 0) name = prefix + FOUNDATION_TOPICS[slot];
      else {
        const j = slot - FOUNDATION_TOPICS.length;
        name =
          prefix +
          TRADE[Math.floor(j / FOUNDATION_KINDS.length)] +
          FOUNDATION_KINDS[j % FOUNDATION_KINDS.length];
      }
      if (this.round > 0) name += `（${cnNumber(this.round + 1)}）`;
      established = skewedDay(rng, day(1988, 1, 1), CAP, 1.4);
      authority = '53';
    }
    const rep = this.headOf(key, 'LEGAL_REPRESENTATIVE', established, 25, 0.2);
    return this.nonCommercial(key, sub, name, formerNames, seat, established, rep, {
      uscc: this.uscc(authority, this.regionPart(level, seat), established),
      phone: rng.chance(0.6) ? this.landline(seat) : this.mobile(),
      registrationAuthority: this.civilAffairsAuthority(level, seat),
    });
  }

  /** Agencies, public institutions and social organisations: no industry, no registered capital. */
  private nonCommercial(
    key: string,
    subType: SubjectSubType,
    name: string,
    formerNames: string[],
    seat: County,
    established: number,
    head: string,
    codes: { uscc: string; phone: string; registrationAuthority: string },
  ): GeneratedSubject {
    return {
      key,
      type: SUBJECT_SUB_TYPES[subType].type,
      subType,
      name,
      formerNames,
      ...codes,
      identityNumber: null,
      regionCode: seat.code,
      address: this.orgAddress(seat),
      establishedOn: iso(established),
      status: this.otherStatus(),
      legalRepresentative: head,
      industry: null,
      registeredCapital: null,
    };
  }
}
