import crypto from 'node:crypto';
import type { AppDeps } from '../../app-deps.ts';
import { byteaInput, copyRow, textArrayInput } from '../../db/copy.ts';
import type { Queryable } from '../../db/db.ts';
import { shanghaiDate } from '../../shared/clock.ts';
import { Errors } from '../../shared/errors.ts';
import type { PiiVault } from '../../shared/pii.ts';
import { recordAudit } from '../audit/audit.ts';
import type { WorkCalendar } from '../catalog/calendar.ts';
import type { FieldSpec } from '../catalog/catalogue-spec.ts';
import { type CatalogueItem, currentItem, dictionaries, loadCalendar } from '../catalog/service.ts';
import { validateRic } from '../identifiers/ric.ts';
import { validateUscc } from '../identifiers/uscc.ts';
import type { RequestContext } from '../identity/viewer.ts';
import { actorOf, type LedgerEvent } from '../ledger/entry.ts';
import type { NewSubject } from '../subjects/prepare.ts';
import { insertSubjects } from '../subjects/service.ts';
import { ledgerColumns, newRecordChange, type RecordLedgerRow, recordEvent } from './ledger-events.ts';
import {
  type CompiledItem,
  compileItem,
  fieldForName,
  type NormalizedRecord,
  normalizeCells,
  normalizeRecord,
  ownCopy,
  type RecordError,
} from './normalize.ts';
import {
  licencePublicity,
  type Publicity,
  type PublicityPolicy,
  penaltyPublicity,
  periodEnd,
} from './publicity.ts';

/**
 * The one intake pipeline (信用信息归集) behind the API, file uploads, the CLI and quarantine
 * corrections: validate against the catalogue item, register unknown parties as subjects, upsert on
 * the natural key (item, deciding authority, decision number) with history, quarantine what fails —
 * one transaction per chunk, with its audit row.
 */

export type IntakeChannel = 'API' | 'FILE' | 'CLI' | 'CORRECTION';
export type RowStatus = 'accepted' | 'rejected' | 'duplicate' | 'updated';

export interface SubmittedRow {
  /** Index in the API call, or the data-row number in a file. */
  index: number;
  raw: Record<string, unknown>;
  /**
   * When the record was originally received, for history migrated from a predecessor platform
   * (and the demo history); timeliness is measured to this date. Defaults to today.
   */
  receivedOn?: string;
  /** A file row's cells, in the order of the columns given to `prepareChunk` (`raw` holds the same). */
  cells?: string[];
  /** Non-empty cells to the right of the last header: the row is refused (its columns are likely shifted). */
  extraCells?: string[];
}

export interface RowResult {
  index: number;
  status: RowStatus;
  recordId?: string;
  quarantineId?: number;
  errors: RecordError[];
}

/** A registered subject: its row id and the opaque public id the credit log names it by. */
export interface SubjectRef {
  id: number;
  publicId: string;
}

/** Everything a chunk needs, loaded once per call or file. */
export interface IntakeTarget {
  /**
   * Subject ids by party key, kept for one call or file: subjects are never deleted and their ids
   * never change, so a hit is always right, and most rows of a file are about known parties.
   */
  subjectIds: Map<string, SubjectRef>;
  item: CatalogueItem;
  compiled: CompiledItem;
  calendar: WorkCalendar;
  policy: PublicityPolicy;
  lateAfterWorkingDays: number;
  department: { id: number; name: string; regionCode: string };
}

export async function prepareIntake(
  deps: AppDeps,
  itemCode: string,
  departmentId: number,
): Promise<IntakeTarget> {
  const q = deps.db;
  const item = await currentItem(q, itemCode);
  const dept = await q.query<{ id: number; name: string; region_code: string }>(
    'SELECT id, name, region_code FROM departments WHERE id = $1',
    [departmentId],
  );
  if (!dept[0])
    throw Errors.invalid('DEPARTMENT_REQUIRED', '报送须以部门身份进行：该账号未归属任何部门', 'department');
  return {
    subjectIds: new Map(),
    item,
    compiled: compileItem(item, await dictionaries(q)),
    calendar: await loadCalendar(q),
    policy: deps.config.publicity,
    lateAfterWorkingDays: deps.config.intakeLateWorkingDays,
    department: { id: dept[0].id, name: dept[0].name, regionCode: dept[0].region_code },
  };
}

export async function openBatch(
  q: Queryable,
  target: IntakeTarget,
  channel: IntakeChannel,
  ctx: RequestContext,
  file: { name?: string; encoding?: string; headers?: string[]; bytes?: number; receivedOn?: string } = {},
): Promise<number> {
  const rows = await q.query<{ id: number }>(
    `INSERT INTO intake_batches (item_code, department_id, channel, file_name, encoding, headers, bytes_total, actor_type,
       actor_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, COALESCE(($10::date + time '12:00') AT TIME ZONE 'Asia/Shanghai', now()))
     RETURNING id`,
    [
      target.item.code,
      target.department.id,
      channel,
      file.name ?? null,
      file.encoding ?? null,
      file.headers ? JSON.stringify(file.headers) : null,
      file.bytes ?? null,
      ctx.viewer.kind,
      ctx.viewer.id,
      file.receivedOn ?? null,
    ],
  );
  return rows[0].id;
}

