import { Type } from 'typebox';
import type { AppDeps } from '../../app-deps.ts';
import { errorResponses } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import * as candidates from './candidates.ts';
import * as entries from './entries.ts';
import * as measures from './measures.ts';
import { publicEntries, publicEntry } from './public.ts';
import * as S from './schemas.ts';

const tags = ['lists'];

export function listRoutes(app: App, deps: AppDeps): void {
  // ---------- public ----------
  app.get(
    '/api/v1/lists/:listType/entries',
    {
      schema: {
        tags,
        summary: '公开名单：红名单、严重失信主体名单、重点关注名单（仅有效期内，个人信息脱敏）',
        params: S.PublicListParams,
        querystring: S.PublicEntriesQuery,
        response: { 200: S.PublicEntriesPage, ...errorResponses },
      },
    },
    async (req) => publicEntries(deps, req.params.listType, req.query),
  );
  app.get(
    '/api/v1/lists/public/:entryId',
    {
      schema: {
        tags,
        summary: '公开名单条目详情',
        params: S.EntryParams,
        response: { 200: S.PublicEntryDetail, ...errorResponses },
      },
    },
    async (req) => publicEntry(deps, req.params.entryId),
  );
  app.get(
    '/api/v1/measures/matters',
    {
      schema: {
        tags,
        summary: '事项代码（比对时说明所办事项）',
        response: {
          200: Type.Object({ items: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })) }),
        },
      },
    },
    async () => measures.matters(deps.db),
  );

  // ---------- console: entries ----------
  app.get(
    '/api/v1/lists/entries',
    {
      schema: {
        tags,
        summary: '名单条目（限管辖区域）',
        querystring: S.EntriesQuery,
        response: { 200: S.EntriesPage, ...errorResponses },
      },
    },
    async (req) => entries.listEntries(deps, req.query, req.ctx.viewer),
  );
  app.get(
    '/api/v1/lists/mine',
    {
      schema: {
        tags,
        summary: '本主体的名单告知与名单条目（自助：查看告知、在线陈述申辩）',
        response: { 200: Type.Object({ items: Type.Array(S.ListEntry) }), ...errorResponses },
      },
    },
    async (req) => entries.myEntries(deps, req.ctx.viewer),
  );
  app.get(
    '/api/v1/lists/entries/:entryId',
    {
      schema: {
        tags,
        summary: '名单条目详情',
        params: S.EntryParams,
        response: { 200: S.ListEntry, ...errorResponses },
      },
    },
    async (req) => entries.getEntry(deps, req.params.entryId, req.ctx.viewer),
  );
  app.get(
    '/api/v1/lists/entries/:entryId/decision.pdf',
    { schema: { tags, summary: '认定决定书（PDF）', params: S.EntryParams, response: errorResponses } },
    async (req, reply) => {
      const pdf = await entries.decisionPdf(deps, req.params.entryId, req.ctx.viewer);
      return (
        reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="${req.params.entryId}-decision.pdf"`)
          .header('cache-control', 'private, no-store')
          // Bytes; the typed reply only knows the JSON response schemas.
          .send(pdf as never)
      );
    },
  );
  const entry = { 200: S.ListEntry, ...errorResponses };
  app.post(
    '/api/v1/lists/entries',
    { schema: { tags, summary: '拟列入名单（草稿）', body: S.NewEntryBody, response: entry } },
    async (req) => entries.createEntry(deps, req.body, req.ctx),
  );
  app.post(
    '/api/v1/lists/entries/:entryId/notice',
    { schema: { tags, summary: '告知当事人（开始陈述申辩期）', params: S.EntryParams, response: entry } },
    async (req) => entries.noticeEntry(deps, req.params.entryId, req.ctx),
  );
  app.post(
    '/api/v1/lists/entries/:entryId/defence',
    {
      schema: {
        tags,
        summary: '当事人在线陈述申辩',
        params: S.EntryParams,
        body: S.DefenceBody,
        response: entry,
      },
    },
    async (req) => entries.submitDefence(deps, req.params.entryId, req.body.statement, req.ctx),
  );
  app.post(
    '/api/v1/lists/entries/:entryId/decide',
    { schema: { tags, summary: '作出认定决定', params: S.EntryParams, body: S.DecideBody, response: entry } },
    async (req) => entries.decideEntry(deps, req.params.entryId, req.body, req.ctx),
  );
  app.post(
    '/api/v1/lists/entries/:entryId/publish',
    { schema: { tags, summary: '公布（有效期内参与联合奖惩比对）', params: S.EntryParams, response: entry } },
    async (req) => entries.publishEntry(deps, req.params.entryId, req.ctx),
  );
  app.post(
    '/api/v1/lists/entries/:entryId/interviews',
    { schema: { tags, summary: '安排约谈', params: S.EntryParams, body: S.InterviewBody, response: entry } },
    async (req) => entries.scheduleInterview(deps, req.params.entryId, req.body, req.ctx),
  );
  app.post(
    '/api/v1/lists/entries/:entryId/interviews/:interviewId/record',
    {
      schema: {
        tags,
        summary: '记录约谈（记入信用档案）',
        params: S.InterviewParams,
        body: S.InterviewRecordBody,
        response: entry,
      },
    },
    async (req) =>
      entries.recordInterview(deps, req.params.entryId, req.params.interviewId, req.body, req.ctx),
  );
  app.post(
    '/api/v1/lists/entries/:entryId/remove',
    {
      schema: {
        tags,
        summary: '移出名单（信用修复或撤销）',
        params: S.EntryParams,
        body: S.RemoveBody,
        response: entry,
      },
    },
    async (req) => entries.removeEntry(deps, req.params.entryId, req.body, req.ctx),
  );
  app.post(
    '/api/v1/lists/entries/:entryId/cancel',
    { schema: { tags, summary: '取消拟列入', params: S.EntryParams, body: S.ReasonBody, response: entry } },
    async (req) => entries.cancelEntry(deps, req.params.entryId, req.body.reason, req.ctx),
  );

  // ---------- console: candidates ----------
  app.get(
    '/api/v1/lists/candidates',
    {
      schema: {
        tags,
        summary: '候选名单（规则发现，待主管部门审核）',
        querystring: S.CandidatesQuery,
        response: {
          200: Type.Object({ ...S.EntriesPage.properties, items: Type.Array(S.Candidate) }),
          ...errorResponses,
        },
      },
    },
    async (req) => candidates.listCandidates(deps, req.query, req.ctx.viewer),
  );
  app.post(
    '/api/v1/lists/candidates/:id/dismiss',
    {
      schema: {
        tags,
        summary: '不予列入',
        params: S.CandidateParams,
        body: S.ReasonBody,
        response: { 200: S.Candidate, ...errorResponses },
      },
    },
    async (req) => candidates.dismissCandidate(deps, req.params.id, req.body.reason, req.ctx),
  );
  app.post(
    '/api/v1/lists/candidates/:id/promote',
    {
      schema: {
        tags,
        summary: '转为拟列入（草稿）',
        params: S.CandidateParams,
        body: S.PromoteBody,
        response: entry,
      },
    },
    async (req) => candidates.promoteCandidate(deps, req.params.id, req.body, req.ctx),
  );

  // ---------- console: measures ----------
  app.get(
    '/api/v1/measures',
    {
      schema: {
        tags,
        summary: '联合奖惩措施清单（全国基础清单、吉林省补充清单）',
        querystring: S.MeasuresQuery,
        response: { 200: Type.Object({ items: Type.Array(S.Measure) }), ...errorResponses },
      },
    },
    async (req) => measures.listMeasures(deps, req.query.list, req.query.includeRetired ?? false),
  );
  app.get(
    '/api/v1/measures/:code/versions',
    {
      schema: {
        tags,
        summary: '措施的历次版本',
        params: S.CodeParams,
        response: { 200: Type.Object({ items: Type.Array(S.Measure) }), ...errorResponses },
      },
    },
    async (req) => measures.measureVersions(deps, req.params.code),
  );
  app.post(
    '/api/v1/measures',
    {
      schema: {
        tags,
        summary: '新增措施或发布措施新版本（旧版本停用）',
        body: S.MeasureBody,
        response: { 200: S.Measure, ...errorResponses },
      },
    },
    async (req) => measures.saveMeasure(deps, req.body as measures.MeasureSpec, req.ctx),
  );
  app.post(
    '/api/v1/measures/:code/retire',
    {
      schema: {
        tags,
        summary: '停用措施',
        params: S.CodeParams,
        response: { 200: S.Measure, ...errorResponses },
      },
    },
    async (req) => measures.retireMeasure(deps, req.params.code, req.ctx),
  );
}
