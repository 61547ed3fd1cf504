import fs from 'node:fs';
import { Value } from 'typebox/value';
import type { Queryable } from '../../db/db.ts';
import { bundledCalendarYears } from './calendar.ts';
import { type CatalogueFile, CatalogueFileSchema, itemSpecProblems } from './catalogue-spec.ts';

const FILES = ['catalogue-national.json', 'catalogue-jilin.json'];

/** The catalogue files shipped in the repository, checked against the schema and the consistency rules. */
export function bundledCatalogues(): CatalogueFile[] {
  const files = FILES.map((name) => {
    const data: unknown = JSON.parse(fs.readFileSync(new URL(`./data/${name}`, import.meta.url), 'utf8'));
    if (!Value.Check(CatalogueFileSchema, data)) {
      const first = [...Value.Errors(CatalogueFileSchema, data)][0];
      throw new Error(`目录文件 ${name} 不符合格式：${first?.instancePath} ${first?.message}`);
    }
    return data;
  });
  const dictionaries = new Set(files.flatMap((f) => (f.dictionaries ?? []).map((d) => d.code)));
  for (const f of files)
    for (const item of f.items) {
      const problems = itemSpecProblems(item, dictionaries);
      if (problems.length) throw new Error(`目录项 ${item.code}：${problems.join('；')}`);
    }
  return files;
}

/**
 * Brings the database up to the bundled catalogue, dictionaries and holiday calendar: inserts what
 * is missing and never changes what exists (published versions are immutable; admins may have
 * edited calendar years). National versions carry every item whose `since` is not later.
 */
export async function syncBundledCatalogue(q: Queryable): Promise<void> {
  for (const file of bundledCatalogues()) {
    for (const d of file.dictionaries ?? [])
      await q.query(
        `INSERT INTO dictionaries (code, name, entries) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING`,
        [d.code, d.name, JSON.stringify(d.entries)],
      );
    for (const v of file.versions) {
      const inserted = await q.query<{ id: number }>(
        `INSERT INTO catalogue_versions (catalogue, version, title, document_no, published_on)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (catalogue, version) DO NOTHING RETURNING id`,
        [file.catalogue, v.version, v.title, v.documentNo, v.publishedOn],
      );
      const versionId = inserted[0]?.id;
      if (versionId === undefined) continue;
      const items = file.items.filter((i) => !i.since || i.since <= v.version);
      for (const item of items) await insertItem(q, versionId, item);
    }
  }
  for (const y of bundledCalendarYears()) {
    const inserted = await q.query(
      `INSERT INTO calendar_years (year, source, provisional, note) VALUES ($1, $2, $3, $4)
       ON CONFLICT (year) DO NOTHING RETURNING year`,
      [y.year, y.source, y.provisional, y.note ?? null],
    );
    if (!inserted.length) continue;
    for (const d of y.days)
      await q.query(
        `INSERT INTO calendar_days (day, kind, name) VALUES ($1, $2, $3) ON CONFLICT (day) DO NOTHING`,
        [d.date, d.kind, d.name],
      );
  }
}

export async function insertItem(q: Queryable, versionId: number, item: CatalogueFile['items'][number]) {
  await q.query(
    `INSERT INTO catalogue_items (version_id, code, category, name, name_en, legal_basis, providers, openness,
       publicity, subject_types, roles, fields, key_includes_party)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      versionId,
      item.code,
      item.category,
      item.name,
      item.nameEn,
      item.legalBasis,
      item.providers,
      item.openness,
      JSON.stringify(item.publicity),
      item.subjectTypes,
      JSON.stringify(item.roles),
      JSON.stringify(item.fields),
      item.keyIncludesParty ?? false,
    ],
  );
}