export async function finishBatch(
  q: Queryable,
  batchId: number,
  outcome: { failed?: { code: string; message: string } } = {},
): Promise<void> {
  await q.query(
    `UPDATE intake_batches SET status = $2, error_code = $3, error_message = $4, finished_at = now(),
       bytes_read = COALESCE(bytes_total, bytes_read) WHERE id = $1`,
    [
      batchId,
      outcome.failed ? 'FAILED' : 'DONE',
      outcome.failed?.code ?? null,
      outcome.failed?.message ?? null,
    ],
  );
}

/** How a chunk's rows were received: raw rows are stored as submitted for the quarantine. */
export interface ChunkOptions {
  batchId: number;
  /**
   * Bulk file imports commit without waiting for the WAL flush (synchronous_commit off): after a
   * crash the last chunks may be lost — the batch is then marked interrupted and re-importing the
   * file is idempotent — never corrupted. API calls keep full durability: their caller got an answer.
   */
  bulk?: boolean;
  bytesRead?: number;
  /** A correction of a quarantined row: on success the row is resolved instead of re-quarantined. */
  correctionOf?: number;
}

/** A chunk validated and computed in memory, ready to be written (no database work yet). */
export interface PreparedChunk {
  rows: SubmittedRow[];
  checked: { row: SubmittedRow; errors: RecordError[]; stored: StoredRecord | null }[];
}

/**
 * The CPU half of intake: validation, content hashes, publication periods, timeliness. Kept apart
 * from `writeChunk` so a file import can prepare the next chunk while the database writes this one.
 */
export function prepareChunk(
  deps: AppDeps,
  target: IntakeTarget,
  rows: SubmittedRow[],
  /** A file's columns (`columnFields`): rows with `cells` are read from them. */
  columns?: (FieldSpec | null)[] | null,
): PreparedChunk {
  const today = shanghaiDate(deps.clock.now());
  return {
    rows,
    checked: rows.map((row) => {
      const receivedOn = row.receivedOn ?? today;
      const opts = { today: receivedOn, scopeRegion: target.department.regionCode };
      const { record, errors } =
        columns && row.cells
          ? normalizeCells(target.compiled, columns, row.cells, opts)
          : normalizeRecord(target.compiled, row.raw, opts);
      if (row.extraCells?.length) {
        errors.push(extraCellsError(row.extraCells));
        return { row, errors, stored: null };
      }
      return {
        row,
        errors,
        stored: record ? storeRecord(deps.vault, target, record, receivedOn, today) : null,
      };
    }),
  };
}

/**
 * A row with values beyond its header is refused whatever its other cells say: most often an
 * unquoted comma in a name has shifted every column after it, and a shifted row can still pass.
 */
function extraCellsError(extra: string[]): RecordError {
  const shown = extra.join('", "');
  return {
    field: null,
    code: 'EXTRA_CELLS',
    message: `本行在最后一列之后还有 ${extra.length} 个非空单元格（"${shown.length > 60 ? `${shown.slice(0, 60)}…` : shown}"），可能是名称等字段中未加引号的逗号使各列错位，请核对后重新报送`,
  };
}

/** Validates and stores one chunk (≤ a few thousand rows) in one transaction. */
export async function ingestChunk(
  deps: AppDeps,
  target: IntakeTarget,
  rows: SubmittedRow[],
  ctx: RequestContext,
  opts: ChunkOptions,
): Promise<RowResult[]> {
  return writeChunk(deps, target, prepareChunk(deps, target, rows), ctx, opts);
}

