import fs from 'node:fs';
import type { AppDeps } from '../../app-deps.ts';
import { SqlParams } from '../../db/sql.ts';
import { pageWindow, toPage } from '../../http/schemas.ts';
import { Errors } from '../../shared/errors.ts';
import { recordAudit } from '../audit/audit.ts';
import { regionGuard } from '../identity/scope.ts';
import { type RequestContext, requirePermission, type Viewer } from '../identity/viewer.ts';
import { csvLine, formatRowErrors } from './files/error-report.ts';
import { type OpenedTable, openTable, TableFileError } from './files/table.ts';
import {
  finishBatch,
  type IntakeChannel,
  type IntakeTarget,
  ingestChunk,
  openBatch,
  prepareChunk,
  prepareIntake,
  type RowResult,
  type SubmittedRow,
  writeChunk,
} from './intake.ts';
import { columnFields, fieldForName, type RecordError } from './normalize.ts';

/** Rows per transaction for file imports: large enough for bulk SQL, small enough to keep memory flat. */
export const FILE_CHUNK_ROWS = 2500;
/** Chunks written concurrently on PostgreSQL. */
const IMPORT_WRITERS = 2;

/**
 * Concurrent chunks repeating a natural key can deadlock or conflict; the loser was rolled back
 * whole, so writing it again is safe.
 */
async function writeRetrying(...args: Parameters<typeof writeChunk>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await writeChunk(...args);
      return;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (attempt >= 3 || (code !== '40P01' && code !== '40001')) throw err;
    }
  }
}
export const API_MAX_RECORDS = 1000;

function departmentOf(viewer: Viewer): number {
  if (viewer.departmentId === null)
    throw Errors.invalid('DEPARTMENT_REQUIRED', '报送须以部门身份进行：该账号未归属任何部门', 'department');
  return viewer.departmentId;
}

/** (a) API: one call, one batch, one transaction, results in order. */
export async function submitRecords(
  deps: AppDeps,
  itemCode: string,
  records: Record<string, unknown>[],
  ctx: RequestContext,
) {
  requirePermission(ctx.viewer, 'intake:submit');
  const target = await prepareIntake(deps, itemCode, departmentOf(ctx.viewer));
  const batchId = await openBatch(deps.db, target, 'API', ctx);
  try {
    const results = await ingestChunk(
      deps,
      target,
      records.map((raw, index) => ({ index, raw })),
      ctx,
      { batchId },
    );
    await finishBatch(deps.db, batchId);
    return { batchId, results };
  } catch (err) {
    await finishBatch(deps.db, batchId, { failed: { code: 'INTERNAL', message: '处理失败，已回滚' } });
    throw err;
  }
}

/** Checks a file's header row against the item before anything is stored. */
export function checkHeaders(target: IntakeTarget, headers: string[]): void {
  const unknown = headers.filter((h) => h !== '' && fieldForName(target.compiled, h) === undefined);
  if (unknown.length)
    throw Errors.invalid(
      'FILE_UNKNOWN_COLUMN',
      `文件表头中有信息项"${target.item.name}"不认识的列：${unknown.join('、')}（请使用字段代码或中文名称）`,
      'file',
    );
  const seen = new Map<string, string>();
  for (const h of headers) {
    const f = h ? fieldForName(target.compiled, h) : null;
    if (!f) continue;
    const other = seen.get(f.code);
    if (other)
      throw Errors.invalid('FILE_DUPLICATE_COLUMN', `列"${other}"与"${h}"是同一字段 ${f.code}`, 'file');
    seen.set(f.code, h);
  }
}

/**
 * A file row for the pipeline: validated from its cells; the object by header (`raw`) is made only
 * when asked for, which is for the few rows that go to the quarantine.
 */
function fileRow(
  headers: string[],
  row: { rowNumber: number; cells: string[]; extraCells?: string[] },
): SubmittedRow {
  return {
    index: row.rowNumber,
    cells: row.cells,
    extraCells: row.extraCells,
    get raw() {
      return rowObject(headers, row.cells);
    },
  };
}

function rowObject(headers: string[], cells: string[]): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  headers.forEach((h, i) => {
    if (h !== '') raw[h] = cells[i] ?? '';
  });
  return raw;
}

