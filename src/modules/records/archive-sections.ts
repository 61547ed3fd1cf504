import { SqlParams } from '../../db/sql.ts';
import { regionGuard } from '../identity/scope.ts';
import { ARCHIVE_CATEGORIES, type ArchiveRegistry } from '../subjects/archive.ts';
import { canonicalDecimal } from './normalize.ts';
import { publishedNow } from './repository.ts';
import { TIER_NAMES } from './service.ts';

const SECTION_LIMIT = 50;

/**
 * Records appear in the subject's archive under their catalogue category. The public sees what is
 * published today; officials with `records:read` also see unpublished and withdrawn records whose
 * deciding authority lies in their region (the one scope guard decides).
 */
export function registerRecordArchiveSections(registry: ArchiveRegistry): void {
  for (const category of ARCHIVE_CATEGORIES) {
    registry.register({
      key: `records-${category.code.toLowerCase()}`,
      category: category.code,
      title: `${category.name}记录`,
      hideWhenEmpty: true,
      columns: [
        { key: 'itemName', title: '信息项' },
        { key: 'decisionNo', title: '决定文书号' },
        { key: 'decisionDate', title: '决定日期' },
        { key: 'authorityName', title: '决定机关' },
        { key: 'summary', title: '内容' },
        { key: 'publicUntil', title: '公示截止' },
        { key: 'statusName', title: '状态' },
      ],
      async load(q, subject, viewer, today) {
        const p = new SqlParams();
        const restricted = viewer.kind !== 'PUBLIC' && viewer.permissions.has('records:read');
        const where = [
          `r.subject_id = ${p.add(subject.id)}`,
          `r.category = ${p.add(category.code)}`,
          restricted
            ? `(${publishedNow(p, today)} OR ${regionGuard(viewer, 'r.region_code', p)})`
            : publishedNow(p, today),
        ];
        const rows = await q.query<{
          public_id: string;
          item_name: string;
          decision_no: string;
          decision_date: string;
          authority_name: string;
          tier: keyof typeof TIER_NAMES | null;
          fine_amount: string | null;
          fields: Record<string, string>;
          public_until: string | null;
          status: string;
          is_public: boolean;
          total: number;
        }>(
          `SELECT r.public_id, i.name AS item_name, r.decision_no, r.decision_date, r.authority_name, r.tier,
             r.fine_amount, r.fields, r.public_until, r.status, r.is_public, count(*) OVER ()::int AS total
           FROM credit_records r JOIN catalogue_items i ON i.id = r.item_id
           WHERE ${where.join(' AND ')} ORDER BY r.decision_date DESC, r.id DESC LIMIT ${SECTION_LIMIT}`,
          p.values,
        );
        return {
          total: rows[0]?.total ?? 0,
          rows: rows.map((r) => ({
            recordId: r.public_id,
            itemName: r.item_name,
            decisionNo: r.decision_no,
            decisionDate: r.decision_date,
            authorityName: r.authority_name,
            summary: [
              r.tier ? `${TIER_NAMES[r.tier]}失信` : null,
              r.fields.CF_CFLB ?? r.fields.XK_XKLB ?? null,
              r.fine_amount ? `罚款${canonicalDecimal(r.fine_amount)}万元` : null,
            ]
              .filter(Boolean)
              .join('；'),
            publicUntil: r.public_until,
            statusName:
              r.status === 'WITHDRAWN'
                ? '已撤销公示'
                : r.is_public && r.public_until !== null && r.public_until >= today
                  ? '公示中'
                  : '不公示（存档）',
          })),
        };
      },
    });
  }
}
