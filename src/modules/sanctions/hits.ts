// Which measures apply to a subject for a matter (DOMAIN §6): pure, so the hot path and its tests
// share it. Only measures on the list apply ("local bodies may not punish beyond the list").
import type { MeasureAction } from '../lists/measures.ts';

export interface IndexedMeasure {
  code: string;
  name: string;
  action: MeasureAction;
  legalBasis: string;
  listTypes: ReadonlySet<string>;
  subjectTypes: ReadonlySet<string>;
  extendsToResponsible: boolean;
}

export interface IndexedEntry {
  entryId: string;
  listType: string;
  validFrom: string;
  validTo: string;
  decidedBy: string;
  departmentId: number | null;
}

/** What the index knows of a subject with list entries, its own or its organisations'. */
export interface SubjectState {
  subjectId: number;
  publicId: string;
  type: string;
  /** Masked for individuals. */
  code: string;
  name: string;
  own: IndexedEntry[];
  /** Entries of organisations this person is marked with (Jilin regulation Art. 26). */
  asResponsible: { entry: IndexedEntry; org: { code: string; name: string } }[];
}

export interface Hit {
  listType: string;
  entryId: string;
  measureCode: string;
  measureName: string;
  action: MeasureAction;
  legalBasis: string;
  decidedBy: string;
  validTo: string;
  via: 'SELF' | 'RESPONSIBLE_PERSON';
  viaSubject?: { code: string; name: string };
  underReview: boolean;
  /** Not in the answer: for the statistics. */
  departmentId: number | null;
}

const inForce = (e: IndexedEntry, today: string) => e.validFrom <= today && today <= e.validTo;

export function hitsFor(state: SubjectState, measures: readonly IndexedMeasure[], today: string): Hit[] {
  const hits: Hit[] = [];
  const add = (e: IndexedEntry, m: IndexedMeasure, via: Hit['via'], viaSubject?: Hit['viaSubject']) =>
    hits.push({
      listType: e.listType,
      entryId: e.entryId,
      measureCode: m.code,
      measureName: m.name,
      action: m.action,
      legalBasis: m.legalBasis,
      decidedBy: e.decidedBy,
      validTo: e.validTo,
      via,
      ...(viaSubject ? { viaSubject } : {}),
      underReview: false,
      departmentId: e.departmentId,
    });
  for (const e of state.own)
    if (inForce(e, today))
      for (const m of measures)
        if (m.listTypes.has(e.listType) && m.subjectTypes.has(state.type)) add(e, m, 'SELF');
  for (const { entry, org } of state.asResponsible)
    if (inForce(entry, today))
      for (const m of measures)
        if (m.extendsToResponsible && m.listTypes.has(entry.listType) && m.subjectTypes.has(state.type))
          add(entry, m, 'RESPONSIBLE_PERSON', org);
  return hits;
}
