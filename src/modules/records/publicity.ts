import { addDays, addMonths, isIsoDate } from '../../shared/dates.ts';

/**
 * How long a 双公示 decision stays on the portal. Penalties follow the three tiers of dishonesty
 * information (信用修复管理办法, NDRC Order 36, in force 2026-04-01; older decisions keep Order 58's
 * periods); licences are published for a fixed period. All periods run from the decision date.
 */

/** 轻微 / 一般 / 严重 dishonesty, as set by the sector regulator for the penalty. */
export type ViolationTier = 'MINOR' | 'GENERAL' | 'SERIOUS';

/** Minimum (repair cannot end publication earlier) and maximum (publication ends by itself) in months. */
export interface TierPeriod {
  minMonths: number;
  maxMonths: number;
}

export interface PublicityPolicy {
  /** First decision date under the new regime (Order 36). */
  newRegimeFrom: string;
  newRegime: Record<ViolationTier, TierPeriod>;
  oldRegime: Record<ViolationTier, TierPeriod>;
  /** Minor-tier penalties are not published unless the regulator insists. */
  publishMinor: boolean;
  /** Licences: months from the decision date, cut short by the licence's valid-to date. */
  licenceMonths: number;
}

export const DEFAULT_PUBLICITY_POLICY: PublicityPolicy = {
  newRegimeFrom: '2026-04-01',
  newRegime: {
    MINOR: { minMonths: 0, maxMonths: 3 },
    GENERAL: { minMonths: 3, maxMonths: 12 },
    SERIOUS: { minMonths: 12, maxMonths: 36 },
  },
  oldRegime: {
    MINOR: { minMonths: 0, maxMonths: 3 },
    GENERAL: { minMonths: 3, maxMonths: 12 },
    SERIOUS: { minMonths: 6, maxMonths: 36 },
  },
  publishMinor: false,
  licenceMonths: 36,
};

export interface Publicity {
  regime: 'NEW' | 'OLD';
  /** false → never shown on the portal. */
  published: boolean;
  /** The decision date. */
  publicFrom: string;
  /** Last day of the minimum period (repair cannot end publication before it); null when not published. */
  minimumUntil: string | null;
  /** Last day shown publicly, inclusive; null when not published. */
  publicUntil: string | null;
}

function regimeOf(decisionDate: string, policy: PublicityPolicy): Publicity['regime'] {
  return decisionDate >= policy.newRegimeFrom ? 'NEW' : 'OLD';
}

/**
 * Last day of a period of `months` starting on (and counting) `from`: a year from 2025-03-10 ends
 * 2026-03-09. When the corresponding day does not exist the period runs to the end of that month
 * (6 months from 2026-03-31 end 2026-09-30, a month from 2025-03-01 ends 2025-03-31).
 */
export function periodEnd(from: string, months: number): string {
  const corresponding = addMonths(from, months);
  // addMonths clamps to the month's end; a clamped day means the corresponding day is missing.
  const clamped = corresponding.slice(8) !== from.slice(8);
  return clamped ? corresponding : addDays(corresponding, -1);
}

function checkDate(value: string, what: string): void {
  if (!isIsoDate(value)) throw new RangeError(`${what}不是有效日期：${value}`);
}

/**
 * A penalty's publication period. The regime follows the decision date. Without a declared end it runs
 * to the maximum; a declared end (CF_GSJZQ) may shorten it but is clamped into [minimum, maximum],
 * since the authority cannot publish beyond the maximum nor end before the minimum.
 * A zero minimum (minor tier) ends the day before the decision: repair may end publication at once.
 */
export function penaltyPublicity(
  decisionDate: string,
  tier: ViolationTier,
  policy: PublicityPolicy = DEFAULT_PUBLICITY_POLICY,
  declaredEnd?: string | null,
): Publicity {
  checkDate(decisionDate, '处罚决定日期');
  const regime = regimeOf(decisionDate, policy);
  if (tier === 'MINOR' && !policy.publishMinor)
    return { regime, published: false, publicFrom: decisionDate, minimumUntil: null, publicUntil: null };

  const period = (regime === 'NEW' ? policy.newRegime : policy.oldRegime)[tier];
  const minimumUntil = periodEnd(decisionDate, period.minMonths);
  const maximumUntil = periodEnd(decisionDate, period.maxMonths);
  let publicUntil = maximumUntil;
  if (declaredEnd) {
    checkDate(declaredEnd, '公示截止期');
    publicUntil =
      declaredEnd < minimumUntil ? minimumUntil : declaredEnd > maximumUntil ? maximumUntil : declaredEnd;
  }
  return { regime, published: true, publicFrom: decisionDate, minimumUntil, publicUntil };
}

/**
 * A licence's publication period: `licenceMonths` from the decision date, or up to the licence's
 * valid-to date when that comes first. Licences are not dishonesty information, so there is no
 * separate minimum: the minimum is the whole period.
 */
export function licencePublicity(
  decisionDate: string,
  validTo: string | null,
  policy: PublicityPolicy = DEFAULT_PUBLICITY_POLICY,
): Publicity {
  checkDate(decisionDate, '许可决定日期');
  let publicUntil = periodEnd(decisionDate, policy.licenceMonths);
  if (validTo) {
    checkDate(validTo, '有效期至');
    if (validTo < publicUntil) publicUntil = validTo;
  }
  return {
    regime: regimeOf(decisionDate, policy),
    published: true,
    publicFrom: decisionDate,
    minimumUntil: publicUntil,
    publicUntil,
  };
}

/** Whether the record is on the portal on `today` (the last day of the period included). */
export function isPublicOn(p: Pick<Publicity, 'published' | 'publicUntil'>, today: string): boolean {
  return p.published && p.publicUntil !== null && today <= p.publicUntil;
}
