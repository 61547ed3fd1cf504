import fs from 'node:fs';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { ARCHIVE_CATEGORIES } from '../subjects/archive.ts';
import {
  type CatalogueFile,
  CatalogueFileSchema,
  type CatalogueItemSpec,
  itemSpecProblems,
} from './catalogue-spec.ts';

function load(name: string): CatalogueFile {
  return JSON.parse(fs.readFileSync(new URL(`./data/${name}`, import.meta.url), 'utf8')) as CatalogueFile;
}

const national = load('catalogue-national.json');
const jilin = load('catalogue-jilin.json');
const files = [national, jilin];
const items = files.flatMap((f) => f.items);
const dictionaries = files.flatMap((f) => f.dictionaries ?? []);
const dictionaryCodes = new Set(dictionaries.map((d) => d.code));
const categoryCodes: readonly string[] = ARCHIVE_CATEGORIES.map((c) => c.code);
const MANDATORY_ROLES = [
  'partyName',
  'partyClass',
  'uscc',
  'idType',
  'idNumber',
  'decisionNo',
  'decisionDate',
  'authorityName',
  'authorityCode',
] as const;

const byCode = (code: string) => items.find((i) => i.code === code);
const field = (item: CatalogueItemSpec, code: string | undefined) => item.fields.find((f) => f.code === code);
const duplicates = (values: string[]) => values.filter((v, i) => values.indexOf(v) !== i);

