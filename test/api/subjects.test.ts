import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations } from '../../src/db/migrate.ts';
import { regionScopePrefix } from '../../src/modules/identifiers/regions.ts';
import { pinyinInitials, searchLexemes, toTsvectorLiteral } from '../../src/modules/subjects/search-terms.ts';
import { createTestApp, loginAs, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demoSubjects: 1500 });
});
afterAll(() => t?.close());

interface Row {
  public_id: string;
  name: string;
  uscc: string | null;
  region_code: string;
  type: string;
}
const pick = async (sql: string, params: unknown[] = []) => (await t.deps.db.query<Row>(sql, params))[0];
const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });

describe('subject search', () => {
  it('finds a company by exact USCC first', async () => {
    const s = await pick(
      `SELECT public_id, name, uscc FROM subjects WHERE type = 'ENTERPRISE' ORDER BY id LIMIT 1 OFFSET 7`,
    );
    const res = await get(`/api/v1/subjects?q=${s.uscc!.toLowerCase()}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().items[0]).toMatchObject({ id: s.public_id, code: s.uscc, name: s.name });
  });

  it('finds by a partial Chinese name, ranking the exact name first', async () => {
    const s = await pick(
      `SELECT public_id, name FROM subjects WHERE type = 'ENTERPRISE' AND length(name) > 8 ORDER BY id LIMIT 1 OFFSET 3`,
    );
    const exact = await get(`/api/v1/subjects?q=${encodeURIComponent(s.name)}`);
    expect(exact.json().items[0].id).toBe(s.public_id);
    const part = [...s.name].slice(2, 6).join('');
    const res = await get(`/api/v1/subjects?q=${encodeURIComponent(part)}&pageSize=100`);
    const names: string[] = res.json().items.map((i: { name: string }) => i.name);
    expect(names.length).toBeGreaterThan(0);
    for (const n of names)
      expect(n.includes(part) || n.replace(/[^\p{L}\p{N}]/gu, '').includes(part)).toBe(true);
  });

  it('answers two-character queries and ranks prefixes before mere containment', async () => {
    const res = await get(`/api/v1/subjects?q=${encodeURIComponent('长春')}&pageSize=50`);
    const items: { name: string }[] = res.json().items;
    expect(res.json().total).toBeGreaterThan(0);
    for (const i of items) expect(i.name).toContain('长春');
    const firstNonPrefix = items.findIndex((i) => !i.name.startsWith('长春'));
    if (firstNonPrefix >= 0)
      expect(items.slice(firstNonPrefix).every((i) => !i.name.startsWith('长春'))).toBe(true);
  });

  it('finds by pinyin initials', async () => {
    const s = await pick(
      `SELECT public_id, name FROM subjects WHERE type = 'ENTERPRISE' ORDER BY id LIMIT 1 OFFSET 11`,
    );
    const initials = pinyinInitials(s.name).slice(0, 6);
    const res = await get(`/api/v1/subjects?q=${initials}&pageSize=100`);
    const hit = res.json().items.find((i: { id: string }) => i.id === s.public_id);
    expect(hit).toBeTruthy();
  });

  it('finds by initials typed from inside the name, and only names whose initials contain them in order', async () => {
    const s = await pick(
      `SELECT public_id, name FROM subjects WHERE type = 'ENTERPRISE' AND length(pinyin_initials) >= 8
       ORDER BY id LIMIT 1 OFFSET 5`,
    );
    const inner = pinyinInitials(s.name).slice(2, 6);
    const res = await get(`/api/v1/subjects?q=${inner}&pageSize=100`);
    const ids: string[] = res.json().items.map((i: { id: string }) => i.id);
    expect(ids).toContain(s.public_id);
    const initials = await t.deps.db.query<{ pinyin_initials: string; name: string }>(
      'SELECT pinyin_initials, name FROM subjects WHERE public_id = ANY($1::text[])',
      [ids],
    );
    // Their bigrams alone would also find names with the same pairs elsewhere or in another order.
    for (const r of initials) expect(r.pinyin_initials.includes(inner) || r.name.includes(inner)).toBe(true);
    const [{ n }] = await t.deps.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM subjects WHERE strpos(pinyin_initials, $1) > 0 OR strpos(name, $1) > 0`,
      [inner],
    );
    expect(res.json().total).toBe(Math.min(n, 1000));
  });

  it('migration 0018 rewrites initials suffixes stored before it as the bigrams search now uses', async () => {
    const rows = await t.deps.db.query<{
      id: number;
      public_id: string;
      name: string;
      former_names: string[];
      pinyin_initials: string;
    }>(`SELECT id, public_id, name, former_names, pinyin_initials FROM subjects ORDER BY id LIMIT 40`);
    // Every suffix of the initials, as search-terms.ts built them before 0018.
    const oldTerms = (r: (typeof rows)[number]) => {
      const current = searchLexemes([r.name, ...r.former_names].join(' '), r.pinyin_initials);
      const chinese = current.filter((l) => !l.startsWith('p:'));
      const suffixes = [...r.pinyin_initials].slice(0, -1).map((_, i) => `p:${r.pinyin_initials.slice(i)}`);
      return toTsvectorLiteral([...chinese, ...suffixes]);
    };
    for (const r of rows)
      await t.deps.db.query('UPDATE subjects SET search_terms = $2::tsvector WHERE id = $1', [
        r.id,
        oldTerms(r),
      ]);
    const [{ n: old }] = await t.deps.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM subjects WHERE id <= $1 AND search_terms::text LIKE '%''p:___%'`,
      [rows.at(-1)!.id],
    );
    expect(old).toBeGreaterThan(20);

    await t.deps.db.exec(loadMigrations().find((m) => m.version === 18)!.sql);
    for (const r of rows) {
      const now = toTsvectorLiteral(searchLexemes([r.name, ...r.former_names].join(' '), r.pinyin_initials));
      const [{ same }] = await t.deps.db.query<{ same: boolean }>(
        'SELECT search_terms = $2::tsvector AS same FROM subjects WHERE id = $1',
        [r.id, now],
      );
      expect(same, r.name).toBe(true);
    }
    const inner = rows.find((r) => r.pinyin_initials.length >= 6)!;
    const again = await get(`/api/v1/subjects?q=${inner.pinyin_initials.slice(2, 5)}&pageSize=100`);
    expect(again.json().items.map((i: { id: string }) => i.id)).toContain(inner.public_id);
  });

  it('finds an individual by the full identity number but shows it masked', async () => {
    const people = await t.deps.db.query<{ public_id: string; id_number_enc: Uint8Array }>(
      `SELECT public_id, id_number_enc FROM subjects WHERE type = 'INDIVIDUAL' ORDER BY id LIMIT 1`,
    );
    const idNumber = t.deps.vault.decrypt(people[0].id_number_enc);
    const res = await get(`/api/v1/subjects?q=${idNumber}`);
    expect(res.json().items).toHaveLength(1);
    expect(res.json().items[0].id).toBe(people[0].public_id);
    expect(res.json().items[0].code).toBe(`${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`);
    expect(res.body).not.toContain(idNumber);
  });

  it('filters by type and region (everything inside a city) and pages on the server', async () => {
    const res = await get('/api/v1/subjects?type=ENTERPRISE&region=220100&page=2&pageSize=7');
    const body = res.json();
    expect(body).toMatchObject({ page: 2, pageSize: 7 });
    expect(body.items).toHaveLength(7);
    for (const i of body.items) {
      expect(i.type).toBe('ENTERPRISE');
      expect(i.regionCode.startsWith('2201')).toBe(true);
    }
    const [{ n }] = await t.deps.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM subjects WHERE type = 'ENTERPRISE' AND region_code LIKE '2201%'`,
    );
    expect(body.total).toBe(n);
    const page1 = (await get('/api/v1/subjects?type=ENTERPRISE&region=220100&page=1&pageSize=7')).json();
    expect(page1.items.map((i: { id: string }) => i.id)).not.toContain(body.items[0].id);
  });

  it('rejects bad filters with a stable code', async () => {
    const res = await get('/api/v1/subjects?type=ALIEN');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.field).toContain('type');
  });
});

