// Demo list entries: every list type in force, organisations on the serious-dishonesty list with
// their legal representatives marked, and a few entries part-way through the lifecycle.
import type { Queryable } from '../db/db.ts';
import type { Ledger } from '../modules/ledger/ledger.ts';
import { listEntryEvent } from '../modules/lists/ledger-events.ts';
import { ENTRY_SELECT, type EntryRow } from '../modules/lists/repository.ts';
import { addDays, addMonths } from '../shared/dates.ts';

interface Plan {
  listType: string;
  source: 'DECIDED' | 'MIRRORED';
  subjectType: 'ENTERPRISE' | 'INDIVIDUAL';
  count: number;
  status: 'PUBLISHED' | 'DRAFT' | 'NOTICED';
  months: number;
  reason: string;
  /** Only organisations with a legal representative on record. */
  withRelations?: boolean;
}

const PLANS: Plan[] = [
  {
    listType: 'SERIOUS_DISHONESTY',
    source: 'DECIDED',
    subjectType: 'ENTERPRISE',
    count: 12,
    status: 'PUBLISHED',
    months: 36,
    reason: '拒不履行行政处罚决定，情节严重',
    withRelations: true,
  },
  {
    listType: 'KEY_ATTENTION',
    source: 'DECIDED',
    subjectType: 'ENTERPRISE',
    count: 12,
    status: 'PUBLISHED',
    months: 24,
    reason: '一年内多次受到行政处罚',
  },
  {
    listType: 'RED',
    source: 'DECIDED',
    subjectType: 'ENTERPRISE',
    count: 15,
    status: 'PUBLISHED',
    months: 36,
    reason: '连续三年纳税信用A级、守合同重信用',
  },
  {
    listType: 'ABNORMAL_OPERATION',
    source: 'MIRRORED',
    subjectType: 'ENTERPRISE',
    count: 10,
    status: 'PUBLISHED',
    months: 36,
    reason: '未按规定期限公示年度报告（经信用信息归集同步）',
  },
  {
    listType: 'DISHONEST_DEBTOR',
    source: 'MIRRORED',
    subjectType: 'INDIVIDUAL',
    count: 8,
    status: 'PUBLISHED',
    months: 24,
    reason: '有履行能力而拒不履行生效法律文书确定义务（经信用信息归集同步）',
  },
  {
    listType: 'SERIOUS_DISHONESTY',
    source: 'DECIDED',
    subjectType: 'ENTERPRISE',
    count: 3,
    status: 'NOTICED',
    months: 36,
    reason: '拟列入：以欺骗手段取得行政许可',
    withRelations: true,
  },
  {
    listType: 'KEY_ATTENTION',
    source: 'DECIDED',
    subjectType: 'ENTERPRISE',
    count: 3,
    status: 'DRAFT',
    months: 24,
    reason: '拟列入：违反安全生产规定',
  },
];

