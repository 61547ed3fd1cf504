import type { ArchiveRegistry } from '../subjects/archive.ts';
import { GRADE_NAMES, type Grade } from './score.ts';

/**
 * The subject's evaluation result under 信用评价结果信息: for officials who may read evaluations, and
 * for everyone only where the type's active model is PUBLIC (otherwise the section is left out).
 */
export function registerEvaluationArchiveSection(registry: ArchiveRegistry): void {
  registry.register({
    key: 'evaluation',
    category: 'EVALUATION',
    title: '公共信用综合评价',
    hideWhenEmpty: true,
    columns: [
      { key: 'score', title: '信用评分' },
      { key: 'grade', title: '信用等级' },
      { key: 'reasons', title: '主要扣分原因' },
      { key: 'modelVersion', title: '评价模型' },
      { key: 'computedAt', title: '评价时间' },
    ],
    async load(q, subject, viewer) {
      const official = viewer.kind !== 'PUBLIC' && viewer.permissions.has('evaluation:read');
      const rows = await q.query<{
        state: string;
        score: number | null;
        grade: Grade | null;
        reasons: string[];
        version: string;
        computed_at: Date;
      }>(
        `SELECT e.state, e.score, e.grade, e.result -> 'reasons' AS reasons, m.version, e.computed_at
         FROM subject_evaluations e JOIN evaluation_models m ON m.id = e.model_id
         WHERE e.subject_id = $1 AND ($2 OR EXISTS (SELECT 1 FROM evaluation_models a
           WHERE a.subject_type = $3 AND a.status = 'ACTIVE' AND a.model ->> 'openness' = 'PUBLIC'))`,
        [subject.id, official, subject.type],
      );
      return {
        total: rows.length,
        rows: rows.map((r) => ({
          score: r.score ?? '—',
          grade: r.grade ? `${r.grade}（${GRADE_NAMES[r.grade]}）` : '信息不足，不予评级',
          reasons: r.reasons.join('；') || '无',
          modelVersion: r.version,
          computedAt: r.computed_at.toISOString().slice(0, 10),
        })),
      };
    },
  });
}