export async function writeChunk(
  deps: AppDeps,
  target: IntakeTarget,
  prepared: PreparedChunk,
  ctx: RequestContext,
  opts: ChunkOptions,
): Promise<RowResult[]> {
  const { rows, checked } = prepared;
  let subjectsFound: Map<string, SubjectRef> = new Map();
  const results = await deps.db.transaction(async (tx) => {
    if (opts.bulk) await tx.query('SET LOCAL synchronous_commit = off');
    const results: RowResult[] = new Array(rows.length);
    const accepted = checked.flatMap((c, i) =>
      c.stored ? [{ i, index: c.row.index, stored: c.stored }] : [],
    );
    subjectsFound = await resolveSubjects(
      tx,
      deps.vault,
      accepted.map((a) => a.stored),
      target.subjectIds,
    );

    // Rows repeating a natural key within the chunk are applied in order, segment by segment.
    const changed: LedgerEvent[] = [];
    const actor = actorOf(ctx, 'intake');
    let segment: Segment = [];
    const keys = new Set<string>();
    for (const a of accepted) {
      const key = naturalKey(a.stored);
      if (keys.has(key)) {
        await upsertSegment(tx, target, segment, opts.batchId, results, changed, actor);
        segment = [];
        keys.clear();
      }
      keys.add(key);
      segment.push(a);
    }
    await upsertSegment(tx, target, segment, opts.batchId, results, changed, actor);

    await deps.ledger.append(tx, changed);

    // A decision that got in by another submission (resubmitted rather than corrected in the console)
    // leaves the quarantine too.
    if (opts.correctionOf === undefined) await resolveResubmitted(tx, target, accepted, results, ctx);

    // Rows that failed validation, or were refused while upserting, go to the quarantine.
    const refused = checked.flatMap((c, i) => {
      const upserted = results[i];
      if (upserted && upserted.status !== 'rejected') return [];
      return [{ i, row: c.row, errors: upserted?.errors ?? c.errors }];
    });
    if (opts.correctionOf !== undefined) {
      const outcome = results[0] && results[0].status !== 'rejected' ? results[0] : null;
      const raw = sealRaw(deps.vault, target, rows[0].raw);
      await settleCorrection(tx, opts.correctionOf, raw, outcome, refused[0]?.errors ?? [], ctx);
      if (refused.length)
        results[0] = {
          index: rows[0].index,
          status: 'rejected',
          quarantineId: opts.correctionOf,
          errors: refused[0].errors,
        };
    } else if (refused.length) {
      const ids = await quarantine(tx, deps.vault, target, opts.batchId, refused);
      refused.forEach((r, k) => {
        results[r.i] = { index: r.row.index, status: 'rejected', quarantineId: ids[k], errors: r.errors };
      });
    }

    const count = (s: RowStatus) => results.filter((r) => r.status === s).length;
    const counts = {
      accepted: count('accepted'),
      updated: count('updated'),
      duplicate: count('duplicate'),
      rejected: count('rejected'),
    };
    await recordAudit(tx, ctx, {
      action: opts.correctionOf !== undefined ? 'intake.correct' : 'intake.submit',
      targetType: opts.correctionOf !== undefined ? 'quarantine_row' : 'intake_batch',
      targetId: opts.correctionOf ?? opts.batchId,
      regionCode: target.department.regionCode,
      detail: { item: target.item.code, batchId: opts.batchId, rows: rows.length, ...counts },
    });
    // Last, just before the commit: concurrent chunks of one file wait for each other on this row.
    // A correction is not new intake: the batch keeps its original counts.
    if (opts.correctionOf === undefined)
      await tx.query(
        `UPDATE intake_batches SET total = total + $2, accepted = accepted + $3, updated = updated + $4,
         duplicate = duplicate + $5, rejected = rejected + $6, bytes_read = GREATEST(bytes_read, $7) WHERE id = $1`,
        [
          opts.batchId,
          rows.length,
          counts.accepted,
          counts.updated,
          counts.duplicate,
          counts.rejected,
          opts.bytesRead ?? 0,
        ],
      );
    return results;
  });
  // Only committed subjects enter the cache: a rolled-back registration must not be remembered.
  if (target.subjectIds.size + subjectsFound.size > SUBJECT_CACHE_LIMIT) target.subjectIds.clear();
  for (const [key, ref] of subjectsFound)
    if (!target.subjectIds.has(key)) target.subjectIds.set(ownCopy(key), ref);
  return results;
}

/**
 * Authority code and decision number, joined by the unit separator (never part of either), and the
 * party for items whose decisions name several (`keyIncludesParty`; `keyParty` is '' otherwise).
 */
function naturalKey(s: { record: { authorityCode: string; decisionNo: string }; keyParty: string }): string {
  const key = `${s.record.authorityCode}\u001f${s.record.decisionNo}`;
  return s.keyParty ? `${key}\u001f${s.keyParty}` : key;
}

async function resolveResubmitted(
  q: Queryable,
  target: IntakeTarget,
  accepted: { i: number; stored: StoredRecord }[],
  results: RowResult[],
  ctx: RequestContext,
) {
  const keys = new Map<string, StoredRecord>();
  for (const a of accepted) if (results[a.i]?.status !== 'rejected') keys.set(naturalKey(a.stored), a.stored);
  if (!keys.size) return;
  // In key order, so that concurrent calls lock shared quarantine rows in the same order.
  const byKey = valuesInKeyOrder(keys);
  // One probe of the open-quarantine index per key (the OFFSET keeps the planner from turning it into
  // a scan of every open row of the item), and the record only for the rare key that is quarantined.
  await q.query(
    `UPDATE quarantine_rows qr SET status = 'RESOLVED', record_id = m.record_id, resolved_by = $4, resolved_at = now()
     FROM (SELECT o.id, r.id AS record_id
           FROM unnest($2::text[], $3::text[], $5::text[]) AS k(authority_code, decision_no, party_key)
           CROSS JOIN LATERAL (SELECT x.id FROM quarantine_rows x
             WHERE x.status = 'OPEN' AND x.item_code = $1 AND x.natural_key = k.authority_code || chr(31) || k.decision_no
               || CASE WHEN k.party_key = '' THEN '' ELSE chr(31) || k.party_key END
             OFFSET 0) o
           CROSS JOIN LATERAL (SELECT c.id FROM credit_records c
             WHERE c.item_code = $1 AND c.authority_code = k.authority_code AND c.decision_no = k.decision_no
               AND c.party_key = k.party_key LIMIT 1) r) m
     WHERE qr.id = m.id`,
    [
      target.item.code,
      byKey.map((s) => s.record.authorityCode),
      byKey.map((s) => s.record.decisionNo),
      ctx.viewer.name,
      byKey.map((s) => s.keyParty),
    ],
  );
}

