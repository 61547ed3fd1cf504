import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations } from '../../src/db/migrate.ts';
import { expireEntries } from '../../src/modules/lists/entries.ts';
import { createTestApp, loginAs, type TestApp } from '../support/app.ts';

// Today is 2026-06-30 (Asia/Shanghai) unless a test moves the clock.
const clock = {
  at: new Date('2026-06-30T04:00:00Z'),
  now() {
    return this.at;
  },
};

let t: TestApp;
let admin: Record<string, string>;
let subjectUser: Record<string, string>;
let client: Record<string, string>;
let own: { uscc: string; public_id: string };

interface Entry {
  entryId: string;
  status: string;
  responsiblePersons: { publicId: string; role: string }[];
  notice: { defenceDeadline: string } | null;
}
interface Answer {
  checkId: string;
  result: 'CLEAR' | 'HIT';
  subject: { code: string; known: boolean; name: string | null };
  hits: {
    listType: string;
    entryId: string;
    measureCode: string;
    action: string;
    via: string;
    viaSubject?: { code: string };
  }[];
}

const post = (url: string, headers: Record<string, string>, payload: Record<string, unknown> = {}) =>
  t.app.inject({ method: 'POST', url, headers, payload });
const check = async (subject: string, matter: string) => {
  const res = await post('/api/v1/checks', client, { subject, matter, reference: 'CASE-1' });
  expect(res.statusCode).toBe(200);
  return res.json() as Answer;
};

beforeAll(async () => {
  t = await createTestApp({ demoSubjects: 400, clock });
  admin = await loginAs(t.app, 'admin');
  subjectUser = await loginAs(t.app, 'subject-demo');
  client = { authorization: `Bearer ${t.credentials.apiClients[0].key}` };
  // A business system that checks at volume is given a limit to match (the demo default is 600 a minute).
  await t.deps.db.query('UPDATE api_clients SET rate_limit_per_minute = 1000000 WHERE name = $1', [
    t.credentials.apiClients[0].name,
  ]);
  [own] = await t.deps.db.query<{ uscc: string; public_id: string }>(
    "SELECT s.uscc, s.public_id FROM users u JOIN subjects s ON s.id = u.subject_id WHERE u.username = 'subject-demo'",
  );
});
afterAll(async () => t?.close());

