// Subjects made ready to store, without the database: what the seed's worker threads load, so it
// imports nothing heavier than pinyin and the identifier checks.
import crypto from 'node:crypto';
import { byteaInput, copyRow, textArrayInput } from '../../db/copy.ts';
import type { PiiVault } from '../../shared/pii.ts';
import { maskIdentityNumber } from '../identifiers/ric.ts';
import { pinyinInitials, searchLexemes, toTsvectorLiteral } from './search-terms.ts';
import type { SUBJECT_STATUSES, SubjectSubType, SubjectType } from './subject-types.ts';

/** A subject ready to store: sensitive fields already sealed, search terms already built. */
export interface StoredSubject {
  publicId: string;
  type: SubjectType;
  subType: string;
  name: string;
  formerNames: string[];
  uscc: string | null;
  idNumberEnc: Buffer | null;
  idNumberHash: Buffer | null;
  idNumberMasked: string | null;
  regionCode: string;
  address: string | null;
  phone: string | null;
  registrationAuthority: string | null;
  establishedOn: string | null;
  status: string;
  legalRepresentative: string | null;
  industry: string | null;
  registeredCapital: string | null;
  pinyinInitials: string;
  searchTerms: string;
}

/** A subject as other modules (intake, demo data) hand it over: plain values, identity number in clear. */
export interface NewSubject {
  publicId?: string;
  type: SubjectType;
  subType: SubjectSubType;
  name: string;
  formerNames?: string[];
  uscc?: string | null;
  identityNumber?: string | null;
  regionCode: string;
  address?: string | null;
  phone?: string | null;
  registrationAuthority?: string | null;
  establishedOn?: string | null;
  status?: keyof typeof SUBJECT_STATUSES;
  legalRepresentative?: string | null;
  industry?: string | null;
  registeredCapital?: string | null;
}

/** Opaque URL id: 'S' + 15 base-32 characters, unrelated to any identifier. */
export function newPublicId(): string {
  const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
  return `S${Array.from(crypto.randomBytes(15), (b) => alphabet[b & 31]).join('')}`;
}

/** Seals the identity number and builds search terms. The clear identity number goes no further. */
export function prepareSubject(vault: PiiVault, s: NewSubject): StoredSubject {
  const initials = pinyinInitials(s.name);
  const id = s.identityNumber ?? null;
  return {
    publicId: s.publicId ?? newPublicId(),
    type: s.type,
    subType: s.subType,
    name: s.name,
    formerNames: s.formerNames ?? [],
    uscc: s.uscc ?? null,
    idNumberEnc: id ? vault.encrypt(id) : null,
    idNumberHash: id ? vault.lookupHash(id) : null,
    idNumberMasked: id ? maskIdentityNumber(id) : null,
    regionCode: s.regionCode,
    address: s.address ?? null,
    phone: s.phone ?? null,
    registrationAuthority: s.registrationAuthority ?? null,
    establishedOn: s.establishedOn ?? null,
    status: s.status ?? 'ACTIVE',
    legalRepresentative: s.legalRepresentative ?? null,
    industry: s.industry ?? null,
    registeredCapital: s.registeredCapital ?? null,
    pinyinInitials: initials,
    searchTerms: toTsvectorLiteral(searchLexemes([s.name, ...(s.formerNames ?? [])].join(' '), initials)),
  };
}

export interface NewRelation {
  orgPublicId: string;
  personPublicId: string;
  role: string;
  since: string;
  until: string | null;
}

/** Columns of a relation's COPY row ({@link relationCopyRow}). */
export const RELATIONS_COPY_TARGET = 'subject_relations (org_id, person_id, role, since, until)';

/** A relation between stored subjects as a COPY row (its own id comes from the sequence). */
export function relationCopyRow(
  orgId: number,
  personId: number,
  r: { role: string; since: string; until: string | null },
): string {
  return copyRow([String(orgId), String(personId), r.role, r.since, r.until]);
}

/** Columns of a subject's COPY row: its id, then {@link subjectCopyRow}. */
export const SUBJECTS_COPY_TARGET = `subjects (id, public_id, type, sub_type, name, former_names, uscc, id_number_enc,
  id_number_hash, id_number_masked, region_code, address, phone, registration_authority, established_on, status,
  legal_representative, industry, registered_capital, pinyin_initials, search_terms)`;

/** A prepared subject's COPY fields after the id (which is reserved when the row is stored). */
export function subjectCopyRow(r: StoredSubject): string {
  // biome-ignore format: mirrors SUBJECTS_COPY_TARGET
  return copyRow([
    r.publicId, r.type, r.subType, r.name, textArrayInput(r.formerNames), r.uscc, byteaInput(r.idNumberEnc),
    byteaInput(r.idNumberHash), r.idNumberMasked, r.regionCode, r.address, r.phone, r.registrationAuthority,
    r.establishedOn, r.status, r.legalRepresentative, r.industry, r.registeredCapital, r.pinyinInitials,
    r.searchTerms,
  ]);
}