/**
 * The natural key a rejected row names, when it names every part (even if other fields are wrong):
 * so that the row leaves the quarantine when the same decision later gets in.
 */
function rawNaturalKey(vault: PiiVault, target: IntakeTarget, raw: Record<string, unknown>): string | null {
  const { roles, keyIncludesParty } = target.item;
  let authorityCode: string | undefined;
  let decisionNo: string | undefined;
  let keyParty = '';
  for (const [key, value] of Object.entries(raw)) {
    const field = fieldForName(target.compiled, key);
    if (!field || (typeof value !== 'string' && typeof value !== 'number')) continue;
    const text = String(value).trim();
    if (field.code === roles.authorityCode) authorityCode = text.toUpperCase();
    if (field.code === roles.decisionNo) decisionNo = text;
    if (!keyIncludesParty || keyParty.startsWith('U:')) continue;
    const uscc = field.code === roles.uscc ? validateUscc(text) : null;
    if (uscc?.valid) keyParty = `U:${uscc.normalized}`;
    const ric = field.code === roles.idNumber ? validateRic(text) : null;
    if (ric?.valid) keyParty = `P:${vault.lookupHash(ric.normalized).toString('hex')}`;
  }
  if (!authorityCode || !decisionNo || (keyIncludesParty && !keyParty)) return null;
  return naturalKey({ record: { authorityCode, decisionNo }, keyParty });
}

/**
 * Finds or registers the subject of every accepted record and sets it on the record (`subject`);
 * answers the subjects read from the database, by party key, for the cache once committed.
 */
async function resolveSubjects(
  q: Queryable,
  vault: PiiVault,
  records: StoredRecord[],
  known: ReadonlyMap<string, SubjectRef>,
): Promise<Map<string, SubjectRef>> {
  const found = new Map<string, SubjectRef>();
  const usccs = new Set<string>();
  const people = new Map<string, string>(); // lookup hash hex → identity number
  for (const s of records) {
    // Set on every attempt: a retried chunk must not keep a subject its rolled-back attempt registered.
    s.subject = known.get(s.partyKey);
    if (s.subject !== undefined) continue;
    if (s.record.uscc) usccs.add(s.record.uscc);
    else if (s.record.idNumber) people.set(s.partyKey.slice(2), s.record.idNumber);
  }

  const find = async () => {
    if (usccs.size) {
      const rows = await q.query<{ id: number; public_id: string; uscc: string }>(
        'SELECT id, public_id, uscc FROM subjects WHERE uscc = ANY($1::text[])',
        [[...usccs]],
      );
      for (const r of rows) found.set(`U:${r.uscc}`, { id: r.id, publicId: r.public_id });
    }
    if (people.size) {
      const rows = await q.query<{ id: number; public_id: string; hash: string }>(
        `SELECT id, public_id, encode(id_number_hash, 'hex') AS hash FROM subjects
         WHERE id_number_hash = ANY(SELECT decode(h, 'hex') FROM unnest($1::text[]) AS h)`,
        [[...people.keys()]],
      );
      for (const r of rows) found.set(`P:${r.hash}`, { id: r.id, publicId: r.public_id });
    }
  };
  if (usccs.size || people.size) await find();

  const missing = new Map<string, NewSubject>();
  for (const s of records)
    if (s.subject === undefined && !found.has(s.partyKey) && !missing.has(s.partyKey))
      missing.set(s.partyKey, subjectFromParty(s.record));
  if (missing.size) {
    // In party-key order, for the same reason as records (see insertRecords).
    await insertSubjects(q, vault, valuesInKeyOrder(missing), { skipExisting: true });
    // Look up only the parties just registered (or registered meanwhile by another writer).
    usccs.clear();
    people.clear();
    for (const s of records)
      if (missing.has(s.partyKey)) {
        if (s.record.uscc) usccs.add(s.record.uscc);
        else if (s.record.idNumber) people.set(s.partyKey.slice(2), s.record.idNumber);
      }
    await find();
  }
  for (const s of records) s.subject ??= found.get(s.partyKey);
  return found;
}

/**
 * A map's values by key (code-unit order): rows written in the same order by every transaction wait
 * for each other on shared keys instead of deadlocking.
 */
function valuesInKeyOrder<T>(map: ReadonlyMap<string, T>): T[] {
  return [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, value]) => value);
}

/** The record's subject, set by `resolveSubjects` in the same transaction. */
function subjectOf(s: StoredRecord): SubjectRef {
  if (s.subject === undefined) throw new Error('subject not resolved after registration');
  return s.subject;
}

const SUBJECT_CACHE_LIMIT = 500_000;

function partyKey(vault: PiiVault, r: NormalizedRecord): string {
  return r.uscc ? `U:${r.uscc}` : `P:${vault.lookupHash(r.idNumber ?? '').toString('hex')}`;
}

