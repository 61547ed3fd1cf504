import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../src/db/db.ts';
import { migrate } from '../../src/db/migrate.ts';
import { insertRelations } from '../../src/modules/subjects/repository.ts';
import { insertSubjects } from '../../src/modules/subjects/service.ts';
import { generateDemoData } from '../../src/seed/generator.ts';
import { dropSecondaryIndexesIfEmpty, seedSubjectsReport } from '../../src/seed/subjects.ts';
import { PiiVault } from '../../src/shared/pii.ts';
import { freshDatabase } from '../support/db.ts';

// The bulk seed path (COPY with reserved ids, worker threads, indexes created after loading) must store
// exactly what the row-by-row service path stores: same rows, same ids, same relations, same schema.

const N = 1200;
const SEED = 9;
const vault = new PiiVault(crypto.randomBytes(32));
type Fresh = Awaited<ReturnType<typeof freshDatabase>>;
let reference: Fresh;
let bulk: Fresh;

/** What the seed stored, minus the identity-number ciphertext (random IV) and timestamps. */
async function signature(db: Queryable) {
  const [row] = await db.query<{ s: string; r: string; n: number; rel: number; enc: number }>(
    `SELECT (SELECT md5(string_agg(row(id, public_id, type, sub_type, name, former_names, uscc, id_number_hash,
               id_number_masked, region_code, address, phone, registration_authority, established_on, status,
               legal_representative, industry, registered_capital, pinyin_initials, search_terms)::text, '|' ORDER BY id))
             FROM subjects) AS s,
            (SELECT md5(string_agg(row(id, org_id, person_id, role, since, until)::text, '|' ORDER BY id))
             FROM subject_relations) AS r,
            (SELECT count(*)::int FROM subjects) AS n,
            (SELECT count(*)::int FROM subject_relations) AS rel,
            (SELECT count(id_number_enc)::int FROM subjects) AS enc`,
  );
  return row;
}

/** Indexes and constraints of the two tables, as PostgreSQL would recreate them. */
async function schema(db: Queryable) {
  return db.query(
    `SELECT c.relname AS name, pg_get_indexdef(c.oid) AS definition FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid
     WHERE i.indrelid IN ('subjects'::regclass, 'subject_relations'::regclass)
     UNION ALL
     SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
     WHERE conrelid IN ('subjects'::regclass, 'subject_relations'::regclass)
     ORDER BY 1, 2`,
  );
}

async function fresh(): Promise<Fresh> {
  const f = await freshDatabase();
  await migrate(f.db);
  return f;
}

beforeAll(async () => {
  reference = await fresh();
  for (const batch of generateDemoData({ subjects: N, seed: SEED, batchSize: 500 })) {
    await insertSubjects(
      reference.db,
      vault,
      batch.subjects.map((s) => ({ ...s, publicId: s.key })),
    );
    await insertRelations(
      reference.db,
      batch.relations.map((r) => ({
        orgPublicId: r.orgKey,
        personPublicId: r.personKey,
        role: r.role,
        since: r.since,
        until: r.until,
      })),
    );
  }
  bulk = await fresh();
});
afterAll(async () => {
  await reference?.drop();
  await bulk?.drop();
});

