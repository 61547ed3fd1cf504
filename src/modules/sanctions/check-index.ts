// The check hot path's memory (ARCHITECTURE "Hot paths"): the subjects with list entries and the
// measures in force, per process, kept current by polling committed list changes; and a compact
// directory of every subject key with its evaluation grade (kept current by polling grade changes),
// so that a clean subject costs no database round trip.
import crypto from 'node:crypto';
import type { Db, Queryable } from '../../db/db.ts';
import { maskName } from '../../shared/mask.ts';
import { maskIdentityNumber } from '../identifiers/ric.ts';
import { activeMeasures } from '../lists/measures.ts';
import type { IndexedEntry, IndexedMeasure, SubjectState } from './hits.ts';

/** A subject's key in the index: its USCC, or `H` + the keyed hash of its identity number. */
export type SubjectKey = string;

interface StateRow {
  subject_id: string;
  public_id: string;
  type: string;
  name: string;
  uscc: string | null;
  id_hash: string | null;
  id_masked: string | null;
}

interface EntryRow {
  subject_id: string;
  entry_id: string;
  list_type: string;
  valid_from: string;
  valid_to: string;
  decided_by_name: string;
  department_id: number | null;
  via_org: string | null;
  org_code: string | null;
  org_name: string | null;
}

const keyOf = (r: { uscc: string | null; id_hash: string | null }): SubjectKey | null =>
  r.uscc ?? (r.id_hash ? `H${r.id_hash}` : null);

/** 61 bits of SHA-1 of the key; collisions only ever turn "unknown" into "known". */
const fingerprint = (key: string): bigint => crypto.hash('sha1', key, 'buffer').readBigUInt64BE(0) >> 3n;

/** How often the directory of subject keys and grades is read again. */
const DIRECTORY_RELOAD_MS = 10 * 60_000;

/** Grade changes followed row by row per poll at most, and how far below the last one a poll looks again. */
const GRADE_POLL_ROWS = 5_000;
const GRADE_WINDOW = 200;

const GRADE_CODES: Record<string, bigint> = { A: 1n, B: 2n, C: 3n, D: 4n };
const GRADES = [null, 'A', 'B', 'C', 'D'] as const;

/**
 * Every subject key, as sorted 64-bit words: a 61-bit fingerprint above 3 bits of evaluation grade
 * (8 MB per million subjects). Sorting the words sorts the fingerprints, so lookup is a binary
 * search; the grade comes with it, as context for the check answer.
 */
class KnownSubjects {
  private sorted: BigUint64Array | null = null;

  get ready(): boolean {
    return this.sorted !== null;
  }

  /**
   * Reads every subject and its grade. Answers the last evaluation history id before the read:
   * grade changes after it are applied again by `setGrade` (applying one twice changes nothing).
   */
  async load(db: Db): Promise<number> {
    const [{ last }] = await db.query<{ last: string | null }>(
      'SELECT max(id) AS last FROM evaluation_history',
    );
    const parts: bigint[] = [];
    let after = 0;
    for (;;) {
      const rows = await db.query<{
        id: string;
        uscc: string | null;
        id_hash: string | null;
        grade: string | null;
      }>(
        `SELECT s.id, s.uscc, encode(s.id_number_hash, 'hex') AS id_hash, e.grade FROM subjects s
         LEFT JOIN subject_evaluations e ON e.subject_id = s.id WHERE s.id > $1 ORDER BY s.id LIMIT 50000`,
        [after],
      );
      if (!rows.length) break;
      for (const r of rows) {
        const key = keyOf(r);
        if (key) parts.push((fingerprint(key) << 3n) | (GRADE_CODES[r.grade ?? ''] ?? 0n));
      }
      after = Number(rows[rows.length - 1].id);
    }
    const sorted = BigUint64Array.from(parts);
    sorted.sort();
    this.sorted = sorted;
    return Number(last ?? 0);
  }

  /** A new grade for a subject in the directory (one registered since is found on the next load). */
  setGrade(key: string, grade: string | null): void {
    const i = this.indexOf(fingerprint(key));
    if (i >= 0 && this.sorted) this.sorted[i] = (this.sorted[i] & ~7n) | (GRADE_CODES[grade ?? ''] ?? 0n);
  }

  /**
   * Known: `{grade}` (null when not graded); null if not loaded or not found (a subject registered
   * since: ask the database).
   */
  find(key: string): { grade: 'A' | 'B' | 'C' | 'D' | null } | null {
    const i = this.indexOf(fingerprint(key));
    return i >= 0 && this.sorted ? { grade: GRADES[Number(this.sorted[i] & 7n)] } : null;
  }