/** A subject the registry does not know yet, built from the record's party fields. */
function subjectFromParty(r: NormalizedRecord): NewSubject {
  if (r.uscc) {
    const u = validateUscc(r.uscc);
    const sole = r.partyClass === 'SOLE_TRADER';
    return {
      type: sole ? 'ENTERPRISE' : (u.subjectType ?? 'ENTERPRISE'),
      subType: sole ? 'SOLE_TRADER' : (u.subType ?? 'COMPANY'),
      name: r.partyName,
      uscc: r.uscc,
      regionCode: u.regionCode ?? r.authorityRegion,
      legalRepresentative: r.legalRepresentative,
    };
  }
  const ric = validateRic(r.idNumber ?? '');
  return {
    type: 'INDIVIDUAL',
    subType: 'RESIDENT',
    name: r.partyName,
    identityNumber: r.idNumber,
    regionCode: ric.valid && ric.regionCode ? ric.regionCode : r.authorityRegion,
  };
}

type Segment = { i: number; index: number; stored: StoredRecord }[];

interface ExistingRecord {
  id: number;
  public_id: string;
  authority_code: string;
  decision_no: string;
  party_key: string;
  content_hash: string;
  status: string;
}

/**
 * Most rows are new: insert them all, skipping natural keys already stored, and look up only the
 * rows that were skipped — they are duplicates, updates (old version to the history) or refused
 * because the decision was withdrawn.
 */
async function upsertSegment(
  q: Queryable,
  target: IntakeTarget,
  segment: Segment,
  batchId: number,
  results: RowResult[],
  changed: LedgerEvent[],
  actor: string,
): Promise<void> {
  if (!segment.length) return;
  const inserted = await insertRecords(
    q,
    target,
    segment.map((s) => s.stored),
    batchId,
  );
  const rest: Segment = [];
  for (const s of segment) {
    if (inserted.has(s.stored.publicId)) {
      results[s.i] = { index: s.index, status: 'accepted', recordId: s.stored.publicId, errors: [] };
      const r = insertedLedgerRow(target, s.stored, subjectOf(s.stored));
      changed.push(recordEvent(newRecordChange(r), r, actor));
    } else rest.push(s);
  }
  if (!rest.length) return;
  // One probe of the natural-key index per row (LIMIT 1 keeps it a nested loop whatever the statistics).
  const existing = await q.query<ExistingRecord>(
    `SELECT r.id, r.public_id, r.authority_code, r.decision_no, r.party_key, r.content_hash, r.status
     FROM unnest($2::text[], $3::text[], $4::text[]) AS k(authority_code, decision_no, party_key)
     CROSS JOIN LATERAL (SELECT c.id, c.public_id, c.authority_code, c.decision_no, c.party_key, c.content_hash, c.status
       FROM credit_records c
       WHERE c.item_code = $1 AND c.authority_code = k.authority_code AND c.decision_no = k.decision_no
         AND c.party_key = k.party_key LIMIT 1) r`,
    [
      target.item.code,
      rest.map((s) => s.stored.record.authorityCode),
      rest.map((s) => s.stored.record.decisionNo),
      rest.map((s) => s.stored.keyParty),
    ],
  );
  const byKey = new Map(
    existing.map((e) => [
      naturalKey({
        record: { authorityCode: e.authority_code, decisionNo: e.decision_no },
        keyParty: e.party_key,
      }),
      e,
    ]),
  );
  const updates: { id: number; stored: StoredRecord }[] = [];
  for (const { i, index, stored } of rest) {
    const old = byKey.get(naturalKey(stored));
    if (!old) throw new Error('natural key neither inserted nor found');
    if (old.status === 'WITHDRAWN') {
      results[i] = {
        index,
        status: 'rejected',
        errors: [
          {
            field: target.item.roles.decisionNo,
            code: 'RECORD_WITHDRAWN',
            message: `决定 ${stored.record.decisionNo} 已撤销公示，不能再次报送；如系新的决定请使用新的文书号`,
          },
        ],
      };
    } else if (old.content_hash === stored.contentHash) {
      results[i] = { index, status: 'duplicate', recordId: old.public_id, errors: [] };
    } else {
      updates.push({ id: old.id, stored });
      results[i] = { index, status: 'updated', recordId: old.public_id, errors: [] };
    }
  }
  // Rows locked in id order, as records are inserted in key order (see insertRecords).
  updates.sort((a, b) => a.id - b.id);
  for (const r of await updateRecords(q, updates, batchId)) changed.push(recordEvent('updated', r, actor));
}

/** What the log needs of a record just inserted (a new row: version 1, ACTIVE), without reading it back. */
function insertedLedgerRow(target: IntakeTarget, s: StoredRecord, subject: SubjectRef): RecordLedgerRow {
  return {
    public_id: s.publicId,
    version: 1,
    item_code: target.item.code,
    decision_no: s.record.decisionNo,
    authority_code: s.record.authorityCode,
    content_hash: s.contentHash,
    status: 'ACTIVE',
    is_public: s.isPublic,
    subject_public_id: subject.publicId,
  };
}

