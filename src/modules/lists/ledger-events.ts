import type { LedgerEvent } from '../ledger/entry.ts';
import type { EntryRow } from './repository.ts';
import type { EntryStatus } from './rules.ts';

/** The steps of a decided entry that the credit log records (notice, defence, interviews are not). */
export type ListChange = 'decided' | 'published' | 'removed' | 'expired';

type LoggedFacts = Pick<
  EntryRow,
  | 'public_id'
  | 'list_type'
  | 'subject_public_id'
  | 'decided_by_name'
  | 'valid_from'
  | 'valid_to'
  | 'decision_no'
  | 'removal_kind'
>;

/**
 * The entry's state as the log hashes it after `change`, from the row as that change left it: the
 * decision number from the decision on, the removal kind (REPAIR / REVOCATION) with a removal. The
 * audit rebuilds it from the live row the same way, so an edit behind the platform's back shows.
 */
export function listEntryContent(e: LoggedFacts, change: ListChange) {
  return {
    entryId: e.public_id,
    listType: e.list_type,
    subject: e.subject_public_id,
    decidedBy: e.decided_by_name,
    validFrom: e.valid_from,
    validTo: e.valid_to,
    ...(change === 'decided' ? { decisionNo: e.decision_no } : {}),
    ...(change === 'removed' ? { kind: e.removal_kind } : {}),
  };
}

/** The log entry of a change; `version` is the row's version after the change. */
export function listEntryEvent(
  change: ListChange,
  e: LoggedFacts,
  version: number,
  actor: string,
): LedgerEvent {
  return {
    type: `list.${change}`,
    subject: e.subject_public_id,
    objectType: 'list_entry',
    objectId: e.public_id,
    version,
    content: listEntryContent(e, change),
    actor,
  };
}

/** What a decided entry in each status has been through, as log entries (a cancelled one: none). */
export const LOGGED_CHANGES: Record<EntryStatus, ListChange[]> = {
  DRAFT: [],
  NOTICED: [],
  CANCELLED: [],
  DECIDED: ['decided'],
  PUBLISHED: ['decided', 'published'],
  REMOVED: ['decided', 'published', 'removed'],
  REVOKED: ['decided', 'published', 'removed'],
  EXPIRED: ['decided', 'published', 'expired'],
};