export interface ImportProgress {
  batchId: number;
  rows: number;
  bytesRead: number;
  totalBytes: number;
}

/** Opens a file, checks its header and registers the batch; the rows are read by `runImport`. */
export async function beginImport(
  deps: AppDeps,
  opts: { itemCode: string; departmentId: number; path: string; fileName: string; channel: IntakeChannel },
  ctx: RequestContext,
) {
  const target = await prepareIntake(deps, opts.itemCode, opts.departmentId);
  let table: OpenedTable;
  try {
    table = await openTable(opts.path);
  } catch (err) {
    if (err instanceof TableFileError) throw Errors.invalid(err.code, err.message, 'file');
    throw err;
  }
  try {
    checkHeaders(target, table.headers);
  } catch (err) {
    await table.close();
    throw err;
  }
  const batchId = await openBatch(deps.db, target, opts.channel, ctx, {
    name: opts.fileName,
    encoding: table.encoding,
    headers: table.headers,
    bytes: table.totalBytes,
  });
  return { target, table, batchId };
}

/** Streams the rows through the pipeline chunk by chunk; memory stays flat whatever the file size. */
export async function runImport(
  deps: AppDeps,
  job: { target: IntakeTarget; table: OpenedTable; batchId: number },
  ctx: RequestContext,
  onProgress?: (p: ImportProgress) => void,
): Promise<void> {
  const { target, table, batchId } = job;
  const columns = columnFields(target.compiled, table.headers);
  let rows = 0;
  let bytesDone = 0;
  let chunk: SubmittedRow[] = [];
  // While the database writes, the next chunk is read and validated; on PostgreSQL two chunks are
  // written at once (each in its own transaction) so the server can use a second core.
  const window = deps.db.kind === 'postgres' ? IMPORT_WRITERS : 1;
  const writing: Promise<void>[] = [];
  const flush = async () => {
    if (!chunk.length) return;
    const prepared = prepareChunk(deps, target, chunk, columns);
    const bytesRead = table.bytesRead();
    chunk = [];
    while (writing.length >= window) await writing.shift();
    const write = writeRetrying(deps, target, prepared, ctx, { batchId, bytesRead, bulk: true }).then(() => {
      rows += prepared.rows.length;
      bytesDone = Math.max(bytesDone, bytesRead);
      onProgress?.({ batchId, rows, bytesRead: bytesDone, totalBytes: table.totalBytes });
    });
    // Marked handled now; a failure still surfaces when this write is awaited.
    write.catch(() => {});
    writing.push(write);
  };
  try {
    for await (const row of table.rows) {
      chunk.push(fileRow(table.headers, row));
      if (chunk.length >= FILE_CHUNK_ROWS) await flush();
    }
    await flush();
    while (writing.length) await writing.shift();
    await finishBatch(deps.db, batchId);
  } catch (err) {
    // Committed chunks stay; re-importing the same file is idempotent, so the rest can simply be resent.
    const failed =
      err instanceof TableFileError
        ? { code: err.code, message: err.message } // the reader's message already names the row
        : { code: 'IMPORT_FAILED', message: `导入中断：${(err as Error).message}` };
    await finishBatch(deps.db, batchId, { failed });
    if (!(err instanceof TableFileError)) throw err;
  } finally {
    await table.close();
  }
}

/** A batch left RUNNING by a stopped process is marked failed at start-up; its committed rows stay. */
export async function failInterruptedBatches(deps: AppDeps): Promise<number> {
  const rows = await deps.db.query<{ id: number }>(
    `UPDATE intake_batches SET status = 'FAILED', error_code = 'INTERRUPTED',
       error_message = '服务重启，导入中断；已入库的行保留，可重新上传同一文件（幂等）', finished_at = now()
     WHERE status = 'RUNNING' RETURNING id`,
  );
  return rows.length;
}

// ---- batches ----