/** A record ready for the table: publication and timeliness computed, identity numbers sealed. */
export interface StoredRecord {
  publicId: string;
  record: NormalizedRecord;
  /** Subject lookup key: `U:` + USCC, or `P:` + the identity number's lookup hash. */
  partyKey: string;
  /** `partyKey` when the item's natural key includes the party (`keyIncludesParty`), else ''. */
  keyParty: string;
  /** The values as canonical JSON (what the content hash covers, and what `fields` stores). */
  valuesJson: string;
  contentHash: string;
  sealed: Buffer | null;
  intakeDate: string;
  workingDaysToIntake: number;
  late: boolean;
  publicity: Publicity;
  isPublic: boolean;
  /** The registered subject, once `resolveSubjects` has found or registered it. */
  subject?: SubjectRef;
}

/** Per call or file: pure results of the calendar and the publicity rules, by their inputs. */
const memos = new WeakMap<
  IntakeTarget,
  { workingDays: Map<string, number>; publicity: Map<string, Publicity> }
>();
const MEMO_LIMIT = 10_000;

function memoOf(target: IntakeTarget) {
  let memo = memos.get(target);
  if (!memo) {
    memo = { workingDays: new Map(), publicity: new Map() };
    memos.set(target, memo);
  }
  return memo;
}

function remember<T>(map: Map<string, T>, key: string, value: T): void {
  if (map.size >= MEMO_LIMIT) map.clear();
  map.set(ownCopy(key), value);
}

function storeRecord(
  vault: PiiVault,
  target: IntakeTarget,
  record: NormalizedRecord,
  receivedOn: string,
  today: string,
): StoredRecord {
  const codes = target.compiled.sortedCodes;
  const secrets = Object.keys(record.secrets).length ? canonicalJson(record.secrets, codes) : null;
  const valuesJson = canonicalJson(record.values, codes);
  const contentHash = recordContentHash(vault, valuesJson, secrets);
  // A file repeats the same few hundred decision dates: both are computed once per distinct input.
  const memo = memoOf(target);
  const daysKey = `${record.decisionDate}|${receivedOn}`;
  let workingDays = memo.workingDays.get(daysKey);
  if (workingDays === undefined) {
    workingDays = target.calendar.workingDaysBetween(record.decisionDate, receivedOn);
    remember(memo.workingDays, daysKey, workingDays);
  }
  const publicityKey = `${record.decisionDate}|${record.tier}|${record.publicityEnd}|${record.validTo}`;
  let publicity = memo.publicity.get(publicityKey);
  if (publicity === undefined) {
    publicity = publicityOf(target, record);
    remember(memo.publicity, publicityKey, publicity);
  }
  const party = partyKey(vault, record);
  return {
    publicId: newRecordId(),
    record,
    partyKey: party,
    keyParty: target.item.keyIncludesParty ? party : '',
    valuesJson,
    contentHash,
    sealed: secrets ? vault.encrypt(secrets) : null,
    intakeDate: receivedOn,
    workingDaysToIntake: workingDays,
    late: workingDays > target.lateAfterWorkingDays,
    publicity,
    isPublic: publicity.published && publicity.publicUntil !== null && publicity.publicUntil >= today,
  };
}

export function publicityOf(target: Pick<IntakeTarget, 'item' | 'policy'>, r: NormalizedRecord): Publicity {
  const notPublished: Publicity = {
    regime: r.decisionDate >= target.policy.newRegimeFrom ? 'NEW' : 'OLD',
    published: false,
    publicFrom: r.decisionDate,
    minimumUntil: null,
    publicUntil: null,
  };
  if (target.item.openness !== 'PUBLIC') return notPublished;
  const rule = target.item.publicity;
  switch (rule.rule) {
    case 'PENALTY_TIERS':
      return penaltyPublicity(r.decisionDate, r.tier ?? 'GENERAL', target.policy, r.publicityEnd);
    case 'LICENCE':
      return licencePublicity(r.decisionDate, r.validTo, target.policy);
    case 'FIXED_MONTHS': {
      const until = periodEnd(r.decisionDate, rule.months);
      return { ...notPublished, published: true, minimumUntil: until, publicUntil: until };
    }
    case 'NONE':
      return notPublished;
  }
}

/**
 * A record's content hash over its fields in canonical JSON. It covers the identity numbers only
 * through their keyed lookup hash: it must not be an oracle for them. The ledger audit recomputes it.
 */
export function recordContentHash(vault: PiiVault, valuesJson: string, secretsJson: string | null): string {
  if (!secretsJson) return crypto.hash('sha256', valuesJson, 'hex'); // most records: one call, no Hash object
  return crypto.createHash('sha256').update(valuesJson).update(vault.lookupHash(secretsJson)).digest('hex');
}

/** JSON with keys in code order (what JSON.stringify gives for a key-sorted object), built without sorting per row. */
export function canonicalJson(o: Record<string, string>, sortedCodes: string[]): string {
  let json = '';
  for (const code of sortedCodes) {
    const v = o[code];
    if (v !== undefined) json += `${json ? ',' : ''}${JSON.stringify(code)}:${JSON.stringify(v)}`;
  }
  return `{${json}}`;
}

