import { isIsoDate } from '../../shared/dates.ts';
import type { CatalogueItemSpec, DictionarySpec, FieldSpec } from '../catalog/catalogue-spec.ts';
import { isWithinScope } from '../identifiers/regions.ts';
import { validateRic } from '../identifiers/ric.ts';
import { validateUscc } from '../identifiers/uscc.ts';
import { withoutFormulaEscape } from './files/formula.ts';
import type { ViolationTier } from './publicity.ts';

/**
 * Validation of one submitted record against its catalogue item (pure). Every problem is reported
 * with a stable code, the field code and a Chinese message; a record with any error is rejected
 * whole and goes to quarantine.
 */

export const RECORD_ERROR_CODES = {
  UNKNOWN_FIELD: '未知字段',
  DUPLICATE_FIELD: '同一字段出现多次',
  INVALID_TYPE: '字段值类型错误',
  REQUIRED: '必填项缺失',
  TOO_LONG: '超过长度限制',
  INVALID_DATE: '日期格式错误',
  DATE_IN_FUTURE: '决定日期晚于今天',
  INVALID_PERIOD: '有效期起始日期晚于截止日期',
  INVALID_AMOUNT: '金额格式错误',
  NEGATIVE_AMOUNT: '金额为负数',
  UNKNOWN_VALUE: '不是字典中的值',
  INVALID_USCC: '统一社会信用代码错误',
  INVALID_ID_NUMBER: '证件号码错误',
  AUTHORITY_OUT_OF_SCOPE: '决定机关不在本部门管辖区域内',
  RECORD_WITHDRAWN: '该决定已撤销公示',
  EXTRA_CELLS: '本行单元格多于表头',
} as const;
export type RecordErrorCode = keyof typeof RECORD_ERROR_CODES;

export interface RecordError {
  field: string | null;
  code: RecordErrorCode;
  message: string;
}

export type PartyClass = 'LEGAL_PERSON' | 'NATURAL_PERSON' | 'SOLE_TRADER';

export interface NormalizedRecord {
  /** Normalised values by field code, identity numbers excluded. Enum values are dictionary labels. */
  values: Record<string, string>;
  /** Identity numbers by field code: encrypted at rest, never public. */
  secrets: Record<string, string>;
  partyClass: PartyClass;
  partyName: string;
  uscc: string | null;
  idType: string | null;
  idNumber: string | null;
  legalRepresentative: string | null;
  decisionNo: string;
  decisionDate: string;
  validFrom: string | null;
  validTo: string | null;
  authorityName: string;
  authorityCode: string;
  /** GB/T 2260 region of the deciding authority (USCC positions 3–8). */
  authorityRegion: string;
  tier: ViolationTier | null;
  publicityEnd: string | null;
  kinds: string[];
  amount: string | null;
}

/** Headers that office files carry but are not data (row numbers). */
const IGNORED_NAMES = new Set(['序号', '行号', 'NO', 'NO.']);
const DEFAULT_TEXT_LIMIT = 2000;
const RESIDENT_ID_LABELS = new Set(['身份证', '居民身份证']);

type DictionaryIndex = Map<string, { code: string; label: string }>;

/** An item prepared once per batch: name lookup and dictionaries. */
export interface CompiledItem {
  item: CatalogueItemSpec;
  fieldsByName: Map<string, FieldSpec>;
  dictionaries: Map<string, DictionaryIndex>;
  /** Codes already checked in this batch: a file repeats the same authority and parties many times. */
  usccChecks: Map<string, ReturnType<typeof validateUscc>>;
  /** Keys and headers already resolved to their field. */
  names: Map<string, FieldSpec | null | undefined>;
  /** Field codes in code order, for canonical JSON (content hashes). */
  sortedCodes: string[];
}

export function compileItem(item: CatalogueItemSpec, dictionaries: DictionarySpec[]): CompiledItem {
  const fieldsByName = new Map<string, FieldSpec>();
  for (const f of item.fields)
    for (const name of [f.code, f.label, ...(f.aliases ?? [])]) fieldsByName.set(nameKey(name), f);
  const dicts = new Map<string, DictionaryIndex>();
  for (const d of dictionaries) {
    const index: DictionaryIndex = new Map();
    for (const e of d.entries)
      for (const n of [e.code, e.label, ...(e.aliases ?? [])])
        index.set(nameKey(n), { code: e.code, label: e.label });
    dicts.set(d.code, index);
  }
  const sortedCodes = item.fields.map((f) => f.code).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { item, fieldsByName, dictionaries: dicts, usccChecks: new Map(), names: new Map(), sortedCodes };
}