describe('seedSubjects bulk path', () => {
  it('stores what the service path stores, with the indexes and foreign keys created after loading', async () => {
    const report = await seedSubjectsReport(bulk.db, vault, {
      subjects: N,
      seed: SEED,
      // 18 batches, the last one short: the first 6 prepared on this thread, the rest by the workers.
      batchSize: 70,
      workers: 2,
      deferIndexes: true,
    });
    expect(report).toMatchObject({ subjects: N, workers: 2 });
    expect(report.deferredIndexes).toEqual(
      expect.arrayContaining([
        'subjects_search_idx',
        'subjects_name_idx',
        'subjects_uscc_key',
        'subject_relations_org_idx',
        'subject_relations_org_id_fkey',
      ]),
    );
    const want = await signature(reference.db);
    expect(want.n).toBe(N);
    expect(await signature(bulk.db)).toEqual(want);
    expect(report.relations).toBe(want.rel);
    expect(await schema(bulk.db)).toEqual(await schema(reference.db));
  });

  it('seals identity numbers that decrypt and match their lookup hash', async () => {
    const rows = await bulk.db.query<{ enc: Uint8Array; hash: Uint8Array; masked: string }>(
      `SELECT id_number_enc AS enc, id_number_hash AS hash, id_number_masked AS masked
       FROM subjects WHERE id_number_enc IS NOT NULL ORDER BY id LIMIT 50`,
    );
    expect(rows.length).toBe(50);
    for (const r of rows) {
      const plain = vault.decrypt(r.enc);
      expect(plain.slice(-4)).toBe(r.masked.slice(-4));
      expect(Buffer.from(r.hash).equals(vault.lookupHash(plain))).toBe(true);
    }
  });

  it('keeps indexes in place when the tables have rows, and adds to them on the calling thread', async () => {
    const before = await schema(bulk.db);
    const report = await seedSubjectsReport(bulk.db, vault, {
      subjects: 40,
      seed: SEED + 1,
      workers: 0,
      deferIndexes: true,
    });
    expect(report).toMatchObject({ subjects: 40, workers: 0, deferredIndexes: [] });
    expect((await signature(bulk.db)).n).toBe(N + 40);
    expect(await schema(bulk.db)).toEqual(before);
    // Its block of ids follows the first seed's; its relations join its own subjects.
    const [added] = await bulk.db.query<{ ids: number; orgs: number; people: number }>(
      `SELECT (SELECT count(*)::int FROM subjects WHERE id > $1) AS ids,
         (SELECT count(*)::int FROM subject_relations WHERE org_id > $1) AS orgs,
         (SELECT count(*)::int FROM subject_relations r JOIN subjects p ON p.id = r.person_id
          WHERE r.org_id > $1 AND p.id > $1 AND p.type = 'INDIVIDUAL') AS people`,
      [N],
    );
    expect(added).toEqual({ ids: 40, orgs: report.relations, people: report.relations });
    expect(report.relations).toBeGreaterThan(0);
  });

  it('rolls everything back, indexes included, when a batch fails; refuses to run outside a transaction', async () => {
    const other = await fresh();
    try {
      const before = await schema(other.db);
      // A failure in the third batch: a CHECK that rejects the 502nd subject.
      await other.db.query(`ALTER TABLE subjects ADD CONSTRAINT seed_test_cap CHECK (id <= 501)`);
      await expect(
        seedSubjectsReport(other.db, vault, {
          subjects: 900,
          seed: SEED,
          batchSize: 250,
          deferIndexes: true,
        }),
      ).rejects.toThrow(/seed_test_cap/);
      expect((await signature(other.db)).n).toBe(0);
      await other.db.query(`ALTER TABLE subjects DROP CONSTRAINT seed_test_cap`);
      expect(await schema(other.db)).toEqual(before);

      // Unique constraints are dropped for the load too: a duplicate fails when they are re-added.
      await expect(
        other.db.transaction(async (tx) => {
          const deferred = await dropSecondaryIndexesIfEmpty(tx);
          expect(deferred.map((d) => d.name)).toContain('subjects_public_id_key');
          for (const uscc of ['91220101MA00000001', '91220101MA00000002'])
            await tx.query(
              `INSERT INTO subjects (public_id, type, sub_type, name, uscc, region_code, search_terms)
               VALUES ('Sdup', 'ENTERPRISE', 'COMPANY', '重复', $1, '220101', '')`,
              [uscc],
            );
          for (const d of deferred) await tx.query(d.definition);
        }),
      ).rejects.toThrow(/subjects_public_id_key|duplicate|unique/i);
      expect((await signature(other.db)).n).toBe(0);
      expect(await schema(other.db)).toEqual(before);

      const autocommit: Queryable = {
        query: (sql, params) => other.db.query(sql, params),
        copyFrom: (target, data) => other.db.copyFrom(target, data),
      };
      // Outside a transaction nothing is dropped, and the seed is refused: its block of ids needs a lock.
      await expect(
        seedSubjectsReport(autocommit, vault, { subjects: 300, seed: SEED, workers: 0, deferIndexes: true }),
      ).rejects.toThrow(/LOCK TABLE/);
      expect((await signature(other.db)).n).toBe(0);
      expect(await schema(other.db)).toEqual(before);
    } finally {
      await other.drop();
    }
  });
});