interface BatchRow {
  id: number;
  item_code: string;
  department_id: number;
  department_name: string;
  channel: string;
  file_name: string | null;
  encoding: string | null;
  status: 'RUNNING' | 'DONE' | 'FAILED';
  total: number;
  accepted: number;
  updated: number;
  duplicate: number;
  rejected: number;
  bytes_total: number | null;
  bytes_read: number;
  error_code: string | null;
  error_message: string | null;
  created_at: Date;
  finished_at: Date | null;
  open_quarantine: number;
}

const BATCH_COLUMNS = `b.id, b.item_code, b.department_id, d.name AS department_name, b.channel, b.file_name, b.encoding,
  b.status, b.total, b.accepted, b.updated, b.duplicate, b.rejected, b.bytes_total, b.bytes_read, b.error_code,
  b.error_message, b.created_at, b.finished_at,
  (SELECT count(*)::int FROM quarantine_rows qr WHERE qr.batch_id = b.id AND qr.status = 'OPEN') AS open_quarantine`;

function presentBatch(b: BatchRow) {
  return {
    id: b.id,
    item: b.item_code,
    departmentId: b.department_id,
    departmentName: b.department_name,
    channel: b.channel,
    fileName: b.file_name,
    encoding: b.encoding,
    status: b.status,
    total: b.total,
    accepted: b.accepted,
    updated: b.updated,
    duplicate: b.duplicate,
    rejected: b.rejected,
    openQuarantine: b.open_quarantine,
    progress: b.bytes_total ? Math.min(1, b.bytes_read / b.bytes_total) : b.status === 'RUNNING' ? 0 : 1,
    errorCode: b.error_code,
    errorMessage: b.error_message,
    createdAt: b.created_at.toISOString(),
    finishedAt: b.finished_at ? b.finished_at.toISOString() : null,
  };
}

/** Intake data is scoped by the submitting department's region. */
function intakeViewer(viewer: Viewer) {
  if (!viewer.permissions.has('intake:submit') && !viewer.permissions.has('intake:stats'))
    requirePermission(viewer, 'intake:submit');
}

export async function listBatches(
  deps: AppDeps,
  query: { item?: string; status?: string; page?: number; pageSize?: number },
  viewer: Viewer,
) {
  intakeViewer(viewer);
  const p = new SqlParams();
  const where = [regionGuard(viewer, 'd.region_code', p)];
  if (query.item) where.push(`b.item_code = ${p.add(query.item)}`);
  if (query.status) where.push(`b.status = ${p.add(query.status)}`);
  const w = pageWindow(query);
  const base = `FROM intake_batches b JOIN departments d ON d.id = b.department_id WHERE ${where.join(' AND ')}`;
  const total = (await deps.db.query<{ n: number }>(`SELECT count(*)::int AS n ${base}`, p.values))[0].n;
  const rows = await deps.db.query<BatchRow>(
    `SELECT ${BATCH_COLUMNS} ${base} ORDER BY b.id DESC LIMIT ${p.add(w.pageSize)} OFFSET ${p.add(w.offset)}`,
    p.values,
  );
  return toPage(w, rows, total, presentBatch);
}

async function findBatch(deps: AppDeps, id: number, viewer: Viewer) {
  intakeViewer(viewer);
  const p = new SqlParams();
  const rows = await deps.db.query<BatchRow & { in_scope: boolean; headers: string[] | null }>(
    `SELECT ${BATCH_COLUMNS}, b.headers, (${regionGuard(viewer, 'd.region_code', p)}) AS in_scope
     FROM intake_batches b JOIN departments d ON d.id = b.department_id WHERE b.id = ${p.add(id)}`,
    p.values,
  );
  const b = rows[0];
  if (!b) throw Errors.notFound('BATCH_NOT_FOUND', `报送批次不存在：${id}`);
  if (!b.in_scope) throw Errors.outOfScope();
  return b;
}

export async function getBatch(deps: AppDeps, id: number, viewer: Viewer) {
  return presentBatch(await findBatch(deps, id, viewer));
}

/**
 * The downloadable error report: the batch's rejected rows as submitted plus an 错误 column, as CSV
 * with a BOM so Excel opens it. It holds identity numbers as submitted, so the download is audited.
 */