describe('bundled catalogue data', () => {
  it('matches the catalogue file schema', () => {
    for (const file of files) {
      const errors = [...Value.Errors(CatalogueFileSchema, file)].map(
        (e) => `${e.instancePath} ${e.message}`,
      );
      expect(errors, file.catalogue).toEqual([]);
    }
    expect(national.catalogue).toBe('NATIONAL');
    expect(jilin.catalogue).toBe('JILIN');
  });

  it('passes the loader consistency rules', () => {
    for (const item of items) expect(itemSpecProblems(item, dictionaryCodes), item.code).toEqual([]);
  });

  it('gives every item a code unique across both catalogues', () => {
    expect(duplicates(items.map((i) => i.code))).toEqual([]);
  });

  it('puts every item in one of the 13 archive categories, and the national catalogue covers all 13', () => {
    for (const item of items) expect(categoryCodes, item.code).toContain(item.category);
    expect(new Set(national.items.map((i) => i.category))).toEqual(new Set(categoryCodes));
  });

  it('dates national items by the version that introduced their category', () => {
    const versions = national.versions.map((v) => v.version);
    expect(versions).toEqual(['2021', '2022', '2024']);
    for (const item of national.items) {
      expect(versions, item.code).toContain(item.since);
      if (item.category === 'LAW_COMPLIANCE') expect(item.since! >= '2022', item.code).toBe(true);
      if (item.category === 'INTELLECTUAL_PROPERTY') expect(item.since, item.code).toBe('2024');
    }
    for (const item of jilin.items) expect(item.since, item.code).toBeUndefined();
    for (const v of [...national.versions, ...jilin.versions])
      expect(v.publishedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('keeps field codes unique within an item', () => {
    for (const item of items) expect(duplicates(item.fields.map((f) => f.code)), item.code).toEqual([]);
  });

  it('keeps labels unique within an item and never equal to another field code', () => {
    for (const item of items) {
      expect(duplicates(item.fields.map((f) => f.label)), item.code).toEqual([]);
      for (const f of item.fields) {
        const clash = item.fields.find((g) => g !== f && g.code.toUpperCase() === f.label.toUpperCase());
        expect(clash?.code, `${item.code}.${f.code}`).toBeUndefined();
      }
    }
  });

  it('points every role at a field of the item, with the mandatory roles present', () => {
    for (const item of items) {
      for (const role of MANDATORY_ROLES) expect(item.roles[role], `${item.code}.${role}`).toBeTruthy();
      for (const [role, code] of Object.entries(item.roles))
        expect(field(item, code), `${item.code}.${role} → ${code}`).toBeDefined();
    }
  });

  it('gives the role fields the types the pipeline relies on', () => {
    for (const item of items) {
      const { roles } = item;
      expect(field(item, roles.partyClass)?.dictionary, item.code).toBe('PARTY_CLASS');
      expect(field(item, roles.idType)?.dictionary, item.code).toBe('ID_TYPE');
      expect(field(item, roles.uscc)?.type, item.code).toBe('uscc');
      expect(field(item, roles.authorityCode)?.type, item.code).toBe('uscc');
      expect(field(item, roles.decisionDate)?.type, item.code).toBe('date');
      expect(field(item, roles.decisionNo)?.required, item.code).toBe(true);
      for (const role of ['validFrom', 'validTo', 'publicityEnd'] as const)
        if (roles[role]) expect(field(item, roles[role])?.type, `${item.code}.${role}`).toBe('date');
      if (roles.tier) expect(field(item, roles.tier)?.dictionary, item.code).toBe('VIOLATION_TIER');
    }
  });

  it('never shows identity numbers publicly', () => {
    for (const item of items)
      for (const f of item.fields.filter((f) => f.type === 'idNumber'))
        expect(f.public, `${item.code}.${f.code}`).toBe(false);
  });

  it('names an existing dictionary from every enum field, and only from those', () => {
    for (const item of items)
      for (const f of item.fields) {
        if (f.type === 'enum' || f.type === 'enumList')
          expect(dictionaryCodes.has(f.dictionary ?? ''), `${item.code}.${f.code}`).toBe(true);
        else expect(f.dictionary, `${item.code}.${f.code}`).toBeUndefined();
      }
  });

  it('keeps dictionary codes and entry names unambiguous', () => {
    expect(duplicates(dictionaries.map((d) => d.code))).toEqual([]);
    for (const d of dictionaries) {
      const names = d.entries.flatMap((e) => [e.code, e.label, ...(e.aliases ?? [])]);
      expect(duplicates(names), d.code).toEqual([]);
    }
    const entries = (code: string) => dictionaries.find((d) => d.code === code)?.entries.map((e) => e.code);
    expect(entries('PARTY_CLASS')).toEqual(['LEGAL_PERSON', 'NATURAL_PERSON', 'SOLE_TRADER']);
    expect(entries('VIOLATION_TIER')).toEqual(['MINOR', 'GENERAL', 'SERIOUS']);
    expect(entries('PENALTY_TYPE')).toHaveLength(14);
    expect(jilin.dictionaries ?? []).toEqual([]);
  });

  it('publishes nothing from items that are not public', () => {
    for (const item of items)
      if (item.openness !== 'PUBLIC') expect(item.publicity, item.code).toEqual({ rule: 'NONE' });
  });

  it('has the two 双公示 items with their national field codes and roles', () => {
    const licence = byCode('ADMIN_LICENSE')!;
    expect(licence).toMatchObject({
      category: 'ADMINISTRATIVE',
      openness: 'PUBLIC',
      publicity: { rule: 'LICENCE' },
      roles: {
        partyName: 'XK_XDR_MC',
        partyClass: 'XK_XDR_LB',
        uscc: 'XK_XDR_SHXYM',
        idType: 'XK_XDR_ZJLX',
        idNumber: 'XK_XDR_ZJHM',
        legalRepresentative: 'XK_FRDB',
        decisionNo: 'XK_WSH',
        decisionDate: 'XK_JDRQ',
        validFrom: 'XK_YXQZ',
        validTo: 'XK_YXQZI',
        authorityName: 'XK_XKJG',
        authorityCode: 'XK_XKJGDM',
        sourceName: 'XK_LYDW',
        sourceCode: 'XK_LYDWDM',
      },
    });
    expect(licence.fields.map((f) => f.code)).toEqual([
      'XK_XDR_MC',
      'XK_XDR_LB',
      'XK_XDR_SHXYM',
      'XK_FRDB',
      'XK_FR_ZJLX',
      'XK_FR_ZJHM',
      'XK_XDR_ZJLX',
      'XK_XDR_ZJHM',
      'XK_XKWS',
      'XK_WSH',
      'XK_XKLB',
      'XK_XKZS',
      'XK_XKBH',
      'XK_NR',
      'XK_JDRQ',
      'XK_YXQZ',
      'XK_YXQZI',
      'XK_XKJG',
      'XK_XKJGDM',
      'XK_ZT',
      'XK_LYDW',
      'XK_LYDWDM',
      'BZ',
    ]);
    expect(field(licence, 'XK_XDR_SHXYM')?.required).toBe('LEGAL_PERSON');
    expect(field(licence, 'XK_XDR_ZJHM')).toMatchObject({
      type: 'idNumber',
      required: 'NATURAL_PERSON',
      public: false,
    });
    expect(field(licence, 'XK_XKLB')?.dictionary).toBe('LICENCE_CATEGORY');
    expect(field(licence, 'XK_ZT')?.dictionary).toBe('LICENCE_STATUS');

    const penalty = byCode('ADMIN_PENALTY')!;
    expect(penalty).toMatchObject({
      category: 'ADMINISTRATIVE',
      openness: 'PUBLIC',
      publicity: { rule: 'PENALTY_TIERS' },
      roles: {
        partyName: 'CF_XDR_MC',
        partyClass: 'CF_XDR_LB',
        uscc: 'CF_XDR_SHXYM',
        idType: 'CF_XDR_ZJLX',
        idNumber: 'CF_XDR_ZJHM',
        legalRepresentative: 'CF_FRDB',
        decisionNo: 'CF_WSH',
        decisionDate: 'CF_JDRQ',
        validTo: 'CF_YXQ',
        authorityName: 'CF_CFJG',
        authorityCode: 'CF_CFJGDM',
        sourceName: 'CF_SJLY',
        sourceCode: 'CF_SJLYDM',
        tier: 'tier',
        publicityEnd: 'CF_GSJZQ',
      },
    });
    expect(penalty.fields.map((f) => f.code)).toEqual([
      'CF_XDR_MC',
      'CF_XDR_LB',
      'CF_XDR_SHXYM',
      'CF_FRDB',
      'CF_FR_ZJLX',
      'CF_FR_ZJHM',
      'CF_XDR_ZJLX',
      'CF_XDR_ZJHM',
      'CF_WSH',
      'CF_WFXW',
      'CF_SY',
      'CF_YJ',
      'CF_CFLB',
      'CF_NR',
      'CF_NR_FK',
      'CF_NR_WFFF',
      'CF_NR_ZKDX',
      'CF_JDRQ',
      'CF_YXQ',
      'CF_GSJZQ',
      'CF_CFJG',
      'CF_CFJGDM',
      'CF_SJLY',
      'CF_SJLYDM',
      'tier',
      'BZ',
    ]);
    expect(field(penalty, 'CF_CFLB')).toMatchObject({
      type: 'enumList',
      dictionary: 'PENALTY_TYPE',
      required: true,
    });
    expect(field(penalty, 'CF_NR_FK')?.type).toBe('amount');
    expect(field(penalty, 'tier')).toMatchObject({
      label: '失信程度',
      aliases: ['违法行为轻重程度', '信息等级'],
      type: 'enum',
      dictionary: 'VIOLATION_TIER',
    });
    expect(field(penalty, 'tier')?.required).toBeFalsy();
  });
});