function nameKey(name: string): string {
  return name.trim().toUpperCase();
}

/** The field a header or JSON key names, `null` for ignorable columns, `undefined` when unknown. */
export function fieldForName(c: CompiledItem, name: string): FieldSpec | null | undefined {
  // Every row of a file repeats the same headers: resolve each spelling once.
  if (c.names.has(name)) return c.names.get(name);
  const key = nameKey(name);
  const field = IGNORED_NAMES.has(key) ? null : c.fieldsByName.get(key);
  if (c.names.size < 1000) c.names.set(name, field);
  return field;
}

export interface NormalizeOptions {
  /** Today in Asia/Shanghai, for the not-in-the-future rule. */
  today: string;
  /** Region of the submitting department: the deciding authority must lie inside it. */
  scopeRegion: string;
}

type Report = (field: string | null, code: RecordErrorCode, message: string) => void;

export function normalizeRecord(
  c: CompiledItem,
  raw: Record<string, unknown>,
  opts: NormalizeOptions,
): { record: NormalizedRecord | null; errors: RecordError[] } {
  const errors: RecordError[] = [];
  const err: Report = (field, code, message) => errors.push({ field, code, message });
  const text = new Map<string, string>();
  const malformed = new Set<string>(); // present but of the wrong type: not also "missing"

  for (const [key, value] of Object.entries(raw)) {
    const field = fieldForName(c, key);
    if (field === null) continue;
    if (field === undefined) {
      err(key, 'UNKNOWN_FIELD', `信息项"${c.item.name}"没有字段"${key}"`);
      continue;
    }
    if (value === null || value === undefined) continue;
    if (typeof value !== 'string' && typeof value !== 'number') {
      err(field.code, 'INVALID_TYPE', `${field.label}应为文本${field.type === 'amount' ? '或数字' : ''}`);
      malformed.add(field.code);
      continue;
    }
    const v = String(value).trim();
    if (v === '') continue;
    if (text.has(field.code)) {
      err(field.code, 'DUPLICATE_FIELD', `${field.label}出现多次（代码与中文名称只能用一个）`);
      continue;
    }
    text.set(field.code, v);
  }
  return finishRecord(c, text, malformed, errors, err, opts);
}

/**
 * The columns of a file's header row resolved to their fields, when `normalizeCells` can take them:
 * every non-empty header names a field or an ignorable column, and no field twice. Otherwise null
 * (such a file goes through `normalizeRecord`, which reports the problems).
 */
export function columnFields(c: CompiledItem, headers: string[]): (FieldSpec | null)[] | null {
  const columns: (FieldSpec | null)[] = [];
  const seen = new Set<string>();
  for (const h of headers) {
    const field = h === '' ? null : fieldForName(c, h);
    if (field === undefined) return null;
    if (field) {
      if (seen.has(field.code)) return null;
      seen.add(field.code);
    }
    columns.push(field);
  }
  return columns;
}

/**
 * `normalizeRecord` of a file row, read from its cells by column (see `columnFields`) instead of from
 * an object keyed by header: the same result, without the per-row key lookups.
 */
export function normalizeCells(
  c: CompiledItem,
  columns: (FieldSpec | null)[],
  cells: string[],
  opts: NormalizeOptions,
): { record: NormalizedRecord | null; errors: RecordError[] } {
  const errors: RecordError[] = [];
  const err: Report = (field, code, message) => errors.push({ field, code, message });
  const text = new Map<string, string>();
  for (let i = 0; i < columns.length; i++) {
    const field = columns[i];
    if (field === null) continue;
    // A corrected error report comes back with its formula escapes (files/formula.ts).
    const v = withoutFormulaEscape((cells[i] ?? '').trim());
    if (v !== '') text.set(field.code, v);
  }
  return finishRecord(c, text, new Set(), errors, err, opts);
}

