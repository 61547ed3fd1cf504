import { Type } from 'typebox';
import type { AppDeps } from '../../app-deps.ts';
import { errorResponses, Nullable } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { Errors } from '../../shared/errors.ts';
import { CatalogueItemSpecSchema, DictionarySpecSchema } from './catalogue-spec.ts';
import * as service from './service.ts';

const tags = ['catalogue'];

const CatalogueItem = Type.Intersect([
  CatalogueItemSpecSchema,
  Type.Object({
    id: Type.Integer(),
    versionId: Type.Integer(),
    catalogue: Type.Enum(['NATIONAL', 'JILIN']),
    version: Type.String(),
  }),
]);
const CatalogueVersion = Type.Object({
  id: Type.Integer(),
  catalogue: Type.String(),
  version: Type.String(),
  title: Type.String(),
  documentNo: Nullable(Type.String()),
  publishedOn: Type.String({ format: 'date' }),
  createdBy: Type.String(),
  items: Type.Integer(),
  current: Type.Boolean({ description: 'The version intake validates against' }),
});
const CalendarDay = Type.Object({
  date: Type.String({ format: 'date' }),
  kind: Type.Enum(['HOLIDAY', 'WORKDAY'], {
    description: 'HOLIDAY: day off; WORKDAY: make-up working day (调休)',
  }),
  name: Type.String({ minLength: 1, maxLength: 40 }),
});
const CalendarYear = Type.Object({
  year: Type.Integer(),
  source: Type.String(),
  provisional: Type.Boolean(),
  note: Nullable(Type.String()),
  updatedBy: Type.String(),
  updatedAt: Type.String({ format: 'date-time' }),
  days: Type.Array(CalendarDay),
});

export function catalogueRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/v1/catalogue/items',
    {
      schema: {
        tags,
        summary: '现行目录信息项（全国基础目录 + 吉林省补充目录）',
        response: { 200: Type.Object({ items: Type.Array(CatalogueItem) }) },
      },
    },
    async () => ({ items: await service.currentItems(deps.db) }),
  );
  app.get(
    '/api/v1/catalogue/items/:code',
    {
      schema: {
        tags,
        summary: '信息项详情（字段规范）',
        params: Type.Object({ code: Type.String() }),
        response: { 200: CatalogueItem, ...errorResponses },
      },
    },
    async (req) => service.currentItem(deps.db, req.params.code),
  );
  app.post(
    '/api/v1/catalogue/items',
    {
      schema: {
        tags,
        summary: '新增或修订补充目录信息项（生成补充目录新版本）',
        body: CatalogueItemSpecSchema,
        response: {
          201: Type.Object({ versionId: Type.Integer(), version: Type.String(), item: CatalogueItem }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      reply.code(201);
      return service.addSupplementaryItem(deps, req.body, req.ctx);
    },
  );
  app.get(
    '/api/v1/catalogue/versions',
    {
      schema: {
        tags,
        summary: '目录版本',
        response: { 200: Type.Object({ items: Type.Array(CatalogueVersion) }) },
      },
    },
    async () => ({ items: await service.listVersions(deps.db) }),
  );
  app.get(
    '/api/v1/catalogue/versions/:id/items',
    {
      schema: {
        tags,
        summary: '某一版本的信息项',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        response: { 200: Type.Object({ items: Type.Array(CatalogueItem) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await service.versionItems(deps.db, req.params.id) }),
  );
  app.get(
    '/api/v1/dictionaries',
    {
      schema: {
        tags,
        summary: '字典（主体类别、证件类型、许可类别、处罚类别、失信程度）',
        response: { 200: Type.Object({ items: Type.Array(DictionarySpecSchema) }) },
      },
    },
    async () => ({ items: await service.dictionaries(deps.db) }),
  );
  app.get(
    '/api/v1/calendar',
    {
      schema: {
        tags,
        summary: '法定节假日与调休安排',
        response: { 200: Type.Object({ items: Type.Array(CalendarYear) }) },
      },
    },
    async () => ({ items: await service.calendarYears(deps.db) }),
  );
  app.put(
    '/api/v1/calendar/:year',
    {
      schema: {
        tags,
        summary: '维护某年节假日安排（当年及以后）',
        params: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }),
        body: Type.Object({
          source: Type.String({ minLength: 2, maxLength: 200 }),
          provisional: Type.Boolean(),
          note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
          days: Type.Array(CalendarDay, { maxItems: 120 }),
        }),
        response: { 200: CalendarYear, ...errorResponses },
      },
    },
    async (req) => service.replaceCalendarYear(deps, req.params.year, req.body, req.ctx),
  );
  app.get(
    '/api/v1/calendar/working-days',
    {
      schema: {
        tags,
        summary: '计算两个日期之间的工作日数（不含起始日）',
        querystring: Type.Object({
          from: Type.String({ format: 'date' }),
          to: Type.String({ format: 'date' }),
        }),
        response: {
          200: Type.Object({ from: Type.String(), to: Type.String(), workingDays: Type.Integer() }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      if (req.query.to < req.query.from) throw Errors.invalid('INVALID_PERIOD', '截止日期早于起始日期', 'to');
      const calendar = await service.loadCalendar(deps.db);
      return { ...req.query, workingDays: calendar.workingDaysBetween(req.query.from, req.query.to) };
    },
  );
}