export async function* errorReport(deps: AppDeps, id: number, ctx: RequestContext): AsyncGenerator<string> {
  const b = await findBatch(deps, id, ctx.viewer);
  await recordAudit(deps.db, ctx, {
    action: 'intake.error-report',
    targetType: 'intake_batch',
    targetId: id,
    detail: { rejected: b.rejected },
  });
  let headers: string[] = b.headers ?? [];
  const pageSize = 1000;
  let after = 0;
  let first = true;
  for (;;) {
    const rows = await deps.db.query<{
      id: number;
      row_number: number;
      raw_sealed: Buffer;
      errors: ErrorList;
    }>(
      `SELECT id, row_number, raw_sealed, errors FROM quarantine_rows WHERE batch_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
      [id, after, pageSize],
    );
    const decoded = rows.map((r) => ({
      ...r,
      raw: JSON.parse(deps.vault.decrypt(r.raw_sealed)) as Record<string, unknown>,
    }));
    if (first) {
      // API batches have no header row: use the keys of the submitted records.
      if (!b.headers) headers = [...new Set(decoded.flatMap((r) => Object.keys(r.raw)))];
      yield `\uFEFF${csvLine(['行号', ...headers, '错误'])}`;
      first = false;
    }
    if (!rows.length) return;
    for (const r of decoded)
      yield csvLine([
        String(r.row_number),
        ...headers.map((h) => (r.raw[h] == null ? '' : String(r.raw[h]))),
        formatRowErrors(r.errors),
      ]);
    after = rows[rows.length - 1].id;
  }
}

type ErrorList = RecordError[];

// ---- quarantine ----

interface QuarantineRow {
  id: number;
  batch_id: number;
  item_code: string;
  department_id: number;
  department_name: string;
  row_number: number;
  raw_preview: Record<string, unknown>;
  raw_sealed: Buffer;
  errors: ErrorList;
  status: 'OPEN' | 'RESOLVED' | 'DISCARDED';
  record_public_id: string | null;
  resolved_by: string | null;
  resolved_at: Date | null;
  created_at: Date;
}

function presentQuarantine(r: QuarantineRow, raw?: Record<string, unknown>) {
  return {
    id: r.id,
    batchId: r.batch_id,
    item: r.item_code,
    departmentId: r.department_id,
    departmentName: r.department_name,
    rowNumber: r.row_number,
    row: raw ?? r.raw_preview,
    errors: r.errors,
    status: r.status,
    recordId: r.record_public_id,
    resolvedBy: r.resolved_by,
    resolvedAt: r.resolved_at ? r.resolved_at.toISOString() : null,
    createdAt: r.created_at.toISOString(),
  };
}

const QUARANTINE_FROM = `FROM quarantine_rows q JOIN departments d ON d.id = q.department_id
  LEFT JOIN credit_records cr ON cr.id = q.record_id`;
const QUARANTINE_COLUMNS = `q.id, q.batch_id, q.item_code, q.department_id, d.name AS department_name, q.row_number,
  q.raw_preview, q.raw_sealed, q.errors, q.status, cr.public_id AS record_public_id, q.resolved_by, q.resolved_at, q.created_at`;

export async function listQuarantine(
  deps: AppDeps,
  query: { batch?: number; item?: string; status?: string; code?: string; page?: number; pageSize?: number },
  viewer: Viewer,
) {
  requirePermission(viewer, 'intake:submit');
  const p = new SqlParams();
  const where = [regionGuard(viewer, 'd.region_code', p)];
  if (query.batch) where.push(`q.batch_id = ${p.add(query.batch)}`);
  if (query.item) where.push(`q.item_code = ${p.add(query.item)}`);
  where.push(`q.status = ${p.add(query.status ?? 'OPEN')}`);
  if (query.code) where.push(`q.errors @> ${p.add(JSON.stringify([{ code: query.code }]))}::jsonb`);
  const w = pageWindow(query);
  const total = (
    await deps.db.query<{ n: number }>(
      `SELECT count(*)::int AS n ${QUARANTINE_FROM} WHERE ${where.join(' AND ')}`,
      p.values,
    )
  )[0].n;
  const rows = await deps.db.query<QuarantineRow>(
    `SELECT ${QUARANTINE_COLUMNS} ${QUARANTINE_FROM} WHERE ${where.join(' AND ')}
     ORDER BY q.id LIMIT ${p.add(w.pageSize)} OFFSET ${p.add(w.offset)}`,
    p.values,
  );
  return toPage(w, rows, total, (r) => presentQuarantine(r));
}

async function findQuarantine(deps: AppDeps, id: number, viewer: Viewer) {
  requirePermission(viewer, 'intake:submit');
  const p = new SqlParams();
  const rows = await deps.db.query<QuarantineRow & { in_scope: boolean }>(
    `SELECT ${QUARANTINE_COLUMNS}, (${regionGuard(viewer, 'd.region_code', p)}) AS in_scope
     ${QUARANTINE_FROM} WHERE q.id = ${p.add(id)}`,
    p.values,
  );
  const r = rows[0];
  if (!r) throw Errors.notFound('QUARANTINE_ROW_NOT_FOUND', `待纠错记录不存在：${id}`);
  if (!r.in_scope) throw Errors.outOfScope();
  return r;
}

/** The row as submitted, for correcting it: restricted data, so the read is audited. */
export async function getQuarantineRow(deps: AppDeps, id: number, ctx: RequestContext) {
  const r = await findQuarantine(deps, id, ctx.viewer);
  await recordAudit(deps.db, ctx, { action: 'quarantine.read', targetType: 'quarantine_row', targetId: id });
  return presentQuarantine(r, JSON.parse(deps.vault.decrypt(r.raw_sealed)));
}

/** A corrected row re-enters the pipeline; it leaves the quarantine only once it gets in. */
export async function correctQuarantineRow(
  deps: AppDeps,
  id: number,
  record: Record<string, unknown>,
  ctx: RequestContext,
): Promise<{ result: RowResult; row: ReturnType<typeof presentQuarantine> }> {
  const r = await findQuarantine(deps, id, ctx.viewer);
  if (r.status !== 'OPEN') throw Errors.conflict('QUARANTINE_ROW_CLOSED', '该记录已处理，不能再次更正', 'id');
  const target = await prepareIntake(deps, r.item_code, r.department_id);
  const [result] = await ingestChunk(deps, target, [{ index: r.row_number, raw: record }], ctx, {
    batchId: r.batch_id,
    correctionOf: id,
  });
  const after = await findQuarantine(deps, id, ctx.viewer);
  return { result, row: presentQuarantine(after, JSON.parse(deps.vault.decrypt(after.raw_sealed))) };
}

export async function discardQuarantineRow(deps: AppDeps, id: number, reason: string, ctx: RequestContext) {
  const r = await findQuarantine(deps, id, ctx.viewer);
  if (r.status !== 'OPEN') throw Errors.conflict('QUARANTINE_ROW_CLOSED', '该记录已处理', 'id');
  await deps.db.transaction(async (tx) => {
    await tx.query(
      `UPDATE quarantine_rows SET status = 'DISCARDED', resolved_by = $2, resolved_at = now() WHERE id = $1`,
      [id, ctx.viewer.name],
    );
    await recordAudit(tx, ctx, {
      action: 'quarantine.discard',
      targetType: 'quarantine_row',
      targetId: id,
      detail: { reason },
    });
  });
  return presentQuarantine(await findQuarantine(deps, id, ctx.viewer));
}

export function removeQuietly(path: string): void {
  fs.rm(path, { force: true }, () => {});
}

const running = new Set<Promise<void>>();

/** Runs an upload's import after the 202 answer; the temporary file goes when it ends. */
export function runInBackground(
  deps: AppDeps,
  job: Awaited<ReturnType<typeof beginImport>>,
  ctx: RequestContext,
  file: string,
  log: { error(obj: object, msg: string): void },
): void {
  const task = runImport(deps, job, ctx)
    .catch((err: Error) => log.error({ batchId: job.batchId, err: err.message }, 'file import failed'))
    .finally(() => {
      removeQuietly(file);
      running.delete(task);
    });
  running.add(task);
}

/** Lets shutdown (and tests) wait for imports in progress. */
export async function waitForImports(): Promise<void> {
  while (running.size) await Promise.allSettled([...running]);
}
