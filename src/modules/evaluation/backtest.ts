// Backtest (回测): score every subject of a type as the platform knew it on a past date, then look at
// who became seriously dishonest afterwards. A model that deserves activation puts those subjects
// in its worse grades: the event rate should rise from A to D.
import type { AppDeps } from '../../app-deps.ts';
import { SqlParams } from '../../db/sql.ts';
import { shanghaiDate } from '../../shared/clock.ts';
import { addMonths } from '../../shared/dates.ts';
import { Errors } from '../../shared/errors.ts';
import { regionGuard } from '../identity/scope.ts';
import { requirePermission, type Viewer } from '../identity/viewer.ts';
import { evaluate, type Facts, type Grade, type Model } from './score.ts';
import { separation } from './separation.ts';
import { activeModel, modelError } from './service.ts';

/** 严重失信: a serious-tier penalty, or a serious-dishonesty / dishonest-debtor list entry taking effect. */
export const BACKTEST_OUTCOME =
  '评价日之后的观察期内受到严重失信行政处罚，或被列入严重失信主体名单、失信被执行人名单';

export interface BacktestInput {
  subjectType: string;
  /** A candidate model; the active one when absent. */
  model?: Model;
  /** The date the subjects are scored as of; `horizonMonths` before today when absent. */
  asOf?: string;
  horizonMonths?: number;
  /** Above this population, every k-th subject (by id) is scored: deterministic, spread evenly. */
  maxSubjects?: number;
  /** Grades with fewer subjects are shown but not compared. */
  minSubjects?: number;
}

const CHUNK = 5_000;
// Lists that were in force, or that took effect: entries later revoked as wrong never counted.
const COUNTED_LIST_STATUSES = `('PUBLISHED', 'EXPIRED', 'REMOVED')`;

export async function backtest(deps: AppDeps, input: BacktestInput, viewer: Viewer) {
  requirePermission(viewer, 'evaluation:read');
  const model = input.model ?? (await activeModel(deps, input.subjectType));
  const bad = modelError(model);
  if (bad) throw Errors.invalid('MODEL_INVALID', bad, 'model');
  const today = shanghaiDate(deps.clock.now());
  const horizonMonths = input.horizonMonths ?? 6;
  const minSubjects = input.minSubjects ?? 20;
  const asOf = input.asOf ?? addMonths(today, -horizonMonths);
  const until = addMonths(asOf, horizonMonths);
  if (until > today)
    throw Errors.invalid(
      'BACKTEST_WINDOW_OPEN',
      `观察期须已结束：${asOf} 起 ${horizonMonths} 个月至 ${until} 晚于今天`,
      'asOf',
    );

  // Subjects that existed on the date (no establishment date: counted), inside the viewer's region.
  const p = new SqlParams();
  const where = `s.type = ${p.add(input.subjectType)} AND (s.established_on IS NULL OR s.established_on <= ${p.add(asOf)}::date)
    AND ${regionGuard(viewer, 's.region_code', p)}`;
  const [{ n: population }] = await deps.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM subjects s WHERE ${where}`,
    p.values,
  );
  const step = Math.max(1, Math.ceil(population / (input.maxSubjects ?? 200_000)));
  const n = p.values.length;
  const pairs: { grade: Grade | null; event: boolean }[] = [];
  for (let afterId = 0; ; ) {
    const page = await deps.db.query<{ id: string; established_on: string | null }>(
      `SELECT s.id, s.established_on::text AS established_on FROM subjects s
       WHERE ${where} AND s.id > $${n + 1} AND s.id % $${n + 2} = 0 ORDER BY s.id LIMIT ${CHUNK}`,
      [...p.values, afterId, step],
    );
    if (!page.length) break;
    afterId = Number(page[page.length - 1].id);
    const { facts, events } = await asOfFacts(deps, page, asOf, until);
    for (const s of page)
      pairs.push({ grade: evaluate(model, facts.get(s.id)!, asOf).grade, event: events.has(s.id) });
  }
  return {
    subjectType: input.subjectType,
    modelVersion: model.version,
    asOf,
    until,
    horizonMonths,
    outcome: BACKTEST_OUTCOME,
    population,
    scored: pairs.length,
    everyKth: step,
    minSubjects,
    ...separation(pairs, minSubjects),
  };
}

/**
 * What the platform knew on `asOf` (records decided and received by then, lists in force then),
 * and which subjects had a serious outcome in (asOf, until].
 */
async function asOfFacts(
  deps: AppDeps,
  page: { id: string; established_on: string | null }[],
  asOf: string,
  until: string,
) {
  const ids = page.map((s) => s.id);
  const [records, lists, outcomes] = await Promise.all([
    deps.db.query<{
      subject_id: string;
      public_id: string;
      item_code: string;
      tier: string | null;
      kinds: string[];
      decision_date: string;
    }>(
      `SELECT subject_id, public_id, item_code, tier, kinds, decision_date::text AS decision_date FROM credit_records
       WHERE subject_id = ANY($1::bigint[]) AND status = 'ACTIVE' AND decision_date <= $2::date AND intake_date <= $2::date`,
      [ids, asOf],
    ),
    deps.db.query<{ subject_id: string; public_id: string; list_type: string }>(
      `SELECT subject_id, public_id, list_type FROM list_entries
       WHERE subject_id = ANY($1::bigint[]) AND status IN ${COUNTED_LIST_STATUSES}
         AND valid_from <= $2::date AND valid_to >= $2::date AND (removed_at IS NULL OR removed_at::date > $2::date)`,
      [ids, asOf],
    ),
    deps.db.query<{ subject_id: string }>(
      `SELECT subject_id FROM credit_records
       WHERE subject_id = ANY($1::bigint[]) AND item_code = 'ADMIN_PENALTY' AND tier = 'SERIOUS' AND status = 'ACTIVE'
         AND decision_date > $2::date AND decision_date <= $3::date
       UNION
       SELECT subject_id FROM list_entries
       WHERE subject_id = ANY($1::bigint[]) AND list_type IN ('SERIOUS_DISHONESTY', 'DISHONEST_DEBTOR')
         AND status IN ${COUNTED_LIST_STATUSES} AND valid_from > $2::date AND valid_from <= $3::date`,
      [ids, asOf, until],
    ),
  ]);
  const facts = new Map<string, Facts>(
    page.map((s) => [s.id, { establishedOn: s.established_on, records: [], lists: [] }]),
  );
  for (const r of records)
    facts.get(r.subject_id)!.records.push({
      id: r.public_id,
      itemCode: r.item_code,
      tier: r.tier,
      kinds: r.kinds,
      decisionDate: r.decision_date,
    });
  for (const l of lists) facts.get(l.subject_id)!.lists.push({ entryId: l.public_id, listType: l.list_type });
  return { facts, events: new Set(outcomes.map((o) => o.subject_id)) };
}
