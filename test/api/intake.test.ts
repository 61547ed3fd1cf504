import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations } from '../../src/db/migrate.ts';
import { ricCheckChar } from '../../src/modules/identifiers/ric.ts';
import { usccCheckChar } from '../../src/modules/identifiers/uscc.ts';
import { waitForImports } from '../../src/modules/records/intake-service.ts';
import { NAME_CANDIDATES, runPublicationExpiry } from '../../src/modules/records/service.ts';
import { insertSubjects } from '../../src/modules/subjects/service.ts';
import {
  type FixtureEncoding,
  PENALTY_COLUMNS,
  writeCsv,
  writeXlsx,
} from '../fixtures/intake/build-fixtures.ts';
import { createTestApp, loginAs, type TestApp } from '../support/app.ts';

// A movable clock: today is 2026-06-30 (Asia/Shanghai) unless a test moves it.
const clock = {
  at: new Date('2026-06-30T04:00:00Z'),
  now() {
    return this.at;
  },
};
let t: TestApp;
let cc: { key: string; uscc: string; id: number };
let jilin: { key: string; uscc: string };
let parties: { name: string; uscc: string }[];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xy-intake-'));
let serial = 0;

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const withCheck = (first17: string) => first17 + usccCheckChar(first17);
const ricOf = (first17: string) => first17 + ricCheckChar(first17);

function penalty(over: Record<string, unknown> = {}) {
  const party = parties[serial % parties.length];
  serial += 1;
  return {
    CF_XDR_MC: party.name,
    CF_XDR_LB: '法人及非法人组织',
    CF_XDR_SHXYM: party.uscc,
    CF_WSH: `长市监罚〔2026〕T${serial}号`,
    CF_WFXW: '虚假宣传',
    CF_SY: '经查，当事人发布虚假广告。',
    CF_YJ: '《中华人民共和国反不正当竞争法》第二十条',
    CF_CFLB: '警告；罚款',
    CF_NR: '罚款人民币2万元',
    CF_NR_FK: '2',
    CF_JDRQ: '2026-06-22',
    CF_CFJG: '长春市市场监督管理局',
    CF_CFJGDM: cc.uscc,
    CF_SJLY: '长春市市场监督管理局',
    CF_SJLYDM: cc.uscc,
    ...over,
  };
}

async function submit(records: Record<string, unknown>[], key = cc.key, item = 'ADMIN_PENALTY') {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/intake/${item}`,
    headers: bearer(key),
    payload: { records },
  });
  return res;
}

async function upload(file: string, fileName: string, key = cc.key) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/intake/ADMIN_PENALTY/files?fileName=${encodeURIComponent(fileName)}`,
    headers: { ...bearer(key), 'content-type': 'application/octet-stream' },
    payload: fs.readFileSync(file),
  });
  if (res.statusCode !== 202) return { res, batch: null };
  await waitForImports();
  const batch = await t.app.inject({ url: `/api/v1/intake/batches/${res.json().id}`, headers: bearer(key) });
  return { res, batch: batch.json() };
}

beforeAll(async () => {
  t = await createTestApp({ demoSubjects: 400, clock });
  const depts = await t.deps.db.query<{ id: number; code: string; uscc: string }>(
    `SELECT id, code, uscc FROM departments WHERE code IN ('CC-SCJG', 'JLS-SCJG')`,
  );
  const key = (code: string) => t.credentials.apiClients.find((c) => c.departmentCode === code)!.key;
  const ccDept = depts.find((d) => d.code === 'CC-SCJG')!;
  cc = { key: key('CC-SCJG'), uscc: ccDept.uscc, id: ccDept.id };
  jilin = { key: key('JLS-SCJG'), uscc: depts.find((d) => d.code === 'JLS-SCJG')!.uscc };
  parties = await t.deps.db.query<{ name: string; uscc: string }>(
    `SELECT name, uscc FROM subjects WHERE uscc IS NOT NULL AND type = 'ENTERPRISE' ORDER BY id LIMIT 50`,
  );
});

