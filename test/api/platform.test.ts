import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseConfigError, openDatabase, openPglite } from '../../src/db/db.ts';
import { loadMigrations, migrate } from '../../src/db/migrate.ts';
import { bundledCatalogues } from '../../src/modules/catalog/bundled.ts';
import { currentItem } from '../../src/modules/catalog/service.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

interface Response {
  content?: Record<string, { schema?: object }>;
}

import { adminQuery, withDatabase } from '../support/db.ts';

const logLines: string[] = [];
const logStream = new Writable({
  write(chunk, _enc, done) {
    logLines.push(String(chunk));
    done();
  },
});

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demoSubjects: 100, logStream });
});
afterAll(() => t?.close());

describe('identifier validation API', () => {
  const validate = (code: unknown) =>
    t.app.inject({ method: 'POST', url: '/api/v1/identifiers/validate', payload: { code } });

  it('explains a valid USCC', async () => {
    const res = await validate('91350100M000100Y43');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      valid: true,
      kind: 'USCC',
      normalized: '91350100M000100Y43',
      subjectType: 'ENTERPRISE',
      registrationAuthority: '工商/市场监管',
      category: '企业',
      regionCode: '350100',
      errors: [],
    });
  });

  it('answers 200 with the verdict for an invalid code', async () => {
    const res = await validate('91350100M000100Y44');
    expect(res.statusCode).toBe(200);
    expect(res.json().valid).toBe(false);
    expect(res.json().errors.map((e: { code: string }) => e.code)).toContain('INVALID_CHECKSUM');
    expect((await validate('12345')).json().errors[0].code).toBe('INVALID_LENGTH');
  });

  it('explains a resident identity number', async () => {
    const res = await validate('11010519491231002X');
    expect(res.json()).toMatchObject({
      valid: true,
      kind: 'RIC',
      birthDate: '1949-12-31',
      sex: 'FEMALE',
      subjectType: 'INDIVIDUAL',
    });
  });

  it('rejects a malformed request', async () => {
    const missing = await validate(undefined);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'body.code' });
    const broken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/identifiers/validate',
      headers: { 'content-type': 'application/json' },
      payload: '{"code": ',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('MALFORMED_JSON');
  });

  it('refuses an oversized body with 413', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/identifiers/validate',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ code: 'x'.repeat(2_000_000) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('operations', () => {
  it('reports health and readiness', async () => {
    await t.deps.ledger.flush();
    const [{ leaves }] = await t.deps.db.query<{ leaves: number }>(
      'SELECT count(*)::int AS leaves FROM ledger_leaves',
    );
    const health = (await t.app.inject({ url: '/api/v1/health' })).json();
    expect(health).toEqual({ status: 'ok', ledger: { treeSize: leaves, lastAudit: null } });
    const ready = (await t.app.inject({ url: '/api/v1/ready' })).json();
    expect(ready.status).toBe('ready');
    expect(ready.migrations).toBeGreaterThanOrEqual(2);
    expect(ready.database).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite');
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const res = await t.app.inject({ url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('publishes OpenAPI 3.1 covering the endpoints', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    for (const p of [
      '/api/v1/subjects',
      '/api/v1/subjects/{id}/archive',
      '/api/v1/identifiers/validate',
      '/api/v1/auth/login',
    ]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    expect((await t.app.inject({ url: '/api/docs' })).statusCode).toBeLessThan(400);
  });

  it('has a response serializer that compiles for every documented answer', async () => {
    // Serializers are compiled on a route's first answer (src/http/serializers.ts): a broken
    // response schema would otherwise show only when that route first answers with that status.
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    const compile = SerializerSelector()({}, {});
    let compiled = 0;
    for (const [url, ops] of Object.entries<Record<string, { responses?: Record<string, Response> }>>(
      doc.paths,
    ))
      for (const [method, op] of Object.entries(ops))
        for (const [httpStatus, response] of Object.entries(op.responses ?? {})) {
          const schema = response.content?.['application/json']?.schema;
          if (!schema) continue;
          const serialize = compile({
            schema: { ...schema, components: doc.components },
            method,
            url,
            httpStatus,
          });
          expect(typeof serialize, `${method} ${url} ${httpStatus}`).toBe('function');
          compiled++;
        }
    expect(compiled).toBeGreaterThan(100);
  });

  it('never logs an identity number, a cookie or an API key', async () => {
    const [p] = await t.deps.db.query<{ id_number_enc: Uint8Array }>(
      `SELECT id_number_enc FROM subjects WHERE type = 'INDIVIDUAL' LIMIT 1`,
    );
    const idNumber = t.deps.vault.decrypt(p.id_number_enc);
    const key = t.credentials.apiClients[0].key;
    await t.app.inject({
      url: `/api/v1/subjects?q=${idNumber}`,
      headers: { authorization: `Bearer ${key}` },
    });
    await t.app.inject({ method: 'POST', url: '/api/v1/identifiers/validate', payload: { code: idNumber } });
    const log = logLines.join('');
    expect(log).toContain('/api/v1/subjects');
    expect(log).not.toContain(idNumber);
    expect(log).not.toContain(key);
  });
});

describe('database layer', () => {
  it('migrations are idempotent', async () => {
    const again = await migrate(t.deps.db);
    expect(again.applied).toEqual([]);
  });

  it('gives a database created before it the inspection result class of the bundled catalogue (0016)', async () => {
    const bundled = bundledCatalogues()
      .flatMap((c) => c.items)
      .find((i) => i.code === 'ADMIN_INSPECTION')!;
    const [migration] = loadMigrations().filter((m) => m.version === 16);
    const rollback = new Error('rollback');
    await t.deps.db
      .transaction(async (tx) => {
        // The item as stored by the releases before the field existed.
        await tx.query(
          `UPDATE catalogue_items SET roles = roles - 'kinds',
             fields = (SELECT jsonb_agg(f) FROM jsonb_array_elements(fields) f WHERE f ->> 'code' <> 'JC_JGLB')
           WHERE code = 'ADMIN_INSPECTION'`,
        );
        expect((await currentItem(tx, 'ADMIN_INSPECTION')).roles.kinds).toBeUndefined();
        for (let run = 0; run < 2; run++) {
          await tx.query(migration.sql);
          const item = await currentItem(tx, 'ADMIN_INSPECTION');
          expect(item.roles).toEqual(bundled.roles);
          expect(item.fields).toEqual(bundled.fields);
        }
        throw rollback;
      })
      .catch((err) => {
        if (err !== rollback) throw err;
      });
  });

  it('locks a PGlite data directory against a second process', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xinyong-lock-'));
    const first = await openPglite(dir);
    // A lock held by another live process (the test runner's parent stands in for it).
    fs.writeFileSync(path.join(dir, 'xinyong.lock'), String(process.ppid));
    await expect(openPglite(dir)).rejects.toBeInstanceOf(DatabaseConfigError);
    fs.writeFileSync(path.join(dir, 'xinyong.lock'), String(process.pid));
    await first.close();
    expect(fs.existsSync(path.join(dir, 'xinyong.lock'))).toBe(false);
    // A stale lock of a dead process is taken over.
    fs.writeFileSync(path.join(dir, 'xinyong.lock'), '999999');
    const reopened = await openPglite(dir);
    await reopened.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.runIf(!!process.env.DATABASE_URL)('refuses a PostgreSQL database without a UTF-8 ctype', async () => {
    const server = process.env.DATABASE_URL!;
    const name = `xy_test_latin_${Date.now()}`;
    await adminQuery(
      server,
      `CREATE DATABASE ${name} ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`,
    );
    try {
      await expect(openDatabase({ databaseUrl: withDatabase(server, name) })).rejects.toThrow(/UTF8/);
    } finally {
      await adminQuery(server, `DROP DATABASE IF EXISTS ${name}`);
    }
  });
});
