/**
 * One entry point for both identifier kinds; its result is the HTTP response body of
 * POST /api/v1/identifiers/validate.
 */
import type { SubjectSubType, SubjectType } from '../subjects/subject-types.ts';
import {
  normalizeRic,
  type RicValidateOptions,
  type RicValidation,
  ricCheckChar,
  validateRic,
} from './ric.ts';
import { type UsccValidateOptions, usccCheckChar, validateUscc } from './uscc.ts';

export {
  IDENTIFIER_ERROR_CODES,
  IDENTIFIER_WARNING_CODES,
  type IdentifierError,
  type IdentifierErrorCode,
  type IdentifierWarning,
  type IdentifierWarningCode,
} from './issues.ts';

export type IdentifierKind = 'USCC' | 'RIC';

/** The HTTP shape of POST /api/v1/identifiers/validate: the RIC fields plus what a USCC tells. */
export type IdentifierValidation = RicValidation & {
  kind: IdentifierKind;
  subjectType: SubjectType | null;
  subType: SubjectSubType | null;
  registrationAuthority: string | null;
  category: string | null;
};

export type ValidateIdentifierOptions = UsccValidateOptions &
  RicValidateOptions & {
    /** Skip detection and validate as this kind (e.g. when a form already says what was entered). */
    kind?: IdentifierKind;
  };

/** Positions 7–14 look like a birth date: year 18xx–20xx, month 01–12, day 01–31 (shape only). */
function birthDateShaped(s: string): boolean {
  return /^(18|19|20)\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/.test(s);
}

/**
 * Deterministic kind detection on the normalised (trimmed, upper-cased) input.
 *
 * 18 characters:
 * 1. not 17 digits + digit/X (i.e. contains a letter, or X not at the end) → USCC;
 * 2. otherwise, if exactly one of the two checksums holds → that kind (an all-digit USCC such as
 *    region 110119 + organisation code 900101… looks like an RIC born 1990-01-01);
 * 3. otherwise (both or neither hold) → RIC if positions 7–14 are birth-date shaped, else USCC.
 * So an RIC with a typo in its check digit, or with an impossible date but a correct check digit,
 * is still validated as an RIC and gets the relevant error.
 *
 * Any other length: RIC if it is non-empty digits with at most a trailing X (e.g. a 15-digit legacy
 * ID), otherwise USCC.
 */
export function detectIdentifierKind(code: string): IdentifierKind {
  const s = normalizeRic(code);
  if (s.length !== 18) return /^\d+X?$/.test(s) ? 'RIC' : 'USCC';
  if (!/^\d{17}[\dX]$/.test(s)) return 'USCC';
  const first17 = s.slice(0, 17);
  const ricOk = ricCheckChar(first17) === s[17];
  const usccOk = usccCheckChar(first17) === s[17];
  if (ricOk !== usccOk) return ricOk ? 'RIC' : 'USCC';
  return birthDateShaped(s.slice(6, 14)) ? 'RIC' : 'USCC';
}

export function validateIdentifier(code: string, opts: ValidateIdentifierOptions = {}): IdentifierValidation {
  const kind = opts.kind ?? detectIdentifierKind(code);
  if (kind === 'RIC') {
    const r = validateRic(code, opts);
    return {
      valid: r.valid,
      kind,
      normalized: r.normalized,
      subjectType: 'INDIVIDUAL',
      subType: 'RESIDENT',
      registrationAuthority: null,
      category: null,
      regionCode: r.regionCode,
      regionName: r.regionName,
      birthDate: r.birthDate,
      sex: r.sex,
      warnings: r.warnings,
      errors: r.errors,
    };
  }
  const u = validateUscc(code, opts);
  return {
    valid: u.valid,
    kind,
    normalized: u.normalized,
    subjectType: u.subjectType,
    subType: u.subType,
    registrationAuthority: u.registrationAuthority,
    category: u.category,
    regionCode: u.regionCode,
    regionName: u.regionName,
    birthDate: null,
    sex: null,
    warnings: u.warnings,
    errors: u.errors,
  };
}