afterAll(async () => {
  await t.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('API intake', () => {
  it('answers accepted, duplicate, updated and rejected in order, and keeps history', async () => {
    const good = penalty({ CF_JDRQ: '2026-06-19' });
    const bad = penalty({ CF_NR_FK: '-1', CF_JDRQ: '2026-07-01' });
    const first = await submit([good, bad, good]);
    expect(first.statusCode).toBe(200);
    const r = first.json().results;
    expect(r.map((x: { status: string }) => x.status)).toEqual(['accepted', 'rejected', 'duplicate']);
    expect(r[0].recordId).toBe(r[2].recordId);
    expect(r[1].errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`).sort()).toEqual([
      'CF_JDRQ:DATE_IN_FUTURE',
      'CF_NR_FK:NEGATIVE_AMOUNT',
    ]);
    expect(r[1].errors[0].message).toMatch(/[\u4e00-\u9fa5]/);
    expect(r[1].quarantineId).toBeGreaterThan(0);

    const changed = await submit([{ ...good, CF_NR_FK: '3', CF_NR: '罚款人民币3万元' }]);
    expect(changed.json().results[0]).toMatchObject({ status: 'updated', recordId: r[0].recordId });
    const admin = await loginAs(t.app, 'admin');
    const detail = (await t.app.inject({ url: `/api/v1/records/${r[0].recordId}`, headers: admin })).json();
    expect(detail.amount).toBe('3');
    expect(detail.version).toBe(2);
    expect(detail.history).toHaveLength(1);
    expect(detail.history[0].fields.find((f: { code: string }) => f.code === 'CF_NR_FK').value).toBe('2');
    // Decided 2026-06-19 (Dragon Boat Festival), received 2026-06-30: 6/22–6/26 and 6/29–6/30 are
    // 7 working days, on time (late only above 7).
    expect(detail).toMatchObject({
      workingDaysToIntake: 7,
      late: false,
      catalogue: 'NATIONAL',
      catalogueVersion: '2024',
    });

    const audit = await t.deps.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'intake.submit' AND target_id = $1`,
      [String(first.json().batchId)],
    );
    expect(audit[0].n).toBe(1);
  });

  it('stores text with quotes, backslashes, tabs and line breaks exactly as sent', async () => {
    // New records reach the table as COPY text rows: every character COPY escapes must come back intact,
    // and a value that reads like COPY's NULL marker stays text.
    const awkward = {
      CF_XDR_MC: '长春"引号"\\反斜杠\\N有限公司',
      CF_WFXW: '第一行\n第二行\r\n第三行\t制表符 \\t 非转义',
      CF_SY: '\\N',
    };
    const record = penalty(awkward);
    const [result] = (await submit([record])).json().results;
    expect(result.status).toBe('accepted');
    const admin = await loginAs(t.app, 'admin');
    const detail = (await t.app.inject({ url: `/api/v1/records/${result.recordId}`, headers: admin })).json();
    const value = (code: string) => detail.fields.find((f: { code: string }) => f.code === code)?.value;
    expect(detail.partyName).toBe(awkward.CF_XDR_MC);
    expect(value('CF_WFXW')).toBe(awkward.CF_WFXW);
    expect(value('CF_SY')).toBe('\\N');
    // Sent again: a duplicate of what was stored.
    expect((await submit([record])).json().results[0]).toMatchObject({
      status: 'duplicate',
      recordId: result.recordId,
    });
  });

  it('takes two calls with the same decisions in opposite orders at once: no deadlock, each stored once', async () => {
    // About registered parties and parties both calls register, in opposite orders.
    const records = Array.from({ length: 300 }, (_, i) =>
      penalty({
        CF_JDRQ: '2026-06-24',
        ...(i % 3 === 0
          ? {
              CF_XDR_MC: `并发新设第${i}号商贸有限公司`,
              CF_XDR_SHXYM: withCheck(`91220100MJ${String(i).padStart(7, '0')}`),
            }
          : {}),
      }),
    );
    const [a, b] = await Promise.all([submit(records), submit([...records].reverse())]);
    expect(a.statusCode, a.body).toBe(200);
    expect(b.statusCode, b.body).toBe(200);
    const statuses = [...a.json().results, ...b.json().results].map((r: { status: string }) => r.status);
    expect(statuses.filter((s) => s === 'accepted')).toHaveLength(300);
    expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(300);
  });

  it('flags late intake by working days', async () => {
    const res = await submit([penalty({ CF_JDRQ: '2026-06-15' })]);
    const id = res.json().results[0].recordId;
    const rec = (await t.app.inject({ url: `/api/v1/records/${id}` })).json();
    // 6/15–6/30 minus the Dragon Boat holiday 6/19: 10 working days.
    expect(rec).toMatchObject({ workingDaysToIntake: 10, late: true });
  });

  it('registers an unknown party as a subject and never shows its identity number', async () => {
    const unknownOrg = withCheck('91220104MA7XXXXX9');
    const person = ricOf('22010219900307002');
    const res = await submit([
      penalty({ CF_XDR_MC: '长春市新注册测试有限公司', CF_XDR_SHXYM: unknownOrg }),
      penalty({
        CF_XDR_MC: '张测试',
        CF_XDR_LB: '自然人',
        CF_XDR_SHXYM: undefined,
        CF_XDR_ZJLX: '身份证',
        CF_XDR_ZJHM: person,
      }),
    ]);
    const [org, individual] = res.json().results;
    expect(org.status).toBe('accepted');
    expect(individual.status).toBe('accepted');
    const subjects = await t.deps.db.query<{ type: string; region_code: string }>(
      `SELECT type, region_code FROM subjects WHERE uscc = $1 OR name = '张测试' ORDER BY type`,
      [unknownOrg],
    );
    expect(subjects.map((s) => s.type)).toEqual(['ENTERPRISE', 'INDIVIDUAL']);
    const pub = await t.app.inject({ url: `/api/v1/records/${individual.recordId}` });
    expect(pub.statusCode).toBe(200);
    expect(pub.json().subject.maskedIdNumber).toBe(`220102********${person.slice(-4)}`);
    expect(pub.body).not.toContain(person);
    const admin = await loginAs(t.app, 'admin');
    const official = await t.app.inject({ url: `/api/v1/records/${individual.recordId}`, headers: admin });
    expect(official.body).not.toContain(person);
    const stored = await t.deps.db.query<{ fields: string }>(
      `SELECT fields::text AS fields FROM credit_records WHERE public_id = $1`,
      [individual.recordId],
    );
    expect(stored[0].fields).not.toContain(person);
  });

  it('migration 0017 gives records stored before it the party key intake computes: resubmitting them is idempotent', async () => {
    const company = parties[4];
    const person = ricOf('22010219751212004');
    const rows = [
      {
        XF_MC: company.name,
        XF_LB: '法人及非法人组织',
        XF_SHXYM: company.uscc,
        XF_AH: '(2026)吉0102执77号',
      },
      { XF_MC: '赵某', XF_LB: '自然人', XF_ZJLX: '身份证', XF_ZJHM: person, XF_AH: '(2026)吉0102执78号' },
    ].map((r) => ({ ...r, XF_FBRQ: '2026-06-11', XF_FY: '长春市南关区人民法院', XF_FYDM: cc.uscc }));
    const stored = (await submit(rows, cc.key, 'JUD_CONSUMPTION_BAN')).json().results;
    expect(stored.map((r: { status: string }) => r.status)).toEqual(['accepted', 'accepted']);
    // Back to the shape before 0017 (no party keys, the old unique key), then 0017 as shipped. This
    // runs before the multi-party test below: the old key cannot hold a case with two parties.
    await t.deps.db.exec(`
      ALTER TABLE credit_records DROP CONSTRAINT credit_records_natural_key;
      ALTER TABLE credit_records DROP COLUMN party_key;
      ALTER TABLE catalogue_items DROP COLUMN key_includes_party;
      ALTER TABLE credit_records ADD CONSTRAINT credit_records_item_code_authority_code_decision_no_key
        UNIQUE (item_code, authority_code, decision_no);`);
    await t.deps.db.exec(loadMigrations().find((m) => m.version === 17)!.sql);
    const keys = await t.deps.db.query<{ public_id: string; party_key: string }>(
      'SELECT public_id, party_key FROM credit_records WHERE public_id = ANY($1::text[]) ORDER BY decision_no',
      [stored.map((r: { recordId: string }) => r.recordId)],
    );
    expect(keys.map((k) => k.party_key)).toEqual([
      `U:${company.uscc}`,
      expect.stringMatching(/^P:[0-9a-f]{64}$/),
    ]);
    const again = (await submit(rows, cc.key, 'JUD_CONSUMPTION_BAN')).json().results;
    expect(again.map((r: { status: string; recordId: string }) => [r.status, r.recordId])).toEqual(
      stored.map((r: { recordId: string }) => ['duplicate', r.recordId]),
    );
  });

  it('keeps each party of a multi-party case its own record: the party is part of the natural key', async () => {
    const company = parties[2];
    const legalRep = ricOf('22010219800101003');
    const caseNo = '(2026)吉0102执1234号';
    const ban = (over: Record<string, unknown>) => ({
      XF_AH: caseNo,
      XF_FBRQ: '2026-06-10',
      XF_FY: '长春市南关区人民法院',
      XF_FYDM: cc.uscc,
      ...over,
    });
    const onCompany = ban({ XF_MC: company.name, XF_LB: '法人及非法人组织', XF_SHXYM: company.uscc });
    const onPerson = ban({ XF_MC: '王某', XF_LB: '自然人', XF_ZJLX: '身份证', XF_ZJHM: legalRep });
    const first = (await submit([onCompany, onPerson], cc.key, 'JUD_CONSUMPTION_BAN')).json().results;
    expect(first.map((r: { status: string }) => r.status)).toEqual(['accepted', 'accepted']);
    expect(first[0].recordId).not.toBe(first[1].recordId);

    const again = (await submit([onCompany, onPerson], cc.key, 'JUD_CONSUMPTION_BAN')).json().results;
    expect(again.map((r: { status: string; recordId: string }) => [r.status, r.recordId])).toEqual([
      ['duplicate', first[0].recordId],
      ['duplicate', first[1].recordId],
    ]);
    // A change to one party's record changes that record only.
    const lifted = (
      await submit([{ ...onPerson, XF_JCRQ: '2026-07-01' }], cc.key, 'JUD_CONSUMPTION_BAN')
    ).json().results;
    expect(lifted[0]).toMatchObject({ status: 'updated', recordId: first[1].recordId });
    const versions = await t.deps.db.query<{ public_id: string; version: number }>(
      'SELECT public_id, version FROM credit_records WHERE decision_no = $1 ORDER BY public_id',
      [caseNo],
    );
    expect(Object.fromEntries(versions.map((v) => [v.public_id, v.version]))).toEqual({
      [first[0].recordId]: 1,
      [first[1].recordId]: 2,
    });
    // A rejected row leaves the quarantine when its own party's record gets in, not another party's.
    const caseNo2 = '(2026)吉0102执1235号';
    const rejected = (
      await submit([{ ...onPerson, XF_AH: caseNo2, XF_FBRQ: '2026-13-01' }], cc.key, 'JUD_CONSUMPTION_BAN')
    ).json().results[0];
    expect(rejected.status).toBe('rejected');
    const quarantined = async () =>
      (
        await t.deps.db.query<{ status: string }>('SELECT status FROM quarantine_rows WHERE id = $1', [
          rejected.quarantineId,
        ])
      )[0].status;
    await submit([{ ...onCompany, XF_AH: caseNo2 }], cc.key, 'JUD_CONSUMPTION_BAN');
    expect(await quarantined()).toBe('OPEN');
    await submit([{ ...onPerson, XF_AH: caseNo2 }], cc.key, 'JUD_CONSUMPTION_BAN');
    expect(await quarantined()).toBe('RESOLVED');
    // Penalties keep the (authority, decision number) key: another party under the same number updates it.
    const other = parties[3];
    const p1 = (await submit([penalty({ CF_WSH: '长市监罚〔2026〕P9号' })])).json().results[0];
    const p2 = (
      await submit([
        penalty({ CF_WSH: '长市监罚〔2026〕P9号', CF_XDR_MC: other.name, CF_XDR_SHXYM: other.uscc }),
      ])
    ).json().results[0];
    expect(p2).toMatchObject({ status: 'updated', recordId: p1.recordId });
  });

  it('refuses a deciding authority outside the department scope, and bad requests with codes', async () => {
    const res = await submit([penalty({ CF_CFJGDM: jilin.uscc })]);
    expect(res.json().results[0].errors[0]).toMatchObject({
      field: 'CF_CFJGDM',
      code: 'AUTHORITY_OUT_OF_SCOPE',
    });
    const tooMany = await submit(Array.from({ length: 1001 }, () => ({})));
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.code).toBe('VALIDATION_FAILED');
    const unknown = await submit([penalty()], cc.key, 'NO_SUCH_ITEM');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('CATALOGUE_ITEM_NOT_FOUND');
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/v1/intake/ADMIN_PENALTY',
      payload: { records: [{}] },
    });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('file intake', () => {
  const headers = [
    '序号',
    '行政相对人名称',
    '行政相对人类别',
    '统一社会信用代码',
    '行政处罚决定书文号',
    '违法行为类型',
    '违法事实',
    '处罚依据',
    '处罚类别',
    '处罚内容',
    '罚款金额（万元）',
    '处罚决定日期',
    '处罚机关',
    '处罚机关统一社会信用代码',
    '数据来源单位',
    '数据来源单位统一社会信用代码',
    '失信程度',
  ];
  const rowsFor = (tag: string) => {
    const p = (i: number) => parties[(i + 7) % parties.length];
    const row = (i: number, over: Partial<Record<number, string>> = {}) => {
      const cells = [
        String(i),
        p(i).name,
        '法人及非法人组织',
        p(i).uscc,
        `长市监罚〔2026〕${tag}${i}号`,
        '销售不合格产品',
        '经抽检，产品不合格；涉案货值1,000元',
        '《中华人民共和国产品质量法》第四十九条',
        '没收违法所得、罚款',
        '没收违法所得并处罚款',
        '12.5',
        '2026-06-24',
        '长春市市场监督管理局',
        cc.uscc,
        '长春市市场监督管理局',
        cc.uscc,
        '一般',
      ];
      for (const [k, v] of Object.entries(over)) cells[Number(k)] = v ?? '';
      return cells;
    };
    return [row(1), row(2, { 16: '严重' }), row(3, { 3: '91220100XXXXXXXXXX', 10: '-5' })];
  };

  for (const encoding of ['utf-8', 'utf-8-bom', 'gb18030', 'xlsx'] as const) {
    it(`imports ${encoding}: good rows stored, bad rows quarantined, the same file twice changes nothing`, async () => {
      const tag = encoding.replace(/-/g, '').toUpperCase();
      const file = path.join(tmp, `penalties-${tag}.${encoding === 'xlsx' ? 'xlsx' : 'csv'}`);
      const rows = rowsFor(tag);
      if (encoding === 'xlsx') await writeXlsx(file, headers, rows, { dateColumns: [11] });
      else await writeCsv(file, headers, rows, encoding as FixtureEncoding);

      const { res, batch } = await upload(file, path.basename(file));
      expect(res.statusCode).toBe(202);
      expect(batch).toMatchObject({
        status: 'DONE',
        total: 3,
        accepted: 2,
        rejected: 1,
        duplicate: 0,
        openQuarantine: 1,
      });
      expect(batch.encoding).toBe(encoding === 'xlsx' ? 'xlsx' : encoding);

      const list = (
        await t.app.inject({ url: `/api/v1/records?q=${encodeURIComponent(`长市监罚〔2026〕${tag}2号`)}` })
      ).json();
      expect(list.items).toHaveLength(1);
      expect(list.items[0]).toMatchObject({
        tier: 'SERIOUS',
        amount: '12.5',
        partyName: parties[9 % parties.length].name,
      });
      const detail = (await t.app.inject({ url: `/api/v1/records/${list.items[0].id}` })).json();
      expect(detail.fields.find((f: { code: string }) => f.code === 'CF_SY').value).toBe(
        '经抽检，产品不合格；涉案货值1,000元',
      );

      const again = await upload(file, path.basename(file));
      expect(again.batch).toMatchObject({ status: 'DONE', total: 3, accepted: 0, duplicate: 2, rejected: 1 });

      const report = await t.app.inject({
        url: `/api/v1/intake/batches/${batch.id}/error-report`,
        headers: bearer(cc.key),
      });
      expect(report.statusCode).toBe(200);
      expect(report.headers['content-type']).toContain('text/csv');
      const text = report.body.replace(/^\uFEFF/, '');
      const [head, line] = text.trim().split(/\r?\n/);
      expect(head.split(',')).toContain('错误');
      expect(head.split(',')).toContain('统一社会信用代码');
      expect(line).toContain('91220100XXXXXXXXXX');
      expect(line).toContain('不能为负数');
    });
  }

  /** A penalty file's cells, in the order of PENALTY_COLUMNS. */
  const penaltyCells = (p: { name: string; uscc: string }, decisionNo: string, fine: string) => [
    p.name,
    '法人及非法人组织',
    p.uscc,
    decisionNo,
    '虚假宣传',
    '经查属实',
    '依据',
    '罚款',
    '罚款',
    fine,
    '2026-06-01',
    '长春市市场监督管理局',
    cc.uscc,
    '长春市市场监督管理局',
    cc.uscc,
  ];

  it('imports a file of several chunks in which later rows change earlier ones', async () => {
    const file = path.join(tmp, 'chunks.csv');
    const row = (n: number, fine: string) =>
      penaltyCells(parties[n % parties.length], `长市监罚〔2026〕K${n}号`, fine);
    function* rows() {
      for (let n = 0; n < 2000; n++) yield row(n, '1');
      for (let n = 0; n < 500; n++) yield row(n, '2'); // the same decisions, changed, two chunks later
    }
    await writeCsv(file, PENALTY_COLUMNS, rows(), 'utf-8');
    const { batch } = await upload(file, 'chunks.csv');
    expect(batch).toMatchObject({ status: 'DONE', total: 2500, accepted: 2000, updated: 500, rejected: 0 });
    const [check] = await t.deps.db.query<{ changed: number; versions: number }>(
      `SELECT count(*) FILTER (WHERE fine_amount = 2)::int AS changed, count(*) FILTER (WHERE version = 2)::int AS versions
       FROM credit_records WHERE decision_no LIKE '长市监罚〔2026〕K%'`,
    );
    expect(check).toEqual({ changed: 500, versions: 500 });
  });

  it('refuses a row with values beyond the last header (shifted columns), and keeps it for correction', async () => {
    const file = path.join(tmp, 'shifted.csv');
    const p = parties[1];
    // An unquoted comma in the name: every column after it moves one to the right.
    const shifted = penaltyCells({ ...p, name: '长春,某某商贸有限公司' }, '长市监罚〔2026〕S2号', '1')
      .join(',')
      .split(',');
    await writeCsv(file, PENALTY_COLUMNS, [penaltyCells(p, '长市监罚〔2026〕S1号', '1'), shifted], 'utf-8');
    const { batch } = await upload(file, 'shifted.csv');
    expect(batch).toMatchObject({ status: 'DONE', total: 2, accepted: 1, rejected: 1 });
    const [row] = await t.deps.db.query<{ errors: { code: string; message: string }[] }>(
      'SELECT errors FROM quarantine_rows WHERE batch_id = $1',
      [batch.id],
    );
    expect(row.errors.map((e) => e.code)).toContain('EXTRA_CELLS');
    expect(row.errors.find((e) => e.code === 'EXTRA_CELLS')!.message).toContain(cc.uscc);
  });

  it('refuses a file with a column the item does not know, before storing anything', async () => {
    const file = path.join(tmp, 'unknown-column.csv');
    await writeCsv(file, ['行政相对人名称', '身高'], [['某公司', '180']], 'utf-8');
    const before = await t.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM intake_batches');
    const { res } = await upload(file, 'unknown-column.csv');
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'FILE_UNKNOWN_COLUMN', field: 'file' });
    expect(res.json().error.message).toContain('身高');
    const after = await t.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM intake_batches');
    expect(after[0].n).toBe(before[0].n);
  });
});

describe('quarantine', () => {
  it('a corrected row re-enters the pipeline; a still-wrong correction stays open with new errors', async () => {
    const bad = penalty({ CF_XDR_SHXYM: '91220100XXXXXXXXXX' });
    const res = await submit([bad]);
    const qid = res.json().results[0].quarantineId;
    const operator = await loginAs(t.app, 'cc-operator');

    const row = (await t.app.inject({ url: `/api/v1/intake/quarantine/${qid}`, headers: operator })).json();
    expect(row.row.CF_XDR_SHXYM).toBe('91220100XXXXXXXXXX');
    expect(row.errors[0].code).toBe('INVALID_USCC');

    const stillBad = await t.app.inject({
      method: 'POST',
      url: `/api/v1/intake/quarantine/${qid}/correct`,
      headers: operator,
      payload: { record: { ...bad, CF_XDR_SHXYM: parties[0].uscc, CF_JDRQ: '2099-01-01' } },
    });
    expect(stillBad.json().result.status).toBe('rejected');
    expect(stillBad.json().row).toMatchObject({ status: 'OPEN' });
    expect(stillBad.json().row.errors[0].code).toBe('DATE_IN_FUTURE');

    const fixed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/intake/quarantine/${qid}/correct`,
      headers: operator,
      payload: { record: { ...bad, CF_XDR_SHXYM: parties[0].uscc, CF_XDR_MC: parties[0].name } },
    });
    expect(fixed.json().result.status).toBe('accepted');
    expect(fixed.json().row).toMatchObject({ status: 'RESOLVED', recordId: fixed.json().result.recordId });
    const pub = await t.app.inject({ url: `/api/v1/records/${fixed.json().result.recordId}` });
    expect(pub.json().published).toBe(true);

    const again = await t.app.inject({
      method: 'POST',
      url: `/api/v1/intake/quarantine/${qid}/correct`,
      headers: operator,
      payload: { record: bad },
    });
    expect(again.statusCode).toBe(409);
    const audit = await t.deps.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'intake.correct' AND target_id = $1`,
      [String(qid)],
    );
    expect(audit[0].n).toBe(2);
  });

  it('a row resubmitted through intake instead of corrected in the console leaves the quarantine', async () => {
    const good = penalty();
    const qid = (await submit([{ ...good, CF_JDRQ: '2026-13-01' }])).json().results[0].quarantineId;
    const operator = await loginAs(t.app, 'cc-operator');
    const open = async () =>
      (await t.app.inject({ url: `/api/v1/intake/quarantine/${qid}`, headers: operator })).json();
    expect((await open()).status).toBe('OPEN');
    const accepted = (await submit([good])).json().results[0];
    expect(accepted.status).toBe('accepted');
    expect(await open()).toMatchObject({ status: 'RESOLVED', recordId: accepted.recordId });
  });

  it('is scoped: another region cannot read the row, the public cannot list', async () => {
    const res = await submit([penalty({ CF_NR_FK: 'abc' })]);
    const qid = res.json().results[0].quarantineId;
    const other = await loginAs(t.app, 'jilin-operator');
    const denied = await t.app.inject({ url: `/api/v1/intake/quarantine/${qid}`, headers: other });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('OUT_OF_SCOPE');
    const list = (await t.app.inject({ url: '/api/v1/intake/quarantine', headers: other })).json();
    expect(list.items.some((r: { id: number }) => r.id === qid)).toBe(false);
    expect((await t.app.inject({ url: '/api/v1/intake/quarantine' })).statusCode).toBe(401);
  });
});

