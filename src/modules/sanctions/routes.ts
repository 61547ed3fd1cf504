import { Type } from 'typebox';
import type { AppDeps } from '../../app-deps.ts';
import { errorResponses, Nullable, Paged, PageQuery } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { EntryParams, ListEntry } from '../lists/schemas.ts';
import * as service from './service.ts';

const tags = ['sanctions'];
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

const CheckBody = Type.Object({
  subject: Type.String({ minLength: 1, maxLength: 40, description: 'USCC or identity number' }),
  matter: Type.String({
    minLength: 1,
    maxLength: 40,
    description: 'matter code (事项), e.g. GOV_PROCUREMENT',
  }),
  reference: Type.Optional(
    Type.String({
      maxLength: 100,
      pattern: '^[^\\u0000-\\u001F\\u007F]*$',
      description: "the caller's case id",
    }),
  ),
});
const HitSchema = Type.Object({
  listType: Type.String(),
  entryId: Type.String(),
  measureCode: Type.String(),
  measureName: Type.String(),
  action: Type.String(),
  legalBasis: Type.String(),
  decidedBy: Type.String(),
  validTo: Type.String(),
  via: Type.String(),
  viaSubject: Type.Optional(Type.Object({ code: Type.String(), name: Type.String() })),
  underReview: Type.Boolean(),
});
const CheckAnswer = Type.Object({
  checkId: Type.String(),
  result: Type.Enum(['CLEAR', 'HIT']),
  checkedAt: Type.String(),
  subject: Type.Object({
    code: Type.String({ description: 'masked for individuals' }),
    known: Type.Boolean({ description: 'false: no subject with this code is registered' }),
    name: Nullable(Type.String()),
    type: Nullable(Type.String()),
    grade: Nullable(Type.Enum(['A', 'B', 'C', 'D'], { description: 'evaluation grade, as context' })),
  }),
  hits: Type.Array(HitSchema),
});
const BatchBody = Type.Object({
  matter: Type.String({ minLength: 1, maxLength: 40 }),
  subjects: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { minItems: 1, maxItems: 1000 }),
});
const BatchAnswer = Type.Object({
  results: Type.Array(
    Type.Union([
      CheckAnswer,
      Type.Object({
        subject: Type.String(),
        error: Type.Object({ code: Type.String(), message: Type.String() }),
      }),
    ]),
  ),
});
const FeedbackBody = Type.Object({
  actionTaken: Type.Enum(['RESTRICTED', 'REFUSED', 'REVIEWED', 'FACILITATED', 'NOT_APPLIED']),
  reason: Type.Optional(Type.String({ maxLength: 1000 })),
  handler: Text(100),
  matterId: Text(100),
  entryId: Type.Optional(Type.String({ maxLength: 20 })),
});
/** Who checked whom for what, as every list of checks shows it. */
const CheckedFields = {
  checkId: Type.String(),
  checkedAt: Type.String(),
  checkedBy: Type.String(),
  matter: Type.String(),
};
const FeedbackAnswer = Type.Object({
  checkId: Type.String(),
  feedback: Type.Array(
    Type.Object({
      entryId: Nullable(Type.String()),
      actionTaken: Type.String(),
      handler: Type.String(),
      matterId: Type.String(),
      reason: Nullable(Type.String()),
      at: Type.String(),
    }),
  ),
});
const StatsQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date' })),
  to: Type.Optional(Type.String({ format: 'date' })),
  groupBy: Type.Enum(['department', 'measure', 'listType', 'region', 'month'], { default: 'department' }),
});
const Counts = {
  checks: Type.Integer(),
  hits: Type.Integer(),
  feedback: Type.Integer(),
  feedbackRate: Nullable(Type.Number()),
  actions: Type.Record(Type.String(), Type.Integer()),
};
const StatsAnswer = Type.Object({
  rows: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), ...Counts })),
  totals: Nullable(Type.Object(Counts)),
});

