import type { AppDeps } from '../../app-deps.ts';
import { errorResponses } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { REGIONS } from '../identifiers/regions.ts';
import * as S from './schemas.ts';
import * as service from './service.ts';
import { SUBJECT_TYPES } from './subject-types.ts';

const tags = ['subjects'];

export function subjectRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/v1/subjects',
    {
      schema: {
        tags,
        summary: '检索信用主体（名称、拼音首字母、代码）',
        querystring: S.SubjectQuery,
        response: { 200: S.SubjectPage, ...errorResponses },
      },
    },
    async (req) => service.searchSubjects(deps, req.query),
  );
  app.get(
    '/api/v1/subjects/:id',
    {
      schema: {
        tags,
        summary: '信用主体公开信息',
        params: S.SubjectParams,
        response: { 200: S.SubjectPublic, ...errorResponses },
      },
    },
    async (req) => service.getPublicSubject(deps, req.params.id),
  );
  app.get(
    '/api/v1/subjects/:id/archive',
    {
      schema: {
        tags,
        summary: '信用档案（按目录类别分组）',
        params: S.SubjectParams,
        response: { 200: S.Archive, ...errorResponses },
      },
    },
    async (req) => service.getArchive(deps, req.params.id, req.ctx.viewer),
  );
  app.get(
    '/api/v1/subjects/:id/restricted',
    {
      schema: {
        tags,
        summary: '受限信息（需权限且在管辖区域内；留痕）',
        params: S.SubjectParams,
        response: { 200: S.Restricted, ...errorResponses },
      },
    },
    async (req) => service.getRestricted(deps, req.params.id, req.ctx),
  );
  app.get(
    '/api/v1/subjects/:id/authorisations',
    {
      schema: {
        tags,
        summary: '主体授权记录',
        params: S.SubjectParams,
        response: { 200: S.AuthorisationList, ...errorResponses },
      },
    },
    async (req) => service.listAuthorisations(deps, req.params.id, req.ctx.viewer),
  );
  app.post(
    '/api/v1/subjects/:id/authorisations',
    {
      schema: {
        tags,
        summary: '登记主体授权（被授权用户可在有效期内查看受限信息）',
        params: S.SubjectParams,
        body: S.RecordAuthorisationBody,
        response: { 201: S.Authorisation, ...errorResponses },
      },
    },
    async (req, reply) => {
      reply.code(201);
      return service.recordAuthorisation(deps, req.params.id, req.body, req.ctx);
    },
  );
  app.post(
    '/api/v1/subjects/:id/authorisations/:authorisationId/revoke',
    {
      schema: {
        tags,
        summary: '撤销主体授权',
        params: S.AuthorisationParams,
        response: { 200: S.Authorisation, ...errorResponses },
      },
    },
    async (req) => service.revokeAuthorisation(deps, req.params.id, req.params.authorisationId, req.ctx),
  );
  app.get(
    '/api/v1/stats/subjects',
    {
      schema: {
        tags: ['stats'],
        summary: '主体统计（管辖区域内）',
        response: { 200: S.SubjectStats, ...errorResponses },
      },
    },
    async (req) => service.subjectStats(deps, req.ctx.viewer),
  );
  app.get(
    '/api/v1/regions',
    { schema: { tags: ['reference'], summary: '行政区划（吉林省）', response: { 200: S.RegionList } } },
    async () => ({
      items: REGIONS.map((r) => ({
        code: r.code,
        name: r.name,
        nameEn: r.nameEn,
        level: r.level,
        parent: r.parent,
      })),
    }),
  );
  app.get(
    '/api/v1/subject-types',
    { schema: { tags: ['reference'], summary: '主体类型', response: { 200: S.SubjectTypeList } } },
    async () => ({
      items: Object.entries(SUBJECT_TYPES).map(([code, t]) => ({ code, name: t.name, nameEn: t.nameEn })),
    }),
  );
}
