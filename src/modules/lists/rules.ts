// Pure rules of list entries (DOMAIN §5): which list types are decided here, how long an entry may
// run, which lifecycle step may follow which.
import { addMonths, compareDates } from '../../shared/dates.ts';

export const LIST_TYPES = {
  RED: { name: '红名单（守信激励对象）', decided: true, maxYears: 3, public: true },
  SERIOUS_DISHONESTY: { name: '严重失信主体名单', decided: true, maxYears: 3, public: true },
  KEY_ATTENTION: { name: '重点关注名单', decided: true, maxYears: 2, public: true },
  ABNORMAL_OPERATION: { name: '经营异常名录', decided: false, maxYears: 3, public: false },
  DISHONEST_DEBTOR: { name: '失信被执行人', decided: false, maxYears: 2, public: false },
} as const;
export type ListType = keyof typeof LIST_TYPES;
export const DECIDED_LIST_TYPES = ['RED', 'SERIOUS_DISHONESTY', 'KEY_ATTENTION'] as const;
export type DecidedListType = (typeof DECIDED_LIST_TYPES)[number];

export type EntryStatus =
  | 'DRAFT'
  | 'NOTICED'
  | 'DECIDED'
  | 'PUBLISHED'
  | 'EXPIRED'
  | 'REMOVED'
  | 'REVOKED'
  | 'CANCELLED';

export type EntryAction = 'notice' | 'defence' | 'decide' | 'publish' | 'interview' | 'remove' | 'cancel';

/**
 * The statuses an action may start from. Red-list entries bring no restriction, so they need no
 * prior notice (告知) or statement of defence: a draft may be decided at once.
 */
export function allowedFrom(action: EntryAction, listType: ListType): EntryStatus[] {
  switch (action) {
    case 'notice':
      return listType === 'RED' ? [] : ['DRAFT'];
    case 'defence':
      return ['NOTICED'];
    case 'decide':
      return listType === 'RED' ? ['DRAFT'] : ['NOTICED'];
    case 'publish':
      return ['DECIDED'];
    case 'interview':
      return ['DECIDED', 'PUBLISHED'];
    case 'remove':
      return ['PUBLISHED'];
    case 'cancel':
      return ['DRAFT', 'NOTICED'];
  }
}

export const STATUS_NAMES: Record<EntryStatus, string> = {
  DRAFT: '草稿',
  NOTICED: '已告知（陈述申辩期）',
  DECIDED: '已作出认定决定',
  PUBLISHED: '已公布',
  EXPIRED: '已到期移出',
  REMOVED: '已修复移出',
  REVOKED: '已撤销',
  CANCELLED: '已取消',
};

/** Validity: from ≤ to, and at most the list type's maximum (失信 ≤ 3 years, 重点关注 ≤ 2 years). */
export function validityError(listType: ListType, from: string, to: string): string | null {
  if (compareDates(to, from) < 0) return '有效期截止日期不能早于起始日期';
  const max = LIST_TYPES[listType].maxYears;
  if (compareDates(to, addMonths(from, 12 * max)) > 0)
    return `${LIST_TYPES[listType].name}的有效期最长 ${max} 年`;
  return null;
}

/** Whether an entry binds on `today`: published, and today within its validity. */
export function inForce(e: { status: string; valid_from: string; valid_to: string }, today: string): boolean {
  return e.status === 'PUBLISHED' && e.valid_from <= today && today <= e.valid_to;
}
