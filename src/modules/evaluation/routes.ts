import { Type } from 'typebox';
import type { AppDeps } from '../../app-deps.ts';
import { errorResponses, Nullable } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { backtest } from './backtest.ts';
import * as inspections from './inspections.ts';
import type { Model } from './score.ts';
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
  const SubjectType = Type.Enum(['GOVERNMENT', 'ENTERPRISE', 'INDIVIDUAL', 'INSTITUTION', 'SOCIAL_ORG']);
  const CandidateModel = Type.Object(
    {
      version: Type.String({ minLength: 1, maxLength: 40 }),
      thresholds: Type.Object({ A: Type.Integer(), B: Type.Integer(), C: Type.Integer() }),
      dimensions: Type.Array(Type.Unknown(), { minItems: 1, maxItems: 20 }),
      openness: Type.Optional(
        Type.Enum(['PUBLIC', 'CONSOLE_ONLY'], { description: 'PUBLIC: grades shown on the portal' }),
      ),
    },
    { description: 'dimensions → indicators → rule, as GET /evaluation/models/active returns them' },
  );
  const ModelBody = Type.Object({ subjectType: SubjectType, model: CandidateModel });
  const GradeRate = Type.Object({
    grade: Type.Enum(['A', 'B', 'C', 'D']),
    subjects: Type.Integer(),
    events: Type.Integer(),
    rate: Nullable(Type.Number()),
  });
  app.post(
    '/api/v1/evaluation/backtest',
    {
      schema: {
        tags,
        summary: '模型回测：按过去某日的信息评级，观察其后严重失信的发生率是否随等级单调上升',
        body: Type.Object({
          subjectType: SubjectType,
          model: Type.Optional(CandidateModel),
          asOf: Type.Optional(
            Type.String({ format: 'date', description: 'default: horizonMonths before today' }),
          ),
          horizonMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 36, default: 6 })),
          maxSubjects: Type.Optional(Type.Integer({ minimum: 1000, maximum: 2_000_000 })),
          minSubjects: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
        }),
        response: {
          200: Type.Object({
            subjectType: Type.String(),
            modelVersion: Type.String(),
            asOf: Type.String(),
            until: Type.String(),
            horizonMonths: Type.Integer(),
            outcome: Type.String({ description: 'what counts as becoming seriously dishonest' }),
            population: Type.Integer(),
            scored: Type.Integer(),
            everyKth: Type.Integer({ description: 'above maxSubjects, every k-th subject by id is scored' }),
            minSubjects: Type.Integer({ description: 'grades with fewer subjects are not compared' }),
            grades: Type.Array(GradeRate),
            insufficient: Type.Object({
              subjects: Type.Integer(),
              events: Type.Integer(),
              rate: Nullable(Type.Number()),
            }),
            monotonic: Type.Boolean({
              description: 'event rate never falls from a better grade to a worse one',
            }),
            violations: Type.Array(Type.String()),
            lift: Nullable(
              Type.Number({ description: 'worst compared grade rate / best compared grade rate' }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) =>
      backtest(deps, { ...req.body, model: req.body.model as unknown as Model | undefined }, req.ctx.viewer),
  );
  app.post(
    '/api/v1/evaluation/models/preview',
    { schema: { tags, summary: '模型变更预演：新旧等级分布与等级变动的主体（按地区）', body: ModelBody } },
    async (req) =>
      service.previewModel(deps, req.body.subjectType, req.body.model as unknown as Model, req.ctx.viewer),
  );
  app.post(
    '/api/v1/evaluation/models',
    { schema: { tags, summary: '发布模型新版本并生效（该类型主体在后台重新评价）', body: ModelBody } },
    async (req) =>
      service.activateModel(deps, req.body.subjectType, req.body.model as unknown as Model, req.ctx),
  );
  app.get('/api/v1/evaluation/runs', { schema: { tags, summary: '全量重新评价的运行进度' } }, async (req) =>
    service.runs(deps, req.ctx.viewer),
  );
  app.post(
    '/api/v1/evaluation/reviews/:id/resolve',
    {
      schema: {
        tags,
        summary: '人工复核结论：维持（UPHELD）或已更正（CORRECTED）',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        body: Type.Object({
          status: Type.Enum(['UPHELD', 'CORRECTED']),
          resolution: Type.String({ minLength: 2, maxLength: 2000 }),
        }),
      },
    },
    async (req) => service.resolveReview(deps, req.params.id, req.body, req.ctx),
  );
  app.get(
    '/api/v1/evaluation/reviews/mine',
    { schema: { tags, summary: '本主体的复核申请及结论' } },
    async (req) => service.myReviews(deps, req.ctx.viewer),
  );
  app.get('/api/v1/evaluation/reviews', { schema: { tags, summary: '人工复核申请队列' } }, async (req) =>
    service.listReviews(deps, req.ctx.viewer),
  );
  app.get(
    '/api/v1/evaluation/distribution',
    { schema: { tags, summary: '各主体类型的等级分布' } },
    async (req) => service.distribution(deps, req.ctx.viewer),
  );

  const Plan = Type.Object({
    planId: Type.String(),
    name: Type.String(),
    matter: Type.String(),
    regionCode: Type.String(),
    subjectType: Type.String(),
    department: Type.String(),
    seed: Type.String({ description: 'published with the plan: the draw is reproducible from it' }),
    ratios: Type.Record(
      Type.String(),
      Type.Object({ range: Type.Array(Type.Number()), rate: Type.Number() }),
    ),
    population: Type.Record(Type.String(), Type.Integer()),
    populationHash: Type.String({
      description: 'SM3 of the population as "publicId grade" lines in subject order',
    }),
    sampled: Type.Record(Type.String(), Type.Integer()),
    createdAt: Type.String(),
    draw: Type.Array(
      Type.Object({
        subject: Type.Object({ publicId: Type.String(), name: Type.String(), code: Type.String() }),
        grade: Nullable(Type.String()),
        inspectors: Type.Array(Type.String()),
        result: Nullable(
          Type.Object(
            {
              code: Nullable(Type.String({ description: 'INSPECTION_RESULT code' })),
              completedOn: Nullable(Type.String()),
              recordId: Type.String({ description: 'the 抽查检查结果 record' }),
            },
            { description: 'null until the result is filed' },
          ),
        ),
      }),
    ),
  });
  app.post(
    '/api/v1/inspections/plans',
    {
      schema: {
        tags,
        summary: '制定双随机抽查计划：按信用等级分层抽取对象、随机分派检查人员（回避利害关系），公布随机种子',
        body: Type.Object({
          name: Type.String({ minLength: 1, maxLength: 200 }),
          matter: Type.String({ minLength: 1, maxLength: 100, description: '抽查事项' }),
          regionCode: Type.String({ pattern: '^\\d{6}$' }),
          subjectType: Type.Enum(['GOVERNMENT', 'ENTERPRISE', 'INDIVIDUAL', 'INSTITUTION', 'SOCIAL_ORG']),
          seed: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        }),
        response: { 200: Plan, ...errorResponses },
      },
    },
    async (req) => inspections.createPlan(deps, req.body, req.ctx),
  );
  app.get(
    '/api/v1/inspections/plans',
    { schema: { tags, summary: '本部门的抽查计划（最近的在前）' } },
    async (req) => inspections.listPlans(deps, req.ctx),
  );
  app.post(
    '/api/v1/inspections/plans/:id/results',
    {
      schema: {
        tags,
        summary: '录入抽查检查结果：作为抽查检查结果信息经归集流程入库，进入信用档案并更新评价',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) }),
        body: Type.Object({
          results: Type.Array(
            Type.Object({
              subject: Type.String({
                minLength: 1,
                maxLength: 40,
                description: 'public id or USCC of a drawn subject',
              }),
              result: Type.String({
                minLength: 1,
                maxLength: 40,
                description: 'INSPECTION_RESULT code or label, e.g. 01 未发现问题, 03 发现问题已责令改正',
              }),
              completedOn: Type.String({ format: 'date' }),
              findings: Type.Optional(Type.String({ maxLength: 1500 })),
            }),
            { minItems: 1, maxItems: 1000 },
          ),
        }),
      },
    },
    async (req) => inspections.recordResults(deps, req.params.id, req.body.results, req.ctx),
  );
  app.get(
    '/api/v1/inspections/plans/:id',
    {
      schema: {
        tags,
        summary: '抽查计划及其抽取结果',
        params: Type.Object({ id: Type.String({ maxLength: 40 }) }),
        response: { 200: Plan, ...errorResponses },
      },
    },
    async (req) => inspections.getPlan(deps, req.params.id, req.ctx),
  );
}
