import { Type } from 'typebox';
import type { AppDeps } from '../../app-deps.ts';
import { escapeLike, SqlParams } from '../../db/sql.ts';
import {
  COUNT_CAP,
  errorResponses,
  Nullable,
  Paged,
  PageQuery,
  pageWindow,
  toPage,
} from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { regionGuard } from '../identity/scope.ts';
import { requirePermission } from '../identity/viewer.ts';

const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorType: Type.String(),
  actorId: Nullable(Type.String()),
  actorName: Nullable(Type.String()),
  action: Type.String(),
  targetType: Nullable(Type.String()),
  targetId: Nullable(Type.String()),
  regionCode: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  requestId: Nullable(Type.String()),
  detail: Type.Record(Type.String(), Type.Unknown()),
});

const AuditQuery = Type.Object({
  actor: Type.Optional(Type.String({ maxLength: 100, description: 'actor id or name (partial)' })),
  action: Type.Optional(Type.String({ maxLength: 60 })),
  targetType: Type.Optional(Type.String({ maxLength: 40 })),
  targetId: Type.Optional(Type.String({ maxLength: 100 })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  ...PageQuery,
});

interface AuditRow {
  id: number;
  at: Date;
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  region_code: string | null;
  ip: string | null;
  request_id: string | null;
  detail: Record<string, unknown>;
}

export function auditRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: '审计日志查询 (who, what, when, from where)',
        querystring: AuditQuery,
        response: { 200: Paged(AuditEntry), ...errorResponses },
      },
    },
    async (req) => {
      const viewer = req.ctx.viewer;
      requirePermission(viewer, 'audit:read');
      const f = req.query;
      const p = new SqlParams();
      const where: string[] = [];
      if (f.actor) {
        const actor = p.add(f.actor);
        where.push(`(actor_id = ${actor} OR actor_name LIKE '%' || ${p.add(escapeLike(f.actor))} || '%')`);
      }
      if (f.action) where.push(`action = ${p.add(f.action)}`);
      if (f.targetType) where.push(`target_type = ${p.add(f.targetType)}`);
      if (f.targetId) where.push(`target_id = ${p.add(f.targetId)}`);
      if (f.from) where.push(`at >= ${p.add(new Date(f.from))}`);
      if (f.to) where.push(`at < ${p.add(new Date(f.to))}`);
      // Outside the platform administrators, reviewers see the audit trail of their own region only.
      if (!viewer.permissions.has('admin:users'))
        where.push(`(region_code IS NULL OR ${regionGuard(viewer, 'region_code', p)})`);
      const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const w = pageWindow(f);
      const [rows, count] = await Promise.all([
        deps.db.query<AuditRow>(
          `SELECT * FROM audit_log ${cond} ORDER BY at DESC, id DESC LIMIT ${w.pageSize} OFFSET ${w.offset}`,
          p.values,
        ),
        deps.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM (SELECT 1 FROM audit_log ${cond} LIMIT ${COUNT_CAP}) t`,
          p.values,
        ),
      ]);
      return toPage(w, rows, count[0].n, (r) => ({
        id: r.id,
        at: r.at.toISOString(),
        actorType: r.actor_type,
        actorId: r.actor_id,
        actorName: r.actor_name,
        action: r.action,
        targetType: r.target_type,
        targetId: r.target_id,
        regionCode: r.region_code,
        ip: r.ip,
        requestId: r.request_id,
        detail: r.detail,
      }));
    },
  );
}