const ID_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
let idPool = Buffer.alloc(0);
let idOffset = 0;

/** Opaque record id for URLs: 'R' + 15 base-32 characters (random bytes drawn in bulk: one call per 1,000 ids). */
function newRecordId(): string {
  if (idOffset + 15 > idPool.length) {
    idPool = crypto.randomBytes(15 * 1000);
    idOffset = 0;
  }
  let id = 'R';
  for (let i = 0; i < 15; i++) id += ID_ALPHABET[idPool[idOffset + i] & 31];
  idOffset += 15;
  return id;
}

/** The columns a chunk's new records are staged with, in COPY order (the rest come from the chunk). */
const STAGE_COLUMNS = `public_id text, subject_id bigint, region_code text, decision_no text, authority_code text,
  party_key text, authority_name text, decision_date date, valid_from date, valid_to date, tier text, party_name text,
  party_class text, kinds text[], fine_amount numeric, fields jsonb, sealed bytea, content_hash text, intake_date date,
  working_days_to_intake int, late bool, regime text, public_until date, minimum_until date, is_public bool`;

/** Transactions whose staging table holds an earlier segment's rows. */
const staged = new WeakSet<Queryable>();

/**
 * Inserts the rows whose natural key is new; returns the public ids of those inserted. The rows are
 * COPYed into a session-local staging table first: COPY's text rows are the cheapest way in (a
 * JSON document cost PostgreSQL a full jsonb parse, key sort included, of every row), and
 * `ON CONFLICT DO NOTHING` still decides which keys are new. The table empties itself at commit.
 */
async function insertRecords(
  q: Queryable,
  target: IntakeTarget,
  rows: StoredRecord[],
  batchId: number,
): Promise<Set<string>> {
  if (!rows.length) return new Set();
  // A chunk repeating a natural key inserts segment by segment within one transaction.
  if (staged.has(q)) await q.query('DELETE FROM intake_stage');
  else await q.query(`CREATE TEMP TABLE IF NOT EXISTS intake_stage (${STAGE_COLUMNS}) ON COMMIT DELETE ROWS`);
  staged.add(q);
  let copy = '';
  for (const r of rows) {
    const x = r.record;
    const p = r.publicity;
    copy += `${copyRow([
      r.publicId,
      String(subjectOf(r).id),
      x.authorityRegion,
      x.decisionNo,
      x.authorityCode,
      r.keyParty,
      x.authorityName,
      x.decisionDate,
      x.validFrom,
      x.validTo,
      x.tier,
      x.partyName,
      x.partyClass,
      textArrayInput(x.kinds),
      x.amount,
      r.valuesJson,
      byteaInput(r.sealed),
      r.contentHash,
      r.intakeDate,
      String(r.workingDaysToIntake),
      r.late ? 't' : 'f',
      p.regime,
      p.publicUntil,
      p.minimumUntil,
      r.isPublic ? 't' : 'f',
    ])}\n`;
  }
  await q.copyFrom('intake_stage', copy);
  // Only which rows went in comes back: the log entry is built from what was sent.
  const inserted = await q.query<{ public_id: string }>(
    `INSERT INTO credit_records AS r (public_id, item_id, item_code, category, subject_id, department_id, region_code,
       decision_no, authority_code, party_key, authority_name, decision_date, valid_from, valid_to, tier, party_name,
       party_class, kinds, fine_amount, fields, sealed, content_hash, intake_date, working_days_to_intake, late, regime,
       public_until, minimum_until, is_public, batch_id)
     SELECT t.public_id, $1, $2, $3, t.subject_id, $4, t.region_code, t.decision_no, t.authority_code, t.party_key,
       t.authority_name, t.decision_date, t.valid_from, t.valid_to, t.tier, t.party_name, t.party_class, t.kinds,
       t.fine_amount, t.fields, t.sealed, t.content_hash, t.intake_date, t.working_days_to_intake, t.late, t.regime,
       t.public_until, t.minimum_until, t.is_public, $5
     FROM intake_stage t
     -- In natural-key order: concurrent calls naming the same decisions then wait for each other on the
     -- unique index instead of deadlocking (each holding a key the other needs).
     ORDER BY t.authority_code, t.decision_no, t.party_key
     ON CONFLICT (item_code, authority_code, decision_no, party_key) DO NOTHING
     RETURNING r.public_id`,
    [target.item.id, target.item.code, target.item.category, target.department.id, batchId],
  );
  return new Set(inserted.map((r) => r.public_id));
}