function finishRecord(
  c: CompiledItem,
  text: Map<string, string>,
  malformed: Set<string>,
  errors: RecordError[],
  err: Report,
  opts: NormalizeOptions,
): { record: NormalizedRecord | null; errors: RecordError[] } {
  const roles = c.item.roles;
  const partyClass = lookup(c, roles.partyClass, text.get(roles.partyClass))?.code as PartyClass | undefined;
  const values: Record<string, string> = {};
  const secrets: Record<string, string> = {};

  for (const f of c.item.fields) {
    const v = text.get(f.code);
    if (v === undefined) {
      if (isRequired(f, partyClass) && !malformed.has(f.code)) err(f.code, 'REQUIRED', `${f.label}为必填项`);
      continue;
    }
    const checked = checkValue(c, f, v, text, opts, err);
    if (checked === null) continue;
    if (f.type === 'idNumber') secrets[f.code] = checked;
    else values[f.code] = checked;
  }

  const decisionDate = values[roles.decisionDate];
  if (decisionDate && decisionDate > opts.today)
    err(roles.decisionDate, 'DATE_IN_FUTURE', `决定日期 ${decisionDate} 晚于今天（${opts.today}）`);
  const validFrom = roles.validFrom ? (values[roles.validFrom] ?? null) : null;
  const validTo = roles.validTo ? (values[roles.validTo] ?? null) : null;
  if (validFrom && validTo && validFrom > validTo)
    err(roles.validTo ?? null, 'INVALID_PERIOD', `有效期自 ${validFrom} 晚于有效期至 ${validTo}`);

  const authorityCode = values[roles.authorityCode];
  const authorityRegion = authorityCode ? authorityCode.slice(2, 8) : '';
  if (authorityCode && !isWithinScope(opts.scopeRegion, authorityRegion))
    err(
      roles.authorityCode,
      'AUTHORITY_OUT_OF_SCOPE',
      `决定机关代码 ${authorityCode} 所属区划 ${authorityRegion} 不在本部门管辖区域（${opts.scopeRegion}）内`,
    );

  if (errors.length || !partyClass) return { record: null, errors };
  const tier = roles.tier ? lookup(c, roles.tier, values[roles.tier])?.code : undefined;
  const kinds = roles.kinds ? values[roles.kinds] : undefined;
  return {
    errors,
    record: {
      values,
      secrets,
      partyClass,
      partyName: values[roles.partyName],
      uscc: partyClass === 'NATURAL_PERSON' ? null : (values[roles.uscc] ?? null),
      idType: values[roles.idType] ?? null,
      idNumber: partyClass === 'NATURAL_PERSON' ? (secrets[roles.idNumber] ?? null) : null,
      legalRepresentative: roles.legalRepresentative ? (values[roles.legalRepresentative] ?? null) : null,
      decisionNo: values[roles.decisionNo],
      decisionDate,
      validFrom,
      validTo,
      authorityName: values[roles.authorityName],
      authorityCode,
      authorityRegion,
      // A penalty without a tier is general-tier (一般).
      tier: roles.tier ? ((tier as ViolationTier | undefined) ?? 'GENERAL') : null,
      publicityEnd: roles.publicityEnd ? (values[roles.publicityEnd] ?? null) : null,
      kinds: kinds && roles.kinds ? splitList(kinds).map((k) => lookup(c, roles.kinds!, k)?.code ?? k) : [],
      amount: roles.amount ? (values[roles.amount] ?? null) : null,
    },
  };
}

function isRequired(f: FieldSpec, partyClass: PartyClass | undefined): boolean {
  if (f.required === true) return true;
  if (!partyClass) return false;
  if (f.required === 'NATURAL_PERSON') return partyClass === 'NATURAL_PERSON';
  // Sole traders (个体工商户) register with a USCC like legal persons.
  if (f.required === 'LEGAL_PERSON') return partyClass !== 'NATURAL_PERSON';
  return false;
}

/** The dictionary entry a value of an enum field names. */
function lookup(c: CompiledItem, fieldCode: string, value: string | undefined) {
  if (value === undefined) return undefined;
  const dictionary = c.item.fields.find((f) => f.code === fieldCode)?.dictionary ?? '';
  return c.dictionaries.get(dictionary)?.get(nameKey(value));
}