describe('subject and archive', () => {
  it('serves the public subject and its archive grouped by catalogue category', async () => {
    const s = await pick(
      `SELECT public_id, name, uscc FROM subjects WHERE type = 'ENTERPRISE' ORDER BY id LIMIT 1`,
    );
    const one = await get(`/api/v1/subjects/${s.uscc}`);
    expect(one.json()).toMatchObject({ id: s.public_id, typeName: '企业' });
    const archive = (await get(`/api/v1/subjects/${s.public_id}/archive`)).json();
    expect(archive.categories).toHaveLength(13);
    expect(archive.categories[0]).toMatchObject({ code: 'REGISTRATION', name: '登记注册基本信息', order: 1 });
    const basic = archive.categories[0].sections.find((x: { key: string }) => x.key === 'basic');
    expect(basic.rows).toContainEqual({ label: '统一社会信用代码', value: s.uscc });
    const relations = archive.categories[0].sections.find((x: { key: string }) => x.key === 'relations');
    expect(relations.rows.some((r: { role: string }) => r.role === 'LEGAL_REPRESENTATIVE')).toBe(true);
  });

  it('never shows an individual’s identity number, address or phone publicly', async () => {
    const p = await t.deps.db.query<{
      public_id: string;
      id_number_enc: Uint8Array;
      address: string;
      phone: string;
    }>(
      `SELECT public_id, id_number_enc, address, phone FROM subjects WHERE type = 'INDIVIDUAL' AND address IS NOT NULL LIMIT 1`,
    );
    const idNumber = t.deps.vault.decrypt(p[0].id_number_enc);
    for (const url of [`/api/v1/subjects/${p[0].public_id}`, `/api/v1/subjects/${p[0].public_id}/archive`]) {
      const res = await get(url);
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(idNumber);
      expect(res.body).not.toContain(p[0].address);
      if (p[0].phone) expect(res.body).not.toContain(p[0].phone);
    }
  });

  it('stores identity numbers encrypted: the clear number is nowhere in the table', async () => {
    const p = await t.deps.db.query<{ id: number; id_number_enc: Uint8Array }>(
      `SELECT id, id_number_enc FROM subjects WHERE type = 'INDIVIDUAL' LIMIT 1`,
    );
    const idNumber = t.deps.vault.decrypt(p[0].id_number_enc);
    const rows = await t.deps.db.query(`SELECT * FROM subjects s WHERE s::text LIKE $1`, [`%${idNumber}%`]);
    expect(rows).toHaveLength(0);
  });

  it('answers 404 with SUBJECT_NOT_FOUND', async () => {
    const res = await get('/api/v1/subjects/S000000000000000/archive');
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'SUBJECT_NOT_FOUND', message: '未找到该信用主体' });
  });
});