export async function seedDemoLists(
  tx: Queryable,
  ledger: Ledger,
  today: string,
  departmentId: number,
  departmentName: string,
): Promise<number> {
  let total = 0;
  let offset = 0;
  for (const [i, plan] of PLANS.entries()) {
    const validFrom = addDays(today, -30 * (i + 1));
    const validTo = addDays(addMonths(validFrom, plan.months), -1);
    const rows = await tx.query<{ id: string }>(
      `INSERT INTO list_entries (public_id, list_type, source, status, subject_id, department_id, decided_by_name, region_code,
         facts, basis, reason, noticed_at, defence_deadline, notice_text, decision_no, decided_at, removal_conditions, remedies,
         valid_from, valid_to, published_at, created_by)
       SELECT 'L' || upper(substr(md5('demo-list-' || $1 || '-' || s.id), 1, 15)), $1, $2, $3, s.id,
         CASE WHEN $2 = 'DECIDED' THEN $4::int END, $5, s.region_code,
         '经查，该主体' || $6 || '。', '《吉林省社会信用条例》及相关领域法律法规', $6,
         CASE WHEN $3 <> 'DRAFT' THEN now() END, CASE WHEN $3 = 'NOTICED' THEN $7::date + 365 END,
         CASE WHEN $3 <> 'DRAFT' THEN '（演示）拟列入告知书' END,
         CASE WHEN $3 = 'PUBLISHED' THEN '吉市监信〔2026〕' || (row_number() OVER (ORDER BY s.id) + $10) || '号' END,
         CASE WHEN $3 = 'PUBLISHED' THEN now() END,
         CASE WHEN $3 = 'PUBLISHED' THEN '有效期届满自动移出；完成信用修复的，可申请提前移出' END,
         CASE WHEN $3 = 'PUBLISHED' THEN '如不服本决定，可在六十日内申请行政复议，或在六个月内提起行政诉讼' END,
         $8, $9, CASE WHEN $3 = 'PUBLISHED' THEN now() END, 'system:demo'
       FROM (SELECT s.id, s.region_code FROM subjects s
             WHERE s.type = $11 AND s.region_code LIKE '2201%'
               AND (NOT $12 OR EXISTS (SELECT 1 FROM subject_relations r WHERE r.org_id = s.id AND r.role = 'LEGAL_REPRESENTATIVE'))
               AND NOT EXISTS (SELECT 1 FROM list_entries e WHERE e.subject_id = s.id)
               AND NOT EXISTS (SELECT 1 FROM users u WHERE u.subject_id = s.id)
             ORDER BY md5('demo-list-' || s.id) LIMIT $13) s
       RETURNING id`,
      [
        plan.listType,
        plan.source,
        plan.status,
        departmentId,
        plan.source === 'DECIDED'
          ? departmentName
          : plan.listType === 'DISHONEST_DEBTOR'
            ? '长春市中级人民法院'
            : '长春市市场监督管理局',
        plan.reason,
        today,
        validFrom,
        validTo,
        offset,
        plan.subjectType,
        plan.withRelations ?? false,
        plan.count,
      ],
    );
    offset += rows.length;
    total += rows.length;
  }
  // Entries decided here went through a decision and a publication: both are in the credit log, as
  // they would be had an officer made them (the audit looks for them).
  const published = await tx.query<EntryRow>(
    `${ENTRY_SELECT} WHERE e.source = 'DECIDED' AND e.status = 'PUBLISHED' AND e.created_by = 'system:demo'`,
  );
  await tx.query('UPDATE list_entries SET version = 2 WHERE id = ANY($1::bigint[])', [
    published.map((e) => e.id),
  ]);
  await ledger.append(
    tx,
    published.flatMap((e) => [
      listEntryEvent('decided', e, 1, 'system:demo'),
      listEntryEvent('published', e, 2, 'system:demo'),
    ]),
  );
  // 吉林省社会信用条例 Art. 26: the legal representatives of listed organisations are marked.
  await tx.query(
    `INSERT INTO list_entry_persons (entry_id, person_id, role)
     SELECT e.id, r.person_id, r.role FROM list_entries e JOIN subject_relations r ON r.org_id = e.subject_id
     WHERE e.list_type = 'SERIOUS_DISHONESTY' AND e.status = 'PUBLISHED' AND r.role IN ('LEGAL_REPRESENTATIVE', 'PRINCIPAL')
       AND r.until IS NULL ON CONFLICT DO NOTHING`,
  );
  return total;
}

const INSPECTOR_NAMES = ['王建国', '李红梅', '张伟', '刘洋', '陈静', '杨帆', '赵磊', '孙丽'];

/** Each department's inspector pool (执法检查人员名录), and a few declared conflicts of interest. */
export async function seedDemoInspectors(tx: Queryable): Promise<void> {
  await tx.query(
    `INSERT INTO inspectors (department_id, name)
     SELECT d.id, substr(d.name, 1, 2) || n.name FROM departments d, unnest($1::text[]) WITH ORDINALITY AS n(name, ord)
     ORDER BY d.id, n.ord`,
    [INSPECTOR_NAMES],
  );
  // Each department's first inspector declares a conflict with three enterprises of its region.
  await tx.query(
    `INSERT INTO inspector_conflicts (inspector_id, subject_id, reason)
     SELECT i.id, s.id, '近亲属任该企业高级管理人员'
     FROM (SELECT DISTINCT ON (department_id) id, department_id FROM inspectors ORDER BY department_id, id) i
     JOIN departments d ON d.id = i.department_id,
     LATERAL (SELECT id FROM subjects
              WHERE type = 'ENTERPRISE' AND region_code LIKE (CASE WHEN d.region_code LIKE '%0000' THEN left(d.region_code, 2)
                WHEN d.region_code LIKE '%00' THEN left(d.region_code, 4) ELSE d.region_code END) || '%'
              ORDER BY md5('conflict-' || id) LIMIT 3) s`,
  );
}