/** Keeps the replaced version in the history, then overwrites the record and bumps its version. */
async function updateRecords(
  q: Queryable,
  rows: { id: number; stored: StoredRecord }[],
  batchId: number,
): Promise<RecordLedgerRow[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  await q.query(
    `INSERT INTO credit_record_history (record_id, version, fields, content_hash, status, batch_id)
     SELECT id, version, fields, content_hash, status, batch_id FROM credit_records WHERE id = ANY($1::bigint[])`,
    [ids],
  );
  const col = <T>(f: (r: StoredRecord) => T) => rows.map((r) => f(r.stored));
  return await q.query<RecordLedgerRow>(
    `UPDATE credit_records r SET subject_id = t.subject_id, authority_name = t.authority_name,
       decision_date = t.decision_date, valid_from = t.valid_from, valid_to = t.valid_to, tier = t.tier,
       party_name = t.party_name, party_class = t.party_class, kinds = t.kinds::text[],
       fine_amount = t.fine_amount, fields = t.fields, sealed = decode(t.sealed, 'hex'), content_hash = t.content_hash,
       regime = t.regime, public_until = t.public_until, minimum_until = t.minimum_until, is_public = t.is_public,
       version = r.version + 1, batch_id = $1, updated_at = now()
     FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::date[], $6::date[], $7::date[], $8::text[], $9::text[],
       $10::text[], $11::text[], $12::numeric[], $13::jsonb[], $14::text[], $15::text[], $16::text[], $17::date[],
       $18::date[], $19::bool[])
       AS t(id, subject_id, authority_name, decision_date, valid_from, valid_to, tier, party_name, party_class, kinds,
         fine_amount, fields, sealed, content_hash, regime, public_until, minimum_until, is_public)
     WHERE r.id = t.id
     RETURNING ${ledgerColumns('r')}`,
    [
      batchId,
      ids,
      col((r) => subjectOf(r).id),
      col((r) => r.record.authorityName),
      col((r) => r.record.decisionDate),
      col((r) => r.record.validFrom),
      col((r) => r.record.validTo),
      col((r) => r.record.tier),
      col((r) => r.record.partyName),
      col((r) => r.record.partyClass),
      col((r) => textArrayInput(r.record.kinds)),
      col((r) => r.record.amount),
      col((r) => r.valuesJson),
      col((r) => (r.sealed ? r.sealed.toString('hex') : null)),
      col((r) => r.contentHash),
      col((r) => r.publicity.regime),
      col((r) => r.publicity.publicUntil),
      col((r) => r.publicity.minimumUntil),
      col((r) => r.isPublic),
    ],
  );
}

/** The row as submitted, sealed (it may hold identity numbers), and a preview with them masked. */
function sealRaw(vault: PiiVault, target: IntakeTarget, raw: Record<string, unknown>) {
  const preview: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    const field = target.compiled.fieldsByName.get(k.trim().toUpperCase());
    preview[k] = field?.type === 'idNumber' && typeof v === 'string' && v ? maskAny(v) : v;
  }
  return { sealed: vault.encrypt(JSON.stringify(raw)), preview };
}

function maskAny(v: string): string {
  const t = v.trim();
  return t.length > 10 ? `${t.slice(0, 6)}********${t.slice(-4)}` : '****';
}

async function quarantine(
  q: Queryable,
  vault: PiiVault,
  target: IntakeTarget,
  batchId: number,
  rows: { row: SubmittedRow; errors: RecordError[] }[],
): Promise<number[]> {
  const sealedRows = rows.map((r) => sealRaw(vault, target, r.row.raw));
  const ids = await q.query<{ id: number }>(
    `INSERT INTO quarantine_rows (batch_id, item_code, department_id, row_number, raw_sealed, raw_preview, errors,
       natural_key)
     SELECT $1, $2, $3, t.row_number, decode(t.sealed, 'hex'), t.preview, t.errors, t.natural_key
     FROM unnest($4::int[], $5::text[], $6::jsonb[], $7::jsonb[], $8::text[])
       WITH ORDINALITY AS t(row_number, sealed, preview, errors, natural_key, ord)
     ORDER BY t.ord
     RETURNING id`,
    [
      batchId,
      target.item.code,
      target.department.id,
      rows.map((r) => r.row.index),
      sealedRows.map((s) => s.sealed.toString('hex')),
      sealedRows.map((s) => JSON.stringify(s.preview)),
      rows.map((r) => JSON.stringify(r.errors)),
      rows.map((r) => rawNaturalKey(vault, target, r.row.raw)),
    ],
  );
  return ids.map((r) => r.id).sort((a, b) => a - b);
}

/**
 * A corrected quarantined row: resolved when it got in (its original errors stay, for the quality
 * statistics), otherwise kept open with the new content and errors.
 */
async function settleCorrection(
  q: Queryable,
  quarantineId: number,
  raw: { sealed: Buffer; preview: Record<string, unknown> },
  outcome: RowResult | null,
  errors: RecordError[],
  ctx: RequestContext,
) {
  await q.query(
    `UPDATE quarantine_rows SET raw_sealed = $2, raw_preview = $3, status = $5,
       errors = CASE WHEN $5 = 'RESOLVED' THEN errors ELSE $4::jsonb END,
       record_id = (SELECT id FROM credit_records WHERE public_id = $6),
       resolved_by = CASE WHEN $5 = 'RESOLVED' THEN $7 END, resolved_at = CASE WHEN $5 = 'RESOLVED' THEN now() END
     WHERE id = $1`,
    [
      quarantineId,
      raw.sealed,
      JSON.stringify(raw.preview),
      JSON.stringify(errors),
      outcome ? 'RESOLVED' : 'OPEN',
      outcome?.recordId ?? null,
      ctx.viewer.name,
    ],
  );
}
