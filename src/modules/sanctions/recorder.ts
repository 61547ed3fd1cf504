import type { Db } from '../../db/db.ts';
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

/**
 * Writes checks behind the answer: the hot path only appends to a buffer, flushed every
 * `flushMs` (and when it fills) as multi-row inserts. Feedback and reads flush first, so a check
 * is always there by the time anyone can refer to it; `close` flushes what is left.
 */
export class CheckRecorder {
  private buffer: CheckRow[] = [];
  private writing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null;

  constructor(
    private readonly db: Db,
    private readonly onError: (err: Error) => void,
    flushMs = 200,
  ) {
    this.timer = setInterval(() => void this.flush(), flushMs);
    this.timer.unref();
  }

  add(row: CheckRow): void {
    this.buffer.push(row);
    if (this.buffer.length >= FLUSH_ROWS) void this.flush();
  }

  /** Resolves once every check added so far is committed. */
  flush(): Promise<void> {
    const rows = this.buffer;
    this.buffer = [];
    this.writing = this.writing.then(async () => {
      if (!rows.length) return;
      try {
        await this.write(rows);
      } catch (err) {
        // Kept for the next flush rather than lost (e.g. the database was briefly unreachable).
        this.buffer.unshift(...rows);
        this.onError(err as Error);
      }
    });
    return this.writing;
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