describe('restricted data and region scope', () => {
  const individualIn = (county: string) =>
    t.deps.db.query<{ public_id: string; id_number_enc: Uint8Array; region_code: string }>(
      `SELECT public_id, id_number_enc, region_code FROM subjects WHERE type = 'INDIVIDUAL' AND region_code = $1 LIMIT 1`,
      [county],
    );

  it('needs authentication and the permission', async () => {
    const [p] = await individualIn('220102');
    expect((await get(`/api/v1/subjects/${p.public_id}/restricted`)).statusCode).toBe(401);
    const bank = await loginAs(t.app, 'bank-demo');
    const res = await get(`/api/v1/subjects/${p.public_id}/restricted`, bank);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
  });

  it('lets a county user read restricted data in the county, audited', async () => {
    const [p] = await individualIn('220102');
    const headers = await loginAs(t.app, 'nanguan-operator');
    const res = await get(`/api/v1/subjects/${p.public_id}/restricted`, headers);
    expect(res.statusCode).toBe(200);
    expect(res.json().identityNumber).toBe(t.deps.vault.decrypt(p.id_number_enc));
    const audit = await t.deps.db.query<{ actor_name: string; ip: string }>(
      `SELECT actor_name, ip FROM audit_log WHERE action = 'RESTRICTED_READ' AND target_id = $1`,
      [p.public_id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_name).toBe('南关区市场监管局经办人');
  });

  it('refuses a county user another county’s record with OUT_OF_SCOPE, audited', async () => {
    const [p] = await individualIn('220104');
    const headers = await loginAs(t.app, 'nanguan-operator');
    const res = await get(`/api/v1/subjects/${p.public_id}/restricted`, headers);
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({
      code: 'OUT_OF_SCOPE',
      message: expect.stringContaining('超出数据权限范围'),
    });
    expect(res.body).not.toContain(t.deps.vault.decrypt(p.id_number_enc));
    const denied = await t.deps.db.query(
      `SELECT 1 FROM audit_log WHERE action = 'RESTRICTED_READ_DENIED' AND target_id = $1`,
      [p.public_id],
    );
    expect(denied).toHaveLength(1);
  });

  it('scopes a city user to the city and the province user to everything', async () => {
    const [inside] = await individualIn('220104');
    const [outside] = await individualIn('220202');
    const city = await loginAs(t.app, 'cc-operator');
    expect((await get(`/api/v1/subjects/${inside.public_id}/restricted`, city)).statusCode).toBe(200);
    expect((await get(`/api/v1/subjects/${outside.public_id}/restricted`, city)).statusCode).toBe(403);
    const province = await loginAs(t.app, 'province-reviewer');
    expect((await get(`/api/v1/subjects/${outside.public_id}/restricted`, province)).statusCode).toBe(200);
  });

  it('applies the same scope to a department system’s API key', async () => {
    const client = t.credentials.apiClients.find((c) => c.departmentCode === 'CC-NG-SCJG')!;
    const bearer = { authorization: `Bearer ${client.key}` };
    const [inside] = await individualIn('220102');
    const [outside] = await individualIn('220104');
    expect((await get(`/api/v1/subjects/${inside.public_id}/restricted`, bearer)).statusCode).toBe(200);
    expect((await get(`/api/v1/subjects/${outside.public_id}/restricted`, bearer)).json().error.code).toBe(
      'OUT_OF_SCOPE',
    );
  });

  it('lets a bank read a subject’s restricted data only under the subject’s authorisation in force', async () => {
    const [p] = await individualIn('220202');
    const url = `/api/v1/subjects/${p.public_id}/restricted`;
    const bank = await loginAs(t.app, 'bank-demo');
    expect((await get(url, bank)).statusCode).toBe(403);
    const admin = await loginAs(t.app, 'admin');
    const record = (payload: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/subjects/${p.public_id}/authorisations`,
        headers: admin,
        payload,
      });
    const expired = await record({
      granteeUsername: 'bank-demo',
      purpose: '贷款审批',
      validFrom: '2020-01-01',
      validTo: '2020-12-31',
    });
    expect(expired.statusCode).toBe(201);
    expect((await get(url, bank)).statusCode).toBe(403);
    const backwards = await record({
      granteeUsername: 'bank-demo',
      purpose: '贷款审批',
      validFrom: '2030-01-01',
      validTo: '2029-01-01',
    });
    expect(backwards.json().error).toMatchObject({ code: 'INVALID_PERIOD', field: 'validTo' });

    const granted = await record({
      granteeUsername: 'bank-demo',
      purpose: '贷款审批',
      validFrom: '2020-01-01',
      validTo: '2099-12-31',
    });
    const res = await get(url, bank);
    expect(res.statusCode).toBe(200);
    expect(res.json().identityNumber).toBe(t.deps.vault.decrypt(p.id_number_enc));
    const [audit] = await t.deps.db.query<{ detail: { basis: { authorisationId: number } } }>(
      `SELECT detail FROM audit_log WHERE action = 'RESTRICTED_READ' AND target_id = $1 ORDER BY id DESC LIMIT 1`,
      [p.public_id],
    );
    expect(audit.detail.basis.authorisationId).toBe(granted.json().id);

    const revoke = await t.app.inject({
      method: 'POST',
      url: `/api/v1/subjects/${p.public_id}/authorisations/${granted.json().id}/revoke`,
      headers: admin,
    });
    expect(revoke.json().revokedAt).not.toBeNull();
    expect((await get(url, bank)).statusCode).toBe(403);
    const list = await get(`/api/v1/subjects/${p.public_id}/authorisations`, admin);
    expect(list.json().items).toHaveLength(2);
  });

  it('counts statistics inside the viewer’s scope only', async () => {
    const county = (await get('/api/v1/stats/subjects', await loginAs(t.app, 'nanguan-operator'))).json();
    const [{ n }] = await t.deps.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM subjects WHERE region_code LIKE $1`,
      [`${regionScopePrefix('220102')}%`],
    );
    expect(county.total).toBe(n);
    expect(county.byRegion.every((r: { regionCode: string }) => r.regionCode === '220102')).toBe(true);
    const province = (await get('/api/v1/stats/subjects', await loginAs(t.app, 'admin'))).json();
    expect(province.total).toBe(1500);
    expect(province.byType.map((x: { type: string }) => x.type)).toEqual([
      'GOVERNMENT',
      'ENTERPRISE',
      'INDIVIDUAL',
      'INSTITUTION',
      'SOCIAL_ORG',
    ]);
    expect(province.byRegion.every((r: { regionCode: string }) => r.regionCode.endsWith('00'))).toBe(true);
  });
});
