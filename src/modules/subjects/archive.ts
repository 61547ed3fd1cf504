import type { Queryable } from '../../db/db.ts';
import type { Viewer } from '../identity/viewer.ts';
import type { SubjectRow } from './repository.ts';

/**
 * Categories of the national public credit information catalogue (2021: 1–11, 2022 adds 12,
 * 2024 adds 13). The credit archive (信用档案) groups everything known about a subject by them.
 */
export const ARCHIVE_CATEGORIES = [
  { code: 'REGISTRATION', name: '登记注册基本信息', nameEn: 'Registration' },
  { code: 'JUDICIAL', name: '司法裁判及执行信息', nameEn: 'Court judgments and enforcement' },
  { code: 'ADMINISTRATIVE', name: '行政管理信息', nameEn: 'Administrative actions' },
  { code: 'QUALIFICATION', name: '职称和职业资格信息', nameEn: 'Titles and qualifications' },
  { code: 'ABNORMAL_OPERATION', name: '经营异常名录信息', nameEn: 'Abnormal operation list' },
  { code: 'SERIOUS_DISHONESTY', name: '严重失信主体名单信息', nameEn: 'Serious dishonesty list' },
  { code: 'CONTRACT', name: '合同履行信息', nameEn: 'Contract performance' },
  { code: 'COMMITMENT', name: '信用承诺及履行情况信息', nameEn: 'Credit commitments and fulfilment' },
  { code: 'EVALUATION', name: '信用评价结果信息', nameEn: 'Credit evaluation results' },
  { code: 'HONOUR', name: '诚实守信相关荣誉信息', nameEn: 'Honours for integrity' },
  { code: 'VOLUNTARY', name: '市场主体自愿提供的信用信息', nameEn: 'Voluntarily supplied information' },
  { code: 'LAW_COMPLIANCE', name: '遵守法律法规情况信息', nameEn: 'Compliance with laws and regulations' },
  { code: 'INTELLECTUAL_PROPERTY', name: '知识产权信息', nameEn: 'Intellectual property' },
] as const;

export type ArchiveCategoryCode = (typeof ARCHIVE_CATEGORIES)[number]['code'];

export interface ArchiveColumn {
  key: string;
  title: string;
}

/** One block of a subject's archive, contributed by the module that owns the data. */
export interface ArchiveSection {
  key: string;
  category: ArchiveCategoryCode;
  title: string;
  columns: ArchiveColumn[];
  /** Leave the section out when it has no rows (sections that exist per category). */
  hideWhenEmpty?: boolean;
  /** Which subject types the section applies to; all when absent. */
  appliesTo?: (subject: SubjectRow) => boolean;
  /** Loads the rows this viewer may see. Public viewers must only get public rows. `today` is Asia/Shanghai. */
  load(
    q: Queryable,
    subject: SubjectRow,
    viewer: Viewer,
    today: string,
  ): Promise<{ rows: Record<string, unknown>[]; total: number }>;
}

/**
 * The one registration point for archive sections: the subjects module adds registration data;
 * later modules (records, lists, commitments, evaluation, …) add their own sections at start-up.
 */
export class ArchiveRegistry {
  private readonly sections: ArchiveSection[] = [];

  register(section: ArchiveSection): void {
    if (this.sections.some((s) => s.key === section.key))
      throw new Error(`archive section registered twice: ${section.key}`);
    this.sections.push(section);
  }

  async build(q: Queryable, subject: SubjectRow, viewer: Viewer, today: string) {
    const applicable = this.sections.filter((s) => !s.appliesTo || s.appliesTo(subject));
    const loaded = (
      await Promise.all(
        applicable.map(async (s) => ({ section: s, ...(await s.load(q, subject, viewer, today)) })),
      )
    ).filter((l) => !(l.section.hideWhenEmpty && l.total === 0));
    return ARCHIVE_CATEGORIES.map((c, i) => ({
      code: c.code,
      name: c.name,
      nameEn: c.nameEn,
      order: i + 1,
      sections: loaded
        .filter((l) => l.section.category === c.code)
        .map((l) => ({
          key: l.section.key,
          title: l.section.title,
          columns: l.section.columns,
          rows: l.rows,
          total: l.total,
        })),
    }));
  }
}