describe('a listing through its whole lifecycle', () => {
  let entry: Entry;

  it('drafts, gives prior notice, hears the defence, decides, publishes — then checks block', async () => {
    const clear = await check(own.uscc, 'GOV_PROCUREMENT');
    expect(clear).toMatchObject({ result: 'CLEAR', subject: { known: true }, hits: [] });

    let res = await post('/api/v1/lists/entries', admin, {
      listType: 'SERIOUS_DISHONESTY',
      subject: own.uscc,
      facts: '拒不履行生效行政处罚决定',
      basis: '《吉林省社会信用条例》第二十六条',
      reason: '情节严重',
      validFrom: '2026-06-30',
      validTo: '2029-06-29',
    });
    expect(res.statusCode).toBe(200);
    entry = res.json();
    expect(entry.status).toBe('DRAFT');
    // A decision needs the prior notice first.
    res = await post(`/api/v1/lists/entries/${entry.entryId}/decide`, admin, {
      decisionNo: '吉信〔2026〕1号',
      removalConditions: '期满移出',
      remedies: '行政复议或行政诉讼',
    });
    expect(res.json().error.code).toBe('LIST_TRANSITION_INVALID');

    entry = (await post(`/api/v1/lists/entries/${entry.entryId}/notice`, admin)).json();
    expect(entry.status).toBe('NOTICED');
    expect(entry.notice!.defenceDeadline > '2026-06-30').toBe(true);
    res = await post(`/api/v1/lists/entries/${entry.entryId}/decide`, admin, {
      decisionNo: '吉信〔2026〕1号',
      removalConditions: '期满移出',
      remedies: '行政复议或行政诉讼',
    });
    expect(res.json().error.code).toBe('DEFENCE_WINDOW_OPEN');

    // The subject sees the notice in self-service and states its case online; a stranger cannot.
    const mine = (await t.app.inject({ url: '/api/v1/lists/mine', headers: subjectUser })).json();
    expect(mine.items).toContainEqual(expect.objectContaining({ entryId: entry.entryId, status: 'NOTICED' }));
    const other = await loginAs(t.app, 'bank-demo');
    expect(
      (await post(`/api/v1/lists/entries/${entry.entryId}/defence`, other, { statement: '代为申辩' }))
        .statusCode,
    ).toBe(404);
    res = await post(`/api/v1/lists/entries/${entry.entryId}/defence`, subjectUser, {
      statement: '我司已整改完毕，请求从轻处理',
    });
    expect(res.statusCode).toBe(200);

    entry = (
      await post(`/api/v1/lists/entries/${entry.entryId}/decide`, admin, {
        decisionNo: '吉信〔2026〕1号',
        removalConditions: '期满移出；信用修复后可申请提前移出',
        remedies: '六十日内申请行政复议或六个月内提起行政诉讼',
      })
    ).json();
    expect(entry.status).toBe('DECIDED');
    const pdf = await t.app.inject({
      url: `/api/v1/lists/entries/${entry.entryId}/decision.pdf`,
      headers: admin,
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The listed subject, as the decision's addressee, downloads it too; a bank does not.
    const ownPdf = await t.app.inject({
      url: `/api/v1/lists/entries/${entry.entryId}/decision.pdf`,
      headers: subjectUser,
    });
    expect(ownPdf.statusCode).toBe(200);
    const bankPdf = await t.app.inject({
      url: `/api/v1/lists/entries/${entry.entryId}/decision.pdf`,
      headers: await loginAs(t.app, 'bank-demo'),
    });
    expect(bankPdf.statusCode).toBe(403);

    // Not in force until published.
    expect((await check(own.uscc, 'GOV_PROCUREMENT')).result).toBe('CLEAR');
    entry = (await post(`/api/v1/lists/entries/${entry.entryId}/publish`, admin)).json();
    expect(entry.status).toBe('PUBLISHED');
    await t.deps.sanctions.index.poll();
    const hit = await check(own.uscc, 'GOV_PROCUREMENT');
    expect(hit.result).toBe('HIT');
    expect(hit.hits).toContainEqual(
      expect.objectContaining({ entryId: entry.entryId, measureCode: 'N1-01', action: 'BLOCK', via: 'SELF' }),
    );
    // A matter no measure concerns for this list stays clear.
    expect((await check(own.uscc, 'LEGAL_REP')).result).toBe('CLEAR');
  });

  it('records the interview, accepts feedback, counts it, and shows it to the subject', async () => {
    let res = await post(`/api/v1/lists/entries/${entry.entryId}/interviews`, admin, {
      scheduledAt: '2026-07-02T02:00:00Z',
      place: '长春市信用办三楼会议室',
    });
    const scheduled = res.json() as Entry & { interviews: { id: number }[] };
    res = await post(
      `/api/v1/lists/entries/${entry.entryId}/interviews/${scheduled.interviews[0].id}/record`,
      admin,
      {
        status: 'DONE',
        record: '当事人承认事实并承诺整改',
      },
    );
    expect(res.json().interviews[0]).toMatchObject({ status: 'DONE', record: '当事人承认事实并承诺整改' });

    const hit = await check(own.uscc, 'BIDDING');
    res = await post(`/api/v1/checks/${hit.checkId}/feedback`, client, {
      actionTaken: 'REFUSED',
      handler: '张三',
      matterId: 'ZB-2026-001',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().feedback).toEqual([expect.objectContaining({ actionTaken: 'REFUSED', entryId: null })]);
    // Only the checker may report on its check.
    const otherClient = { authorization: `Bearer ${t.credentials.apiClients[1].key}` };
    res = await post(`/api/v1/checks/${hit.checkId}/feedback`, otherClient, {
      actionTaken: 'REFUSED',
      handler: '李四',
      matterId: 'X',
    });
    expect(res.statusCode).toBe(404);

    const stats = await t.app.inject({ url: '/api/v1/sanctions/stats?groupBy=measure', headers: admin });
    const n102 = (
      stats.json().rows as { key: string; hits: number; feedback: number; actions: Record<string, number> }[]
    ).find((r) => r.key === 'N1-02');
    expect(n102).toMatchObject({ hits: 1, feedback: 1, actions: expect.objectContaining({ REFUSED: 1 }) });
    const csv = await t.app.inject({ url: '/api/v1/sanctions/stats.csv?groupBy=measure', headers: admin });
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.split('\r\n');
    expect(lines[0]).toBe(
      `\uFEFF分组,名称,比对次数,命中次数,已反馈,反馈率,${Object.keys(n102!.actions).join(',')}`,
    );
    const line = lines.find((l) => l.startsWith('N1-02,'))!.split(',');
    expect(line.slice(3, 5)).toEqual([String(n102!.hits), String(n102!.feedback)]);
    const loop = await t.app.inject({
      url: `/api/v1/sanctions/entries/${entry.entryId}/loop`,
      headers: admin,
    });
    expect(loop.json().checks.length).toBeGreaterThanOrEqual(2);

    const mine = await t.app.inject({ url: '/api/v1/checks/mine', headers: subjectUser });
    expect(mine.json().items.length).toBeGreaterThanOrEqual(3);
    expect(mine.json().items[0].checkedBy).toContain('吉林省发展和改革委员会');

    const pub = await t.app.inject({ url: `/api/v1/lists/SERIOUS_DISHONESTY/entries?q=${own.uscc}` });
    expect(pub.json().items.map((i: { entryId: string }) => i.entryId)).toContain(entry.entryId);
    // The entry is in the subject's public archive; the interview record only in the officials' view.
    const sectionOf = async (headers: Record<string, string>) => {
      const archive = (
        await t.app.inject({ url: `/api/v1/subjects/${own.public_id}/archive`, headers })
      ).json();
      const category = archive.categories.find((c: { code: string }) => c.code === 'SERIOUS_DISHONESTY');
      return category.sections.find((x: { key: string }) => x.key === 'lists-serious_dishonesty');
    };
    const publicSection = await sectionOf({});
    expect(publicSection.rows).toEqual([
      expect.objectContaining({ entryId: entry.entryId, via: '本主体', interviews: '' }),
    ]);
    expect((await sectionOf(admin)).rows[0].interviews).toContain('当事人承认事实并承诺整改');
  });

  it('removes on revocation: the check clears at once and the public list drops it', async () => {
    const res = await post(`/api/v1/lists/entries/${entry.entryId}/remove`, admin, {
      kind: 'REVOCATION',
      reason: '复议撤销',
    });
    expect(res.json().status).toBe('REVOKED');
    await t.deps.sanctions.index.poll();
    expect((await check(own.uscc, 'GOV_PROCUREMENT')).result).toBe('CLEAR');
    const pub = await t.app.inject({ url: `/api/v1/lists/SERIOUS_DISHONESTY/entries?q=${own.uscc}` });
    expect(pub.json()).toMatchObject({ total: 0, items: [] });
  });
});

describe('check semantics', () => {
  it('answers demo entries of every kind: blocks, responsible persons, incentives, mirrored lists', async () => {
    const rows = await t.deps.db.query<{ list_type: string; uscc: string | null; public_id: string }>(
      `SELECT DISTINCT ON (e.list_type) e.list_type, s.uscc, e.public_id FROM list_entries e JOIN subjects s ON s.id = e.subject_id
       WHERE e.status = 'PUBLISHED' AND s.uscc IS NOT NULL ORDER BY e.list_type, e.id`,
    );
    const by = Object.fromEntries(rows.map((r) => [r.list_type, r]));
    expect(Object.keys(by).sort()).toEqual([
      'ABNORMAL_OPERATION',
      'KEY_ATTENTION',
      'RED',
      'SERIOUS_DISHONESTY',
    ]);
    const red = await check(by.RED.uscc!, 'ADMIN_LICENSE');
    expect(red.hits).toContainEqual(
      expect.objectContaining({ listType: 'RED', action: 'FACILITATE', measureCode: 'I-01' }),
    );
    expect((await check(by.RED.uscc!, 'HONORS')).result).toBe('CLEAR');
    const abnormal = await check(by.ABNORMAL_OPERATION.uscc!, 'GOV_PROCUREMENT');
    expect(abnormal.hits).toContainEqual(
      expect.objectContaining({ listType: 'ABNORMAL_OPERATION', action: 'PROMPT' }),
    );

    // The legal representative of a listed organisation: hit through it where the measure extends.
    const [person] = await t.deps.db.query<{ id_number_enc: Uint8Array; org_uscc: string }>(
      `SELECT s.id_number_enc, o.uscc AS org_uscc FROM list_entry_persons p
       JOIN subjects s ON s.id = p.person_id JOIN list_entries e ON e.id = p.entry_id JOIN subjects o ON o.id = e.subject_id
       WHERE e.status = 'PUBLISHED' AND e.list_type = 'SERIOUS_DISHONESTY' AND s.id_number_enc IS NOT NULL LIMIT 1`,
    );
    expect(person).toBeTruthy();
    const ric = t.deps.vault.decrypt(person.id_number_enc);
    const rep = await check(ric, 'LEGAL_REP');
    expect(rep.subject.code).not.toContain(ric.slice(6, 14)); // masked
    expect(rep.hits).toContainEqual(
      expect.objectContaining({
        measureCode: 'N1-04',
        action: 'BLOCK',
        via: 'RESPONSIBLE_PERSON',
        viaSubject: expect.objectContaining({ code: person.org_uscc }),
      }),
    );
    // Measures that do not extend to responsible persons do not reach them.
    expect((await check(ric, 'GOV_PROCUREMENT')).hits.filter((h) => h.via === 'RESPONSIBLE_PERSON')).toEqual(
      [],
    );
  });

  it('clear, unknown and malformed codes; batches in order', async () => {
    const [clean] = await t.deps.db.query<{ uscc: string }>(
      `SELECT uscc FROM subjects s WHERE uscc IS NOT NULL AND NOT EXISTS (SELECT 1 FROM list_entries e WHERE e.subject_id = s.id)
       AND NOT EXISTS (SELECT 1 FROM list_entry_persons p WHERE p.person_id = s.id) LIMIT 1`,
    );
    while (!t.deps.sanctions.index.known.ready) await new Promise((r) => setTimeout(r, 20));
    const answer = await check(clean.uscc, 'BIDDING');
    expect(answer).toMatchObject({ result: 'CLEAR', subject: { known: true } });
    // The evaluation grade comes along as context.
    const [graded] = await t.deps.db.query<{ grade: string | null }>(
      'SELECT e.grade FROM subject_evaluations e JOIN subjects s ON s.id = e.subject_id WHERE s.uscc = $1',
      [clean.uscc],
    );
    expect((answer.subject as { grade?: string | null }).grade).toBe(graded?.grade ?? null);
    const unknown = '91220101MA00000003';
    const u = await post('/api/v1/checks', client, { subject: unknown, matter: 'BIDDING' });
    if (u.statusCode === 200) expect(u.json()).toMatchObject({ result: 'CLEAR', subject: { known: false } });
    else expect(u.json().error.field).toBe('subject');
    const bad = await post('/api/v1/checks', client, { subject: '91220101MA0000000X', matter: 'BIDDING' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'INVALID_CHECKSUM', field: 'subject' });
    const matter = await post('/api/v1/checks', client, { subject: clean.uscc, matter: 'NO_SUCH' });
    expect(matter.json().error.code).toBe('UNKNOWN_MATTER');
    const control = await post('/api/v1/checks', client, {
      subject: clean.uscc,
      matter: 'BIDDING',
      reference: 'CASE\u0000-1',
    });
    expect(control.statusCode).toBe(400);
    expect(control.json().error.field).toBe('body.reference');
    const unauth = await post('/api/v1/checks', {}, { subject: clean.uscc, matter: 'BIDDING' });
    expect(unauth.statusCode).toBe(401);

    const [listed] = await t.deps.db.query<{ uscc: string }>(
      `SELECT s.uscc FROM list_entries e JOIN subjects s ON s.id = e.subject_id
       WHERE e.status = 'PUBLISHED' AND e.list_type = 'SERIOUS_DISHONESTY' AND s.uscc IS NOT NULL LIMIT 1`,
    );
    const batch = await post('/api/v1/checks/batch', client, {
      matter: 'GOV_PROCUREMENT',
      subjects: [clean.uscc, '91220101MA0000000X', listed.uscc],
    });
    const results = batch.json().results;
    expect(
      results.map((r: { result?: string; error?: { code: string } }) => r.result ?? r.error?.code),
    ).toEqual(['CLEAR', 'INVALID_CHECKSUM', 'HIT']);
  });

  it('an entry past its validity no longer hits, and the expiry job ends it', async () => {
    const [listed] = await t.deps.db.query<{ uscc: string; valid_to: string }>(
      `SELECT s.uscc, e.valid_to::text AS valid_to FROM list_entries e JOIN subjects s ON s.id = e.subject_id
       WHERE e.status = 'PUBLISHED' AND e.list_type = 'KEY_ATTENTION' AND s.uscc IS NOT NULL ORDER BY e.valid_to LIMIT 1`,
    );
    expect((await check(listed.uscc, 'INSPECTION')).result).toBe('HIT');
    clock.at = new Date(`${listed.valid_to}T20:00:00Z`); // the next day in Shanghai
    try {
      expect(
        (await check(listed.uscc, 'INSPECTION')).hits.filter((h) => h.listType === 'KEY_ATTENTION'),
      ).toEqual([]);
      expect(await expireEntries(t.deps)).toBeGreaterThan(0);
    } finally {
      clock.at = new Date('2026-06-30T04:00:00Z');
    }
  });

  it('a committed listing reaches checks within a second, while checks keep running', async () => {
    const [target] = await t.deps.db.query<{ uscc: string }>(
      `SELECT uscc FROM subjects s WHERE type = 'ENTERPRISE' AND uscc IS NOT NULL AND region_code LIKE '2201%'
         AND NOT EXISTS (SELECT 1 FROM list_entries e WHERE e.subject_id = s.id) ORDER BY id DESC LIMIT 1`,
    );
    let running = true;
    let loadError: unknown;
    const load = (async () => {
      while (running) await check(target.uscc, 'ADMIN_LICENSE');
    })().catch((err) => {
      loadError = err;
    });
    const created = (
      await post('/api/v1/lists/entries', admin, {
        listType: 'RED',
        subject: target.uscc,
        facts: '连续三年纳税信用A级',
        basis: '国发〔2016〕33号',
        reason: '守信激励',
        validFrom: '2026-06-30',
        validTo: '2027-06-29',
      })
    ).json() as Entry;
    await post(`/api/v1/lists/entries/${created.entryId}/decide`, admin, {
      decisionNo: '吉信红〔2026〕1号',
      removalConditions: '期满移出',
      remedies: '—',
    });
    await post(`/api/v1/lists/entries/${created.entryId}/publish`, admin);
    const committed = performance.now();
    let seenAfter = Number.POSITIVE_INFINITY;
    while (performance.now() - committed < 3000) {
      if ((await check(target.uscc, 'ADMIN_LICENSE')).result === 'HIT') {
        seenAfter = performance.now() - committed;
        break;
      }
    }
    running = false;
    await load;
    expect(loadError).toBeUndefined();
    expect(seenAfter).toBeLessThan(1000);
  });
});

describe('the credit log', () => {
  it('holds every decision, publication, removal and expiry made above, as the audit rebuilds them', async () => {
    const res = await post('/api/v1/ledger/audits', admin);
    expect(res.statusCode).toBe(200);
    const { problems } = res.json() as { problems: { objectType?: string }[] };
    // (records inserted by SQL elsewhere in this file are the records' audit's business)
    expect(problems.filter((p) => p.objectType === 'list_entry')).toEqual([]);
    const types = await t.deps.db.query<{ entry_type: string }>(
      "SELECT DISTINCT entry_type FROM ledger_leaves WHERE object_type = 'list_entry' ORDER BY 1",
    );
    expect(types.map((r) => r.entry_type)).toEqual([
      'list.decided',
      'list.expired',
      'list.published',
      'list.removed',
    ]);
  });
  it('gives entries expired by an earlier release the version their log entry names (0021)', async () => {
    const [migration] = loadMigrations().filter((m) => m.version === 21);
    const rollback = new Error('rollback');
    await t.deps.db
      .transaction(async (tx) => {
        // As the expiry job left them: the row one version behind its `list.expired` entry.
        const old = await tx.query<{ public_id: string }>(
          `UPDATE list_entries SET version = version - 1 WHERE status = 'EXPIRED' AND source = 'DECIDED'
           RETURNING public_id`,
        );
        expect(old.length).toBeGreaterThan(0);
        for (let run = 0; run < 2; run++) {
          await tx.query(migration.sql);
          const [{ behind }] = await tx.query<{ behind: number }>(
            `SELECT count(*)::int AS behind FROM list_entries e JOIN ledger_leaves l
               ON l.object_type = 'list_entry' AND l.object_id = e.public_id AND l.entry_type = 'list.expired'
             WHERE l.version <> e.version`,
          );
          expect(behind).toBe(0);
        }
        throw rollback;
      })
      .catch((err) => {
        if (err !== rollback) throw err;
      });
  });
});

describe('scope', () => {
  it('a county department cannot list a subject outside its county', async () => {
    const county = await loginAs(t.app, 'nanguan-operator');
    const [outside] = await t.deps.db.query<{ uscc: string }>(
      "SELECT uscc FROM subjects WHERE uscc IS NOT NULL AND region_code NOT LIKE '220102%' LIMIT 1",
    );
    const res = await post('/api/v1/lists/entries', county, {
      listType: 'KEY_ATTENTION',
      subject: outside.uscc,
      facts: 'x',
      basis: 'x',
      reason: 'x',
      validFrom: '2026-06-30',
      validTo: '2027-06-29',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('OUT_OF_SCOPE');
    const listed = await t.app.inject({ url: '/api/v1/lists/entries?pageSize=100', headers: county });
    expect(listed.statusCode, listed.body).toBe(200);
    for (const e of listed.json().items as { regionCode: string }[])
      expect(e.regionCode.startsWith('220102')).toBe(true);
  });
});

describe('measures and candidates', () => {
  it('a new measure version takes effect in checks; retiring a measure removes it', async () => {
    const [listed] = await t.deps.db.query<{ uscc: string }>(
      `SELECT s.uscc FROM list_entries e JOIN subjects s ON s.id = e.subject_id
       WHERE e.status = 'PUBLISHED' AND e.list_type = 'SERIOUS_DISHONESTY' AND s.uscc IS NOT NULL LIMIT 1`,
    );
    const versions = async () =>
      (await t.app.inject({ url: '/api/v1/measures/N1-01/versions', headers: admin })).json().items;
    const [v1] = await versions();
    const saved = await post('/api/v1/measures', admin, {
      ...v1,
      name: '禁止参与政府采购活动（修订）',
      version: undefined,
      status: undefined,
      createdAt: undefined,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ code: 'N1-01', version: 2, status: 'ACTIVE' });
    expect(
      (await versions()).map((m: { version: number; status: string }) => `${m.version}:${m.status}`),
    ).toEqual(['2:ACTIVE', '1:RETIRED']);
    await t.deps.sanctions.index.poll();
    expect((await check(listed.uscc, 'GOV_PROCUREMENT')).hits).toContainEqual(
      expect.objectContaining({ measureCode: 'N1-01', measureName: '禁止参与政府采购活动（修订）' }),
    );
    expect((await post('/api/v1/measures/N1-01/retire', admin)).statusCode).toBe(200);
    await t.deps.sanctions.index.poll();
    expect((await check(listed.uscc, 'GOV_PROCUREMENT')).hits.map((h) => h.measureCode)).not.toContain(
      'N1-01',
    );
    const operator = await loginAs(t.app, 'cc-operator');
    expect((await post('/api/v1/measures/N1-02/retire', operator)).statusCode).toBe(403);
  });

  it('queues subjects with three penalties in twelve months for review, never lists them itself', async () => {
    const [subject] = await t.deps.db.query<{ id: number; public_id: string; uscc: string }>(
      `SELECT id, public_id, uscc FROM subjects s WHERE type = 'ENTERPRISE' AND uscc IS NOT NULL AND region_code LIKE '2201%'
         AND NOT EXISTS (SELECT 1 FROM list_entries e WHERE e.subject_id = s.id) ORDER BY id LIMIT 1`,
    );
    // Three penalties copied onto this subject, dated within the last twelve months.
    await t.deps.db.query(
      `INSERT INTO credit_records (public_id, item_id, item_code, category, subject_id, department_id, region_code,
         decision_no, authority_code, authority_name, decision_date, party_name, party_class, fields, content_hash,
         intake_date, working_days_to_intake, late, is_public)
       SELECT 'RCAND' || lpad(g::text, 11, '0'), item_id, item_code, category, $1, department_id, region_code,
         decision_no || '-c' || g, authority_code, authority_name, '2026-03-01'::date + g, party_name, party_class, fields,
         content_hash, intake_date, working_days_to_intake, late, is_public
       FROM (SELECT * FROM credit_records WHERE item_code = 'ADMIN_PENALTY' LIMIT 1) r, generate_series(1, 3) g`,
      [subject.id],
    );
    const { detectCandidates } = await import('../../src/modules/lists/candidates.ts');
    expect(await detectCandidates(t.deps)).toBeGreaterThan(0);
    expect(await detectCandidates(t.deps)).toBe(0); // queued once
    const queue = (
      await t.app.inject({ url: '/api/v1/lists/candidates?pageSize=100', headers: admin })
    ).json();
    const candidate = queue.items.find(
      (c: { subject: { publicId: string } }) => c.subject.publicId === subject.public_id,
    );
    expect(candidate).toMatchObject({
      rule: 'PENALTIES_3_IN_12M',
      listType: 'KEY_ATTENTION',
      status: 'OPEN',
    });
    expect(candidate.evidence.length).toBeGreaterThanOrEqual(3);
    expect((await check(subject.uscc, 'INSPECTION')).result).toBe('CLEAR');
    const draft = await post(`/api/v1/lists/candidates/${candidate.id}/promote`, admin, {
      validFrom: '2026-06-30',
      validTo: '2028-06-29',
    });
    expect(draft.json()).toMatchObject({ status: 'DRAFT', listType: 'KEY_ATTENTION' });
    expect(draft.json().facts).toContain('行政处罚');
    const again = await post(`/api/v1/lists/candidates/${candidate.id}/dismiss`, admin, { reason: '重复' });
    expect(again.json().error.code).toBe('CANDIDATE_RESOLVED');
  });
});

describe('checks the recorder could not store', () => {
  it('lists an answered check whose row the database refused, within the checker’s region', async () => {
    const checker = t.credentials.apiClients[0];
    // A value the database refuses: the recorder sets the row aside instead of blocking later checks.
    await t.deps.db.query(`ALTER TABLE checks ADD CONSTRAINT test_refuse CHECK (reference <> 'REFUSE-ME')`);
    try {
      const res = await post('/api/v1/checks', client, {
        subject: own.uscc,
        matter: 'GOV_PROCUREMENT',
        reference: 'REFUSE-ME',
      });
      expect(res.statusCode).toBe(200);
      const { checkId } = res.json() as Answer;

      const list = await t.app.inject({ url: '/api/v1/sanctions/recorder-failures', headers: admin });
      expect(list.statusCode).toBe(200);
      expect(list.json().items[0]).toMatchObject({
        checkId,
        checkedBy: expect.stringContaining(checker.name),
        matter: 'GOV_PROCUREMENT',
        errorCode: '23514',
        errorMessage: expect.stringContaining('test_refuse'),
      });
      const recorded = await t.deps.db.query('SELECT 1 FROM checks WHERE check_id = $1', [checkId]);
      expect(recorded).toHaveLength(0);

      // Another city's officer does not see it; the checker's own region does; no permission, no list.
      const elsewhere = checker.regionCode.startsWith('2202') ? 'cc-operator' : 'jilin-operator';
      const other = await t.app.inject({
        url: '/api/v1/sanctions/recorder-failures',
        headers: await loginAs(t.app, elsewhere),
      });
      expect(other.json().items.map((i: { checkId: string }) => i.checkId)).not.toContain(checkId);
      const refused = await t.app.inject({
        url: '/api/v1/sanctions/recorder-failures',
        headers: subjectUser,
      });
      expect(refused.statusCode).toBe(403);
    } finally {
      await t.deps.db.query('ALTER TABLE checks DROP CONSTRAINT test_refuse');
    }
  });
});