  private indexOf(f: bigint): number {
    const a = this.sorted;
    if (!a) return -1;
    let lo = 0;
    let hi = a.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = a[mid] >> 3n;
      if (v === f) return mid;
      if (v < f) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

export class CheckIndex {
  private states = new Map<SubjectKey, SubjectState>();
  private byMatter = new Map<string, IndexedMeasure[]>();
  private keyById = new Map<number, SubjectKey>();
  readonly known = new KnownSubjects();
  private lastChange = 0;
  private readonly seen = new Set<number>();
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;

  private constructor(
    private readonly db: Db,
    private readonly onError: (err: Error) => void,
  ) {}

  static async open(db: Db, pollMs: number, onError: (err: Error) => void): Promise<CheckIndex> {
    const index = new CheckIndex(db, onError);
    await index.rebuild();
    index.loadDirectory();
    if (pollMs > 0) {
      index.timer = setInterval(() => void index.poll().catch(onError), pollMs);
      index.timer.unref();
      // New subjects are found through the database meanwhile (their grade shows after the next load).
      index.directoryTimer = setInterval(() => index.loadDirectory(), DIRECTORY_RELOAD_MS);
      index.directoryTimer.unref();
    }
    return index;
  }
  private directoryTimer: NodeJS.Timeout | null = null;

  /** Loads the directory of all subjects in the background; until then "known" asks the database. */
  loadDirectory(): void {
    this.loadingDirectory = this.known
      .load(this.db)
      .then((last) => {
        // Changes from the load's start on go onto the new directory, those applied meanwhile included.
        this.lastGrade = last;
        this.seenGrades.clear();
      })
      .catch(this.onError);
  }

  /** Evaluation history id up to which grade changes are in the directory. */
  private lastGrade = 0;
  private readonly seenGrades = new Set<number>();
  private loadingDirectory: Promise<void> = Promise.resolve();

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.directoryTimer) clearInterval(this.directoryTimer);
    this.timer = null;
    this.directoryTimer = null;
    await this.polling;
    await this.loadingDirectory;
  }

  get(key: SubjectKey): SubjectState | undefined {
    return this.states.get(key);
  }

  measuresFor(matter: string): readonly IndexedMeasure[] | undefined {
    return this.byMatter.get(matter);
  }

  get size(): number {
    return this.states.size;
  }

  /** Everything from scratch: at start, and when measures change. */
  async rebuild(): Promise<void> {
    const [{ last }] = await this.db.query<{ last: string | null }>(
      'SELECT max(id) AS last FROM list_changes',
    );
    await this.loadMeasures();
    const states = await loadStates(this.db, null);
    this.states = new Map(states.map((s) => [s.key, s.state]));
    this.keyById = new Map(states.map((s) => [s.state.subjectId, s.key]));
    this.lastChange = Number(last ?? 0);
    this.seen.clear();
  }

  private async loadMeasures() {
    const matters = await this.db.query<{ code: string }>('SELECT code FROM matters');
    const byMatter = new Map<string, IndexedMeasure[]>(matters.map((m) => [m.code, []]));
    for (const m of await activeMeasures(this.db)) {
      const indexed: IndexedMeasure = {
        code: m.code,
        name: m.name,
        action: m.action,
        legalBasis: m.legalBasis,
        listTypes: new Set(m.listTypes),
        subjectTypes: new Set(m.subjectTypes),
        extendsToResponsible: m.extendsToResponsible,
      };
      for (const matter of m.matters) byMatter.get(matter)?.push(indexed);
    }
    this.byMatter = byMatter;
  }

  /** Applies committed list changes and grade changes since the last poll; concurrent calls share one run. */
  poll(): Promise<void> {
    this.polling ??= this.applyChanges()
      .then(() => this.applyGradeChanges())
      .finally(() => {
        this.polling = null;
      });
    return this.polling;
  }

  /**
   * Grade changes (evaluation history rows) since the last poll, onto the directory. A poll that finds
   * nothing new costs one primary-key lookup. A full run writes more than a poll takes: those are left
   * to a fresh read of the directory once the run is over. History ids, like list change ids, can become
   * visible out of order: when there is something new, a window below it is read again.
   */
  private async applyGradeChanges(): Promise<void> {
    if (!this.known.ready) return;
    const [{ last }] = await this.db.query<{ last: string | null }>(
      'SELECT max(id) AS last FROM evaluation_history',
    );
    const newest = Number(last ?? 0);
    if (newest - this.lastGrade > GRADE_POLL_ROWS) {
      this.bulkGrades = true;
      this.lastGrade = newest;
      this.seenGrades.clear();
      return;
    }
    if (this.bulkGrades) {
      // The bulk is over: read everyone again (this resets the window).
      this.bulkGrades = false;
      this.loadDirectory();
      return;
    }
    if (newest <= this.lastGrade) return;
    const rows = await this.db.query<{
      id: string;
      uscc: string | null;
      id_hash: string | null;
      grade: string | null;
    }>(
      `SELECT h.id, s.uscc, encode(s.id_number_hash, 'hex') AS id_hash, h.grade
       FROM evaluation_history h JOIN subjects s ON s.id = h.subject_id
       WHERE h.id > $1 AND h.id <= $2 ORDER BY h.id`,
      [Math.max(0, this.lastGrade - GRADE_WINDOW), newest],
    );
    for (const r of rows) {
      const id = Number(r.id);
      if (this.seenGrades.has(id)) continue;
      const key = keyOf(r);
      if (key) this.known.setGrade(key, r.grade);
      this.seenGrades.add(id);
      this.lastGrade = Math.max(this.lastGrade, id);
    }
    for (const id of this.seenGrades) if (id <= this.lastGrade - GRADE_WINDOW) this.seenGrades.delete(id);
  }
  private bulkGrades = false;