describe('publication', () => {
  it('withdrawal removes a record from publication at once and refuses its resubmission', async () => {
    const good = penalty();
    const id = (await submit([good])).json().results[0].recordId;
    expect((await t.app.inject({ url: `/api/v1/records/${id}` })).statusCode).toBe(200);
    const operator = await loginAs(t.app, 'cc-operator');
    const w = await t.app.inject({
      method: 'POST',
      url: `/api/v1/records/${id}/withdraw`,
      headers: operator,
      payload: { reason: '行政复议撤销原处罚决定' },
    });
    expect(w.statusCode).toBe(200);
    expect(w.json()).toMatchObject({
      status: 'WITHDRAWN',
      published: false,
      withdrawnReason: '行政复议撤销原处罚决定',
    });
    expect((await t.app.inject({ url: `/api/v1/records/${id}` })).json().error.code).toBe('RECORD_NOT_FOUND');
    const list = (await t.app.inject({ url: `/api/v1/records?q=${encodeURIComponent(good.CF_WSH)}` })).json();
    expect(list.total).toBe(0);
    const twice = await t.app.inject({
      method: 'POST',
      url: `/api/v1/records/${id}/withdraw`,
      headers: operator,
      payload: { reason: '重复撤销' },
    });
    expect(twice.json().error.code).toBe('RECORD_ALREADY_WITHDRAWN');
    const resubmitted = (await submit([{ ...good, CF_NR_FK: '9' }])).json().results[0];
    expect(resubmitted).toMatchObject({ status: 'rejected' });
    expect(resubmitted.errors[0].code).toBe('RECORD_WITHDRAWN');
  });

  it('publishes for the period of the tier and regime; the expiry job ends it; minor penalties stay unpublished', async () => {
    const [general, old, minor] = (
      await submit([
        penalty({ CF_JDRQ: '2026-06-23' }), // new regime, general: until 2027-06-22
        penalty({ CF_JDRQ: '2025-07-01' }), // old regime, general: until 2026-06-30
        penalty({ CF_JDRQ: '2026-06-23', tier: '轻微' }),
      ])
    ).json().results;
    const get = async (id: string) => (await t.app.inject({ url: `/api/v1/records/${id}` })).json();
    expect(await get(general.recordId)).toMatchObject({ publicUntil: '2027-06-22', published: true });
    expect(await get(old.recordId)).toMatchObject({ publicUntil: '2026-06-30', published: true });
    expect((await get(minor.recordId)).error.code).toBe('RECORD_NOT_FOUND');

    clock.at = new Date('2026-07-01T04:00:00Z');
    try {
      expect((await get(old.recordId)).error.code).toBe('RECORD_NOT_FOUND');
      const expired = await runPublicationExpiry(t.deps);
      expect(expired).toBeGreaterThanOrEqual(1);
      const flags = await t.deps.db.query<{ is_public: boolean }>(
        'SELECT is_public FROM credit_records WHERE public_id = $1',
        [old.recordId],
      );
      expect(flags[0].is_public).toBe(false);
      // Still in the archive, restricted: officials see it.
      const admin = await loginAs(t.app, 'admin');
      const official = (
        await t.app.inject({ url: `/api/v1/records/${old.recordId}`, headers: admin })
      ).json();
      expect(official).toMatchObject({ status: 'ACTIVE', published: false });
    } finally {
      clock.at = new Date('2026-06-30T04:00:00Z');
    }
  });

  it('says when a name matches more parties than the search reads: the total is then "at least"', async () => {
    const many = Array.from({ length: NAME_CANDIDATES + 1 }, (_, i) => ({
      type: 'ENTERPRISE' as const,
      subType: 'COMPANY' as const,
      name: `鹤岗测试${i}号商贸有限公司`,
      uscc: withCheck(`91230400MH${String(i).padStart(7, '0')}`),
      regionCode: '230400',
    }));
    await t.deps.db.transaction((tx) => insertSubjects(tx, t.deps.vault, many));
    const [accepted] = (
      await submit([penalty({ CF_XDR_MC: many[0].name, CF_XDR_SHXYM: many[0].uscc, CF_JDRQ: '2026-06-29' })])
    ).json().results;
    expect(accepted.status).toBe('accepted');
    const search = async (q: string) =>
      (await t.app.inject({ url: `/api/v1/records?q=${encodeURIComponent(q)}` })).json() as {
        total: number;
        totalCapped: boolean;
        items: { id: string }[];
      };
    // Every one of them matches: more parties than are read, so the count can only be a lower bound.
    expect(await search('鹤岗测试')).toMatchObject({ totalCapped: true });
    // One party: the answer is exact.
    const one = await search(many[0].name);
    expect(one).toMatchObject({ total: 1, totalCapped: false });
    expect(one.items[0].id).toBe(accepted.recordId);
  });

  it('shows published records in the subject archive under their category', async () => {
    const p = parties[3];
    const id = (await submit([penalty({ CF_XDR_MC: p.name, CF_XDR_SHXYM: p.uscc })])).json().results[0]
      .recordId;
    const archive = (await t.app.inject({ url: `/api/v1/subjects/${p.uscc}/archive` })).json();
    const admin = archive.categories.find((c: { code: string }) => c.code === 'ADMINISTRATIVE');
    const section = admin.sections.find((s: { key: string }) => s.key === 'records-administrative');
    expect(section.rows.some((r: { recordId: string }) => r.recordId === id)).toBe(true);
  });
});

