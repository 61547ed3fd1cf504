import type { Db } from '../../db/db.ts';
import { AppError } from '../../shared/errors.ts';
import type { Hit } from './hits.ts';

export interface CheckRow {
  checkId: string;
  checkedAt: Date;
  clientKind: string;
  clientId: string | null;
  clientName: string;
  departmentId: number | null;
  regionCode: string | null;
  subjectKey: string;
  subjectId: number | null;
  matter: string;
  reference: string | null;
  result: 'CLEAR' | 'HIT';
  hits: Hit[];
}

const FLUSH_ROWS = 1_000;
/** Checks waiting to be stored before new checks are refused (the database is down or too slow). */
const BACKLOG_LIMIT = 100_000;

/**
 * Whether writing again later may succeed: the connection, the server's resources or a conflict
 * (SQLSTATE classes 08, 53, 57, 40; socket errors). A refused value (22…, 23…) fails every time.
 */
export function isTransient(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string') return true; // e.g. "Connection terminated unexpectedly"
  if (/^[0-9A-Z]{5}$/.test(code)) return /^(08|53|57|40)/.test(code);
  return true; // ECONNREFUSED, ECONNRESET, ETIMEDOUT, EPIPE, …
}

/**
 * Writes checks behind the answer: the hot path only appends to a buffer, flushed every
 * `flushMs` (and when it fills) as multi-row inserts. Feedback and reads flush first, so a check
 * is always there by the time anyone can refer to it; `close` flushes what is left.
 *
 * Every answered check is stored: a batch that fails for a transient reason is kept for the next
 * flush, and while `backlogLimit` checks wait, new checks are refused (`admit`) rather than
 * answered unrecorded. A batch the database refuses is split until the refused rows are alone;
 * those go to `check_write_failures`, so one bad value cannot block the checks after it.
 */
export class CheckRecorder {
  private buffer: CheckRow[] = [];
  private writing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null;

  constructor(
    private readonly db: Db,
    private readonly onError: (err: Error) => void,
    flushMs = 200,
    private readonly backlogLimit = BACKLOG_LIMIT,
  ) {
    this.timer = setInterval(() => void this.flush(), flushMs);
    this.timer.unref();
  }

  /** Refuses `count` new checks while the backlog is full (HTTP 503, the caller retries later). */
  admit(count = 1): void {
    if (this.buffer.length + count > this.backlogLimit)
      throw new AppError(503, 'CHECK_RECORDER_BACKLOG', '比对记录暂时无法写入数据库，请稍后重试', null, {
        'retry-after': '5',
      });
  }

  add(row: CheckRow): void {
    this.buffer.push(row);
    if (this.buffer.length >= FLUSH_ROWS) void this.flush();
  }

  /** Checks added and not yet stored (or set aside). */
  get backlog(): number {
    return this.buffer.length;
  }

  /** Resolves once every check added so far is committed (or, refused, set aside). */
  flush(): Promise<void> {
    const rows = this.buffer;
    this.buffer = [];
    this.writing = this.writing.then(async () => {
      if (!rows.length) return;
      const retry = await this.store(rows);
      // Kept for the next flush rather than lost (e.g. the database was briefly unreachable).
      if (retry.length) this.buffer.unshift(...retry);
    });
    return this.writing;
  }

  /** Writes `rows`, halving a refused batch; returns the rows to try again later. */
  private async store(rows: CheckRow[]): Promise<CheckRow[]> {
    try {
      await this.write(rows);
      return [];
    } catch (err) {
      this.onError(err as Error);
      if (isTransient(err)) return rows;
      if (rows.length === 1) return (await this.setAside(rows[0], err as Error)) ? [] : rows;
      const half = rows.length >> 1;
      return [...(await this.store(rows.slice(0, half))), ...(await this.store(rows.slice(half)))];
    }
  }

  private async setAside(row: CheckRow, err: Error): Promise<boolean> {
    try {
      await this.db.query(
        `INSERT INTO check_write_failures (check_id, checked_at, row_json, error_code, error_message)
         VALUES ($1, $2, $3, $4, $5)`,
        [
          row.checkId,
          row.checkedAt,
          Buffer.from(JSON.stringify(row)),
          (err as { code?: string }).code ?? null,
          err.message,
        ],
      );
      return true;
    } catch (again) {
      this.onError(again as Error);
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }

  private async write(rows: CheckRow[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      const ids = await tx.query<{ id: string; check_id: string }>(
        `INSERT INTO checks (check_id, checked_at, client_kind, client_id, client_name, department_id, region_code,
           subject_key, subject_id, matter, reference, result, hits)
         SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[],
           $8::text[], $9::bigint[], $10::text[], $11::text[], $12::text[], $13::jsonb[])
         RETURNING id, check_id`,
        [
          rows.map((r) => r.checkId),
          rows.map((r) => r.checkedAt),
          rows.map((r) => r.clientKind),
          rows.map((r) => r.clientId),
          rows.map((r) => r.clientName),
          rows.map((r) => r.departmentId),
          rows.map((r) => r.regionCode),
          rows.map((r) => r.subjectKey),
          rows.map((r) => r.subjectId),
          rows.map((r) => r.matter),
          rows.map((r) => r.reference),
          rows.map((r) => r.result),
          rows.map((r) => JSON.stringify(r.hits.map(({ departmentId: _, ...h }) => h))),
        ],
      );
      const idOf = new Map(ids.map((r) => [r.check_id, r.id]));
      const hits = rows.flatMap((r) =>
        // One row per entry and measure (a person can be hit twice by one measure through two organisations).
        [...new Map(r.hits.map((h) => [`${h.entryId}/${h.measureCode}`, h])).values()].map((h) => ({
          check: idOf.get(r.checkId)!,
          h,
        })),
      );
      if (hits.length)
        await tx.query(
          `INSERT INTO check_hits (check_id, entry_id, list_type, measure_code, action, deciding_department_id)
           SELECT c, e.id, l, m, a, d FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[])
             AS u(c, pid, l, m, a, d) JOIN list_entries e ON e.public_id = u.pid`,
          [
            hits.map((x) => x.check),
            hits.map((x) => x.h.entryId),
            hits.map((x) => x.h.listType),
            hits.map((x) => x.h.measureCode),
            hits.map((x) => x.h.action),
            hits.map((x) => x.h.departmentId),
          ],
        );
    });
  }
}