export function sanctionsRoutes(app: App, deps: AppDeps): void {
  app.post(
    '/api/v1/checks',
    {
      schema: {
        tags,
        summary: '联合奖惩自动比对：办理事项时查询主体适用的惩戒或激励措施（接口密钥，范围 checks）',
        body: CheckBody,
        response: { 200: CheckAnswer, ...errorResponses },
      },
    },
    async (req) => service.check(deps, req.body, req.ctx),
  );
  app.post(
    '/api/v1/checks/batch',
    {
      schema: {
        tags,
        summary: '批量比对（至多1000个主体，按提交顺序逐一作答）',
        body: BatchBody,
        response: { 200: BatchAnswer, ...errorResponses },
      },
    },
    async (req) => service.checkBatch(deps, req.body, req.ctx),
  );
  app.post(
    '/api/v1/checks/:checkId/feedback',
    {
      schema: {
        tags,
        summary: '反馈措施执行情况（自动反馈）',
        params: Type.Object({ checkId: Type.String({ maxLength: 40 }) }),
        body: FeedbackBody,
        response: { 200: FeedbackAnswer, ...errorResponses },
      },
    },
    async (req) => service.feedback(deps, req.params.checkId, req.body, req.ctx),
  );
  app.get(
    '/api/v1/checks/mine',
    {
      schema: {
        tags,
        summary: '本主体被哪些部门比对过（自助查询）',
        querystring: Type.Object(PageQuery),
        response: {
          200: Paged(
            Type.Object({
              ...CheckedFields,
              matterName: Type.String(),
              result: Type.String(),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => service.myChecks(deps, req.ctx.viewer, req.query),
  );
  app.get(
    '/api/v1/sanctions/stats',
    {
      schema: {
        tags,
        summary: '自动监督：比对、命中、反馈统计（按部门、措施、名单类型、地区、月份）',
        querystring: StatsQuery,
        response: { 200: StatsAnswer, ...errorResponses },
      },
    },
    async (req) => service.stats(deps, req.query, req.ctx.viewer),
  );
  app.get(
    '/api/v1/sanctions/stats.csv',
    { schema: { tags, summary: '统计导出（CSV）', querystring: StatsQuery, response: errorResponses } },
    async (req, reply) => {
      const csv = await service.statsCsv(deps, req.query, req.ctx.viewer);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="sanctions-${req.query.groupBy}.csv"`)
        .send(csv as never);
    },
  );
  app.get(
    '/api/v1/sanctions/overdue',
    {
      schema: {
        tags,
        summary: '逾期未反馈的命中比对',
        querystring: Type.Object(PageQuery),
        response: {
          200: Paged(
            Type.Object({
              ...CheckedFields,
              hits: Type.Array(HitSchema),
              dueAt: Type.String(),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => service.overdue(deps, req.query, req.ctx.viewer),
  );
  app.get(
    '/api/v1/sanctions/recorder-failures',
    {
      schema: {
        tags,
        summary: '已答复但未能记录的比对（数据库拒绝保存的比对记录）',
        querystring: Type.Object(PageQuery),
        response: {
          200: Paged(
            Type.Object({
              ...CheckedFields,
              result: Type.String(),
              failedAt: Type.String(),
              errorCode: Nullable(Type.String()),
              errorMessage: Type.String(),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => service.recorderFailures(deps, req.query, req.ctx.viewer),
  );
  app.get(
    '/api/v1/sanctions/entries/:entryId/loop',
    {
      schema: {
        tags,
        summary: '一个名单条目的闭环：认定 → 比对命中 → 反馈',
        params: EntryParams,
        response: {
          200: Type.Object({
            entry: ListEntry,
            checks: Type.Array(
              Type.Object({
                ...CheckedFields,
                measures: Type.Array(Type.String()),
                feedback: Type.Array(
                  Type.Object({
                    actionTaken: Type.String(),
                    handler: Type.String(),
                    matterId: Type.String(),
                    at: Type.String(),
                  }),
                ),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => service.entryLoop(deps, req.params.entryId, req.ctx.viewer),
  );
}