describe('catalogue and calendar', () => {
  const spec = {
    code: 'JL_TEST_ITEM',
    category: 'CONTRACT',
    name: '测试补充信息项',
    nameEn: 'Test supplementary item',
    legalBasis: '《吉林省社会信用条例》',
    providers: ['省发展改革委'],
    openness: 'PUBLIC',
    publicity: { rule: 'FIXED_MONTHS', months: 6 },
    subjectTypes: ['ENTERPRISE'],
    roles: {
      partyName: 'T_MC',
      partyClass: 'T_LB',
      uscc: 'T_DM',
      idType: 'T_ZJLX',
      idNumber: 'T_ZJHM',
      decisionNo: 'T_BH',
      decisionDate: 'T_RQ',
      authorityName: 'T_JG',
      authorityCode: 'T_JGDM',
    },
    fields: [
      { code: 'T_MC', label: '主体名称', type: 'text', required: true },
      { code: 'T_LB', label: '主体类别', type: 'enum', dictionary: 'PARTY_CLASS', required: true },
      { code: 'T_DM', label: '统一社会信用代码', type: 'uscc', required: 'LEGAL_PERSON' },
      {
        code: 'T_ZJLX',
        label: '证件类型',
        type: 'enum',
        dictionary: 'ID_TYPE',
        required: 'NATURAL_PERSON',
        public: false,
      },
      { code: 'T_ZJHM', label: '证件号码', type: 'idNumber', required: 'NATURAL_PERSON', public: false },
      { code: 'T_BH', label: '编号', type: 'text', required: true },
      { code: 'T_RQ', label: '日期', type: 'date', required: true },
      { code: 'T_JG', label: '认定机关', type: 'text', required: true },
      { code: 'T_JGDM', label: '认定机关代码', type: 'uscc', required: true },
    ],
  };

  it('adds a supplementary item as a new version and never changes a published one', async () => {
    const admin = await loginAs(t.app, 'admin');
    const before = (await t.app.inject({ url: '/api/v1/catalogue/versions' })).json().items;
    const jilinBefore = before.find(
      (v: { catalogue: string; current: boolean }) => v.catalogue === 'JILIN' && v.current,
    );
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/catalogue/items',
      headers: admin,
      payload: spec,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().version).toBe('2026.1');
    const oldItems = (
      await t.app.inject({ url: `/api/v1/catalogue/versions/${jilinBefore.id}/items` })
    ).json().items;
    expect(oldItems.some((i: { code: string }) => i.code === 'JL_TEST_ITEM')).toBe(false);
    const newItems = (
      await t.app.inject({ url: `/api/v1/catalogue/versions/${created.json().versionId}/items` })
    ).json().items;
    expect(newItems).toHaveLength(oldItems.length + 1);

    const rec = await submit(
      [
        {
          T_MC: parties[1].name,
          T_LB: '法人及非法人组织',
          T_DM: parties[1].uscc,
          T_BH: 'HT-1',
          T_RQ: '2026-06-01',
          T_JG: '长春市市场监督管理局',
          T_JGDM: cc.uscc,
        },
      ],
      cc.key,
      'JL_TEST_ITEM',
    );
    const result = rec.json().results[0];
    expect(result.status).toBe('accepted');
    const detail = (await t.app.inject({ url: `/api/v1/records/${result.recordId}` })).json();
    expect(detail).toMatchObject({
      catalogue: 'JILIN',
      catalogueVersion: '2026.1',
      category: 'CONTRACT',
      publicUntil: '2026-11-30',
    });

    const national = await t.app.inject({
      method: 'POST',
      url: '/api/v1/catalogue/items',
      headers: admin,
      payload: { ...spec, code: 'ADMIN_PENALTY' },
    });
    expect(national.statusCode).toBe(409);
    const broken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/catalogue/items',
      headers: admin,
      payload: { ...spec, code: 'JL_BROKEN', roles: { ...spec.roles, decisionNo: 'NOPE' } },
    });
    expect(broken.statusCode).toBe(422);
    expect(broken.json().error.code).toBe('CATALOGUE_ITEM_INVALID');
    const operator = await loginAs(t.app, 'cc-operator');
    const denied = await t.app.inject({
      method: 'POST',
      url: '/api/v1/catalogue/items',
      headers: operator,
      payload: spec,
    });
    expect(denied.statusCode).toBe(403);
  });

  it('lets admins replace a current or future year of the holiday calendar, not a past one', async () => {
    const admin = await loginAs(t.app, 'admin');
    const past = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/calendar/2025',
      headers: admin,
      payload: { source: '旧年份', provisional: false, days: [] },
    });
    expect(past.json().error.code).toBe('CALENDAR_YEAR_CLOSED');
    const wd = async () =>
      (await t.app.inject({ url: '/api/v1/calendar/working-days?from=2027-06-07&to=2027-06-11' })).json()
        .workingDays;
    const before = await wd();
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/calendar/2027',
      headers: admin,
      payload: {
        source: '国务院办公厅关于2027年部分节假日安排的通知',
        provisional: false,
        days: [
          { date: '2027-06-10', kind: 'HOLIDAY', name: '测试假日' },
          { date: '2027-06-11', kind: 'HOLIDAY', name: '测试假日' },
        ],
      },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ year: 2027, provisional: false });
    expect(before).toBe(3); // 6/8, 6/10, 6/11 with the bundled (provisional) Dragon Boat holiday on 6/9
    expect(await wd()).toBe(2); // 6/8, 6/9
  });
});