  /**
   * Change ids are allocated before their transactions commit, so a change can become visible
   * after a higher id: re-read a window below the high-water mark and skip what was applied.
   */
  private async applyChanges(): Promise<void> {
    const from = Math.max(0, this.lastChange - 1000);
    const rows = await this.db.query<{ id: string; subject_id: string | null; kind: string }>(
      'SELECT id, subject_id, kind FROM list_changes WHERE id > $1 ORDER BY id',
      [from],
    );
    const fresh = rows.filter((r) => !this.seen.has(Number(r.id)));
    if (!fresh.length) return;
    if (fresh.some((r) => r.subject_id === null)) await this.loadMeasures();
    const ids = [...new Set(fresh.filter((r) => r.subject_id !== null).map((r) => Number(r.subject_id)))];
    if (ids.length) {
      const states = await loadStates(this.db, ids);
      const found = new Set(states.map((s) => s.state.subjectId));
      for (const id of ids)
        if (!found.has(id)) {
          const key = this.keyById.get(id);
          if (key) this.states.delete(key);
          this.keyById.delete(id);
        }
      for (const s of states) {
        this.states.set(s.key, s.state);
        this.keyById.set(s.state.subjectId, s.key);
      }
    }
    for (const r of fresh) this.seen.add(Number(r.id));
    // No spread: a bulk change (e.g. mirrored lists) can bring more ids than call arguments allow.
    for (const r of fresh) this.lastChange = Math.max(this.lastChange, Number(r.id));
    for (const id of this.seen) if (id <= this.lastChange - 1000) this.seen.delete(id);
  }
}

/**
 * The states of the given subjects (all subjects with published entries when null): their own
 * published entries and those of organisations they are marked with.
 */
async function loadStates(
  q: Queryable,
  subjectIds: number[] | null,
): Promise<{ key: SubjectKey; state: SubjectState }[]> {
  const filter = subjectIds ? 'AND x.subject_id = ANY($1::bigint[])' : '';
  const params = subjectIds ? [subjectIds] : [];
  const entries = await q.query<EntryRow>(
    `SELECT x.subject_id, e.public_id AS entry_id, e.list_type, e.valid_from::text AS valid_from,
       e.valid_to::text AS valid_to, e.decided_by_name, e.department_id, x.via_org, o.uscc AS org_code, o.name AS org_name
     FROM (SELECT id AS entry_id, subject_id, NULL::bigint AS via_org FROM list_entries WHERE status = 'PUBLISHED'
           UNION ALL
           SELECT p.entry_id, p.person_id, e.subject_id FROM list_entry_persons p
           JOIN list_entries e ON e.id = p.entry_id AND e.status = 'PUBLISHED') x
     JOIN list_entries e ON e.id = x.entry_id
     LEFT JOIN subjects o ON o.id = x.via_org
     WHERE true ${filter}`,
    params,
  );
  if (!entries.length) return [];
  const ids = [...new Set(entries.map((e) => Number(e.subject_id)))];
  const subjects = await q.query<StateRow>(
    `SELECT id AS subject_id, public_id, type, name, uscc, encode(id_number_hash, 'hex') AS id_hash,
       id_number_masked AS id_masked FROM subjects WHERE id = ANY($1::bigint[])`,
    [ids],
  );
  const states = new Map<number, { key: SubjectKey; state: SubjectState }>();
  for (const s of subjects) {
    const key = keyOf(s);
    if (!key) continue;
    const person = s.type === 'INDIVIDUAL';
    states.set(Number(s.subject_id), {
      key,
      state: {
        subjectId: Number(s.subject_id),
        publicId: s.public_id,
        type: s.type,
        code: s.uscc ?? s.id_masked ?? '',
        name: person ? maskName(s.name) : s.name,
        own: [],
        asResponsible: [],
      },
    });
  }
  for (const e of entries) {
    const s = states.get(Number(e.subject_id));
    if (!s) continue;
    const entry: IndexedEntry = {
      entryId: e.entry_id,
      listType: e.list_type,
      validFrom: e.valid_from,
      validTo: e.valid_to,
      decidedBy: e.decided_by_name,
      departmentId: e.department_id,
    };
    if (e.via_org === null) s.state.own.push(entry);
    else s.state.asResponsible.push({ entry, org: { code: e.org_code ?? '', name: e.org_name ?? '' } });
  }
  return [...states.values()];
}

/** The code as an answer may show it: identity numbers masked. */
export const maskedCode = (normalized: string, kind: 'USCC' | 'RIC') =>
  kind === 'RIC' ? maskIdentityNumber(normalized) : normalized;
