import { Type } from 'typebox';
import type { AppDeps } from '../../app-deps.ts';
import { errorResponses, Nullable } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import * as service from './service.ts';

const tags = ['evaluation'];
const SubjectParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) });
const IndicatorResult = Type.Object({
  code: Type.String(),
  name: Type.String(),
  points: Type.Integer(),
  max: Type.Integer(),
  evidence: Type.Array(Type.String(), { description: 'record or list entry ids' }),
});
const EvaluationResult = Type.Object({
  subject: Type.String(),
  state: Type.Enum(['RATED', 'INSUFFICIENT']),
  score: Nullable(Type.Integer({ description: '0–1000; the exact sum of the indicator points' })),
  grade: Nullable(Type.Enum(['A', 'B', 'C', 'D'])),
  gradeName: Nullable(Type.String()),
  modelVersion: Type.String(),
  computedAt: Type.String(),
  dimensions: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      points: Type.Integer(),
      max: Type.Integer(),
      indicators: Type.Array(IndicatorResult),
    }),
  ),
  reasons: Type.Array(Type.String(), { description: 'the factors that lowered the score most, in words' }),
});

export function evaluationRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/v1/subjects/:code/evaluation',
    {
      schema: {
        tags,
        summary: '公共信用综合评价结果及其解释（评分、等级、各维度与指标得分、依据、主要扣分原因）',
        params: SubjectParams,
        response: { 200: EvaluationResult, ...errorResponses },
      },
    },
    async (req) => service.subjectEvaluation(deps, req.params.code, req.ctx),
  );
  app.get(
    '/api/v1/subjects/:code/evaluation/history',
    {
      schema: {
        tags,
        summary: '评价结果的历次变化',
        params: SubjectParams,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                state: Type.String(),
                score: Nullable(Type.Integer()),
                grade: Nullable(Type.String()),
                modelVersion: Type.String(),
                computedAt: Type.String(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => service.evaluationHistory(deps, req.params.code, req.ctx),
  );
  app.post(
    '/api/v1/subjects/:code/evaluation/review',
    {
      schema: {
        tags,
        summary: '申请人工复核评价结果（个人信息保护法第二十四条）',
        params: SubjectParams,
        body: Type.Object({ reason: Type.String({ minLength: 2, maxLength: 2000 }) }),
        response: {
          200: Type.Object({ reviewId: Type.Integer(), status: Type.String(), createdAt: Type.String() }),
          ...errorResponses,
        },
      },
    },
    async (req) => service.requestReview(deps, req.params.code, req.body.reason, req.ctx),
  );
  app.get(
    '/api/v1/evaluation/models/active',
    {
      schema: {
        tags,
        summary: '生效中的评价模型及等级阈值',
        querystring: Type.Object({
          subjectType: Type.Enum(['GOVERNMENT', 'ENTERPRISE', 'INDIVIDUAL', 'INSTITUTION', 'SOCIAL_ORG']),
        }),
      },
    },
    async (req) => service.activeModel(deps, req.query.subjectType),
  );
  app.get('/api/v1/evaluation/reviews', { schema: { tags, summary: '人工复核申请队列' } }, async (req) =>
    service.listReviews(deps, req.ctx.viewer),
  );
  app.get(
    '/api/v1/evaluation/distribution',
    { schema: { tags, summary: '各主体类型的等级分布' } },
    async (req) => service.distribution(deps, req.ctx.viewer),
  );
}
