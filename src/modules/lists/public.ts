// The portal's lists: entries in force only, individuals masked.
import type { AppDeps } from '../../app-deps.ts';
import { type PageParams, pageWindow, toPage } from '../../http/schemas.ts';
import { shanghaiDate } from '../../shared/clock.ts';
import { Errors } from '../../shared/errors.ts';
import { presentListSubject } from './entries.ts';
import * as repo from './repository.ts';
import { inForce, LIST_TYPES, type ListType } from './rules.ts';

function present(r: repo.EntryRow) {
  return {
    entryId: r.public_id,
    listType: r.list_type,
    listTypeName: LIST_TYPES[r.list_type].name,
    subject: presentListSubject(r),
    decidedBy: r.decided_by_name,
    decisionNo: r.decision_no,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    reason: r.reason,
  };
}

export async function publicEntries(deps: AppDeps, listType: ListType, q: { q?: string } & PageParams) {
  const w = pageWindow(q);
  const today = shanghaiDate(deps.clock.now());
  const { rows, total } = await repo.listPublicEntries(
    deps.db,
    listType,
    today,
    q.q?.trim() || undefined,
    w.pageSize,
    w.offset,
  );
  return toPage(w, rows, total, present);
}

export async function publicEntry(deps: AppDeps, entryId: string) {
  const r = await repo.findEntry(deps.db, entryId);
  const today = shanghaiDate(deps.clock.now());
  if (!r || !LIST_TYPES[r.list_type].public || !inForce(r, today))
    throw Errors.notFound('LIST_ENTRY_NOT_FOUND', `名单条目不存在或不在公示期内：${entryId}`);
  const measures = await repo.measuresFor(deps.db, r.list_type, r.subject_type);
  return {
    ...present(r),
    basis: r.basis,
    measures: measures.map((m) => ({ code: m.code, name: m.name, action: m.action })),
  };
}
