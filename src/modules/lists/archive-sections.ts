import { SqlParams } from '../../db/sql.ts';
import { regionGuard } from '../identity/scope.ts';
import type { ArchiveCategoryCode, ArchiveRegistry } from '../subjects/archive.ts';
import { PERSON_ROLE_NAMES } from './entries.ts';
import { LIST_TYPES, type ListType, STATUS_NAMES } from './rules.ts';

/** Where each list's entries sit in the credit archive (catalogue categories). */
const CATEGORY: Record<ListType, ArchiveCategoryCode> = {
  SERIOUS_DISHONESTY: 'SERIOUS_DISHONESTY',
  ABNORMAL_OPERATION: 'ABNORMAL_OPERATION',
  DISHONEST_DEBTOR: 'JUDICIAL',
  KEY_ATTENTION: 'ADMINISTRATIVE',
  RED: 'HONOUR',
};

/**
 * List entries in the subject's archive: its own and, for a person, those of organisations it is
 * marked with. The public sees entries in force; officials with `lists:read` see every entry in
 * their region, removed ones included, with the interviews (约谈记录) the deciding department kept.
 */
export function registerListArchiveSections(registry: ArchiveRegistry): void {
  for (const listType of Object.keys(CATEGORY) as ListType[]) {
    registry.register({
      key: `lists-${listType.toLowerCase()}`,
      category: CATEGORY[listType],
      title: LIST_TYPES[listType].name,
      hideWhenEmpty: true,
      columns: [
        { key: 'entryId', title: '名单编号' },
        { key: 'via', title: '列入方式' },
        { key: 'decidedBy', title: '认定机关' },
        { key: 'decisionNo', title: '决定文书号' },
        { key: 'validity', title: '有效期' },
        { key: 'statusName', title: '状态' },
        { key: 'interviews', title: '约谈记录' },
      ],
      async load(q, subject, viewer, today) {
        const p = new SqlParams();
        const official = viewer.kind !== 'PUBLIC' && viewer.permissions.has('lists:read');
        const visible = official
          ? `(e.status <> 'DRAFT' AND ${regionGuard(viewer, 'e.region_code', p)})`
          : // The public never sees who was marked with an organisation (personal information).
            `(x.role IS NULL AND e.status = 'PUBLISHED' AND e.valid_from <= ${p.add(today)}::date AND e.valid_to >= ${p.add(today)}::date)`;
        const rows = await q.query<{
          public_id: string;
          via: string | null;
          org_name: string | null;
          decided_by_name: string;
          decision_no: string | null;
          valid_from: string;
          valid_to: string;
          status: keyof typeof STATUS_NAMES;
          interviews: string | null;
        }>(
          `SELECT e.public_id, x.role AS via, o.name AS org_name, e.decided_by_name, e.decision_no,
             e.valid_from::text AS valid_from, e.valid_to::text AS valid_to, e.status,
             ${official ? `(SELECT string_agg(to_char(i.scheduled_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') || ' ' || coalesce(i.record, '（待约谈）'), '；' ORDER BY i.scheduled_at) FROM list_interviews i WHERE i.entry_id = e.id)` : 'NULL'} AS interviews
           FROM (SELECT id AS entry_id, NULL::text AS role FROM list_entries WHERE subject_id = ${p.add(subject.id)}
                 UNION ALL SELECT entry_id, role FROM list_entry_persons WHERE person_id = ${p.add(subject.id)}) x
           JOIN list_entries e ON e.id = x.entry_id
           LEFT JOIN subjects o ON x.role IS NOT NULL AND o.id = e.subject_id
           WHERE e.list_type = ${p.add(listType)} AND ${visible}
           ORDER BY e.valid_from DESC LIMIT 50`,
          p.values,
        );
        return {
          total: rows.length,
          rows: rows.map((r) => ({
            entryId: r.public_id,
            via: r.via ? `${PERSON_ROLE_NAMES[r.via] ?? r.via}（${r.org_name}）` : '本主体',
            decidedBy: r.decided_by_name,
            decisionNo: r.decision_no ?? '',
            validity: `${r.valid_from} 至 ${r.valid_to}`,
            statusName: STATUS_NAMES[r.status],
            interviews: r.interviews ?? '',
          })),
        };
      },
    });
  }
}