describe('statistics', () => {
  it('counts what departments sent, within the viewer scope', async () => {
    const reviewer = await loginAs(t.app, 'cc-reviewer');
    const stats = (
      await t.app.inject({ url: `/api/v1/intake/stats?department=${cc.id}`, headers: reviewer })
    ).json();
    const dept = stats.departments.find((d: { id: number }) => d.id === cc.id);
    const [truth] = await t.deps.db.query<{
      received: number;
      rejected: number;
      late: number;
      records: number;
    }>(
      `SELECT (SELECT sum(total)::int FROM intake_batches WHERE department_id = $1) AS received,
              (SELECT sum(rejected)::int FROM intake_batches WHERE department_id = $1) AS rejected,
              (SELECT count(*)::int FROM credit_records WHERE department_id = $1 AND late) AS late,
              (SELECT count(*)::int FROM credit_records WHERE department_id = $1) AS records`,
      [cc.id],
    );
    expect(dept).toMatchObject({
      received: truth.received,
      rejected: truth.rejected,
      late: truth.late,
      records: truth.records,
    });
    expect(truth.late).toBeGreaterThan(0);
    expect(dept.timelinessRate).toBeCloseTo((truth.records - truth.late) / truth.records, 3);
    expect(stats.errorsByCode.map((e: { code: string }) => e.code)).toContain('INVALID_USCC');
    const csv = await t.app.inject({
      url: `/api/v1/intake/stats?department=${cc.id}&format=csv`,
      headers: reviewer,
    });
    expect(csv.body).toContain('长春市市场监督管理局');
    // 吉林市 is outside a 长春市 reviewer's scope.
    const other = (await t.app.inject({ url: '/api/v1/intake/stats', headers: reviewer })).json();
    expect(other.departments.some((d: { name: string }) => d.name.startsWith('吉林市'))).toBe(false);
  });
});
