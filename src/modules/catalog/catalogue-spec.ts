import { type Static, Type } from 'typebox';
import { ARCHIVE_CATEGORIES } from '../subjects/archive.ts';
import { SUBJECT_TYPE_CODES } from '../subjects/subject-types.ts';

/**
 * The shape of the catalogue as data (公共信用信息目录). The bundled national base catalogue and the
 * Jilin supplementary catalogue are JSON files of this shape (checked against these schemas when
 * loaded); admins add supplementary items as new versions in the console, never editing a published
 * version in place. The same schemas validate the console's "add item" request.
 */

export const FIELD_TYPES = [
  'text',
  'date', // YYYY-MM-DD (also YYYY/MM/DD, YYYYMMDD, YYYY年M月D日)
  'amount', // 万元, decimal ≥ 0, kept as a string (never a float)
  'enum', // one dictionary entry (code or label)
  'enumList', // several dictionary entries separated by ；;、,
  'uscc', // unified social credit code (GB 32100)
  'idNumber', // identity document number: encrypted at rest, never public
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

const FieldCode = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,39}$' });

export const FieldSpecSchema = Type.Object({
  code: FieldCode,
  label: Type.String({ minLength: 1, maxLength: 60 }),
  aliases: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 60 }))),
  type: Type.Enum(FIELD_TYPES),
  dictionary: Type.Optional(Type.String()),
  /** true, or only for one party class. */
  required: Type.Optional(Type.Union([Type.Boolean(), Type.Enum(['LEGAL_PERSON', 'NATURAL_PERSON'])])),
  maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  /** false: never shown publicly (identity numbers, a legal representative's details). */
  public: Type.Optional(Type.Boolean()),
});
export type FieldSpec = Static<typeof FieldSpecSchema>;

/** Which field plays which part in the pipeline, by field code. */
export const ItemRolesSchema = Type.Object({
  partyName: FieldCode,
  partyClass: FieldCode,
  uscc: FieldCode,
  idType: FieldCode,
  idNumber: FieldCode,
  legalRepresentative: Type.Optional(FieldCode),
  decisionNo: FieldCode,
  decisionDate: FieldCode,
  validFrom: Type.Optional(FieldCode),
  validTo: Type.Optional(FieldCode),
  authorityName: FieldCode,
  authorityCode: FieldCode,
  sourceName: Type.Optional(FieldCode),
  sourceCode: Type.Optional(FieldCode),
  /** Violation tier (轻微 / 一般 / 严重). */
  tier: Type.Optional(FieldCode),
  /** Declared end of publicity (e.g. CF_GSJZQ). */
  publicityEnd: Type.Optional(FieldCode),
  /** The classification used in publication filters (licence category, penalty types). */
  kinds: Type.Optional(FieldCode),
  /** The headline amount in 万元 (e.g. the fine CF_NR_FK). */
  amount: Type.Optional(FieldCode),
});
export type ItemRoles = Static<typeof ItemRolesSchema>;

export const OPENNESS = { PUBLIC: '公开', SHARED: '政务共享', AUTHORISED: '授权查询' } as const;
export type Openness = keyof typeof OPENNESS;

export const PublicityRuleSchema = Type.Union([
  Type.Object({ rule: Type.Literal('PENALTY_TIERS') }),
  Type.Object({ rule: Type.Literal('LICENCE') }),
  Type.Object({ rule: Type.Literal('FIXED_MONTHS'), months: Type.Integer({ minimum: 1, maximum: 120 }) }),
  Type.Object({ rule: Type.Literal('NONE') }),
]);
export type PublicityRule = Static<typeof PublicityRuleSchema>;

const CATEGORY_CODES = ARCHIVE_CATEGORIES.map((c) => c.code);

export const CatalogueItemSpecSchema = Type.Object({
  code: Type.String({
    pattern: '^[A-Z][A-Z0-9_]{1,63}$',
    description: 'Stable item code, e.g. ADMIN_PENALTY',
  }),
  category: Type.Enum(CATEGORY_CODES),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  nameEn: Type.String({ minLength: 1, maxLength: 200 }),
  legalBasis: Type.String({ minLength: 1, maxLength: 2000 }),
  providers: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
  openness: Type.Enum(Object.keys(OPENNESS) as Openness[]),
  publicity: PublicityRuleSchema,
  subjectTypes: Type.Array(Type.Enum(SUBJECT_TYPE_CODES), { minItems: 1 }),
  /** National catalogue year the item first appears in; absent in supplementary items. */
  since: Type.Optional(Type.String()),
  roles: ItemRolesSchema,
  /**
   * One decision names several parties (a court case number: co-defendants, a company and its legal
   * representative): each party's record is its own, so the party is part of the natural key.
   */
  keyIncludesParty: Type.Optional(
    Type.Boolean({
      description: 'natural key = authority + decision number + party (several parties a decision)',
    }),
  ),
  fields: Type.Array(FieldSpecSchema, { minItems: 1, maxItems: 80 }),
});
export type CatalogueItemSpec = Static<typeof CatalogueItemSpecSchema>;

export const DictionarySpecSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  entries: Type.Array(
    Type.Object({
      code: Type.String(),
      label: Type.String(),
      aliases: Type.Optional(Type.Array(Type.String())),
    }),
  ),
});
export type DictionarySpec = Static<typeof DictionarySpecSchema>;

export const CatalogueFileSchema = Type.Object({
  catalogue: Type.Enum(['NATIONAL', 'JILIN']),
  title: Type.String(),
  versions: Type.Array(
    Type.Object({
      version: Type.String(),
      title: Type.String(),
      publishedOn: Type.String(),
      documentNo: Type.String(),
    }),
  ),
  items: Type.Array(CatalogueItemSpecSchema),
  dictionaries: Type.Optional(Type.Array(DictionarySpecSchema)),
});
export type CatalogueFile = Static<typeof CatalogueFileSchema>;

/**
 * Consistency rules a schema cannot express: roles name fields of the item, enum fields name a
 * dictionary, codes and labels are unambiguous (labels are accepted as JSON keys and headers).
 */
export function itemSpecProblems(item: CatalogueItemSpec, dictionaryCodes: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const codes = new Set<string>();
  const names = new Map<string, string>();
  for (const f of item.fields) {
    if (codes.has(f.code)) problems.push(`字段代码重复：${f.code}`);
    codes.add(f.code);
    if ((f.type === 'enum' || f.type === 'enumList') && !(f.dictionary && dictionaryCodes.has(f.dictionary)))
      problems.push(`字段 ${f.code} 引用的字典不存在：${f.dictionary ?? '（未指定）'}`);
  }
  for (const f of item.fields) {
    for (const name of [f.code.toUpperCase(), f.label, ...(f.aliases ?? [])]) {
      const owner = names.get(name);
      if (owner && owner !== f.code) problems.push(`名称"${name}"同时指向字段 ${owner} 和 ${f.code}`);
      names.set(name, f.code);
    }
  }
  for (const [role, code] of Object.entries(item.roles)) {
    if (code && !codes.has(code)) problems.push(`角色 ${role} 指向不存在的字段：${code}`);
  }
  return problems;
}