function splitList(v: string): string[] {
  return v
    .split(/[；;、,，]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Checks and normalises one value; reports and returns null when it is wrong. */
function checkValue(
  c: CompiledItem,
  f: FieldSpec,
  v: string,
  text: Map<string, string>,
  opts: NormalizeOptions,
  err: Report,
): string | null {
  switch (f.type) {
    case 'text': {
      const limit = f.maxLength ?? DEFAULT_TEXT_LIMIT;
      // UTF-16 length bounds the character count from above: count characters only when it matters.
      const length = v.length <= limit ? v.length : [...v].length;
      if (length > limit) {
        err(f.code, 'TOO_LONG', `${f.label}最多${limit}字，实际${length}字`);
        return null;
      }
      return v;
    }
    case 'date': {
      const d = parseDate(v);
      if (!d) err(f.code, 'INVALID_DATE', `${f.label}"${v}"不是有效日期（格式 YYYY-MM-DD）`);
      return d;
    }
    case 'amount': {
      const a = v.replace(/,/g, '');
      if (!/^[-+]?\d{1,12}(\.\d{1,6})?$/.test(a)) {
        err(f.code, 'INVALID_AMOUNT', `${f.label}"${v}"不是有效金额（单位万元，最多6位小数）`);
        return null;
      }
      const canonical = canonicalDecimal(a);
      if (a.startsWith('-') && canonical !== '0') {
        err(f.code, 'NEGATIVE_AMOUNT', `${f.label}不能为负数`);
        return null;
      }
      return canonical;
    }
    case 'enum':
    case 'enumList': {
      const dict = c.dictionaries.get(f.dictionary ?? '');
      const labels: string[] = [];
      for (const p of f.type === 'enum' ? [v] : splitList(v)) {
        const entry = dict?.get(nameKey(p));
        if (!entry) {
          err(f.code, 'UNKNOWN_VALUE', `${f.label}"${p}"不是有效值`);
          return null;
        }
        if (!labels.includes(entry.label)) labels.push(entry.label);
      }
      return labels.join('；');
    }
    case 'uscc': {
      const r = usccCheck(c, v);
      if (!r.valid) {
        err(f.code, 'INVALID_USCC', `${f.label}：${r.errors.map((e) => e.message).join('；')}`);
        return null;
      }
      return r.normalized;
    }
    case 'idNumber': {
      const type = idTypeFor(c, f, text);
      const n = v.toUpperCase().replace(/\s/g, '');
      if (type === null || RESIDENT_ID_LABELS.has(type)) {
        const r = validateRic(n, { today: new Date(`${opts.today}T00:00:00Z`) });
        if (!r.valid) {
          // The message never repeats the number: it may be shown to other people.
          err(f.code, 'INVALID_ID_NUMBER', `${f.label}：${r.errors.map((e) => e.message).join('；')}`);
          return null;
        }
        return r.normalized;
      }
      if (!/^[A-Z0-9()（）-]{5,30}$/.test(n)) {
        err(f.code, 'INVALID_ID_NUMBER', `${f.label}格式错误（${type}号码应为5–30位字母或数字）`);
        return null;
      }
      return n;
    }
  }
}

const USCC_MEMO_LIMIT = 100_000;

/**
 * A flat copy of a string. Cell texts are slices of the file chunk they were read from; a long-lived
 * map key that is such a slice would keep the whole chunk in memory for the rest of the import.
 */
export function ownCopy(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}

function usccCheck(c: CompiledItem, v: string) {
  let r = c.usccChecks.get(v);
  if (!r) {
    r = validateUscc(v);
    if (c.usccChecks.size >= USCC_MEMO_LIMIT) c.usccChecks.clear();
    c.usccChecks.set(ownCopy(v), r);
  }
  return r;
}

/** The id type governing an identity-number field: its sibling *_ZJLX field, as a dictionary label. */
function idTypeFor(c: CompiledItem, f: FieldSpec, text: Map<string, string>): string | null {
  const typeCode = f.code.replace(/ZJHM$/, 'ZJLX');
  const raw = typeCode === f.code ? undefined : text.get(typeCode);
  if (!raw) return null;
  return lookup(c, typeCode, raw)?.label ?? raw;
}

const DATE_PATTERNS = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/,
  /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?: \d{1,2}:\d{2}(?::\d{2})?)?$/,
  /^(\d{4})\.(\d{1,2})\.(\d{1,2})$/,
  /^(\d{4})(\d{2})(\d{2})$/,
  /^(\d{4})年(\d{1,2})月(\d{1,2})日$/,
];

/** Accepts the date spellings office software produces; returns YYYY-MM-DD or null. */
export function parseDate(v: string): string | null {
  for (const re of DATE_PATTERNS) {
    const m = re.exec(v);
    if (!m) continue;
    const d = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
    return isIsoDate(d) && d >= '1949-10-01' ? d : null;
  }
  return null;
}

/** '+012.500' → '12.5', '-0' → '0': one spelling per amount, so content hashes are stable. */
export function canonicalDecimal(a: string): string {
  const [int, frac = ''] = a.replace(/^[-+]/, '').split('.');
  const f = frac.replace(/0+$/, '');
  const i = int.replace(/^0+(?=\d)/, '');
  return f ? `${i}.${f}` : i;
}
