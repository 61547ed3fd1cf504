/** Stable error and warning codes reported by the identifier validators (API contract). */

import { isRegionCodeFormat, regionName } from './regions.ts';

export const IDENTIFIER_ERROR_CODES = {
  INVALID_LENGTH: 'INVALID_LENGTH',
  INVALID_CHARACTER: 'INVALID_CHARACTER',
  INVALID_CHECKSUM: 'INVALID_CHECKSUM',
  INVALID_BIRTH_DATE: 'INVALID_BIRTH_DATE',
  UNKNOWN_CATEGORY: 'UNKNOWN_CATEGORY',
  UNKNOWN_AUTHORITY: 'UNKNOWN_AUTHORITY',
  INVALID_REGION_CODE: 'INVALID_REGION_CODE',
} as const;

export const IDENTIFIER_WARNING_CODES = {
  ORG_CODE_CHECKSUM: 'ORG_CODE_CHECKSUM',
  UNKNOWN_REGION: 'UNKNOWN_REGION',
} as const;

export type IdentifierErrorCode = keyof typeof IDENTIFIER_ERROR_CODES;
export type IdentifierWarningCode = keyof typeof IDENTIFIER_WARNING_CODES;

export type IdentifierError = { code: IdentifierErrorCode; message: string };
export type IdentifierWarning = { code: IdentifierWarningCode; message: string };

export type RegionPartCheck = {
  regionCode: string | null;
  regionName: string | null;
  error?: IdentifierError;
  warning?: IdentifierWarning;
};

/**
 * Checks the GB/T 2260 part of a USCC (positions 3–8) or RIC (positions 1–6). A malformed part is
 * an error; a well-formed code missing from the (Jilin-only) table is merely a warning.
 */
export function checkRegionPart(part: string): RegionPartCheck {
  if (!isRegionCodeFormat(part)) {
    return {
      regionCode: null,
      regionName: null,
      error: {
        code: 'INVALID_REGION_CODE',
        message: `行政区划码"${part}"格式错误，应为6位数字且省级部分不为00`,
      },
    };
  }
  const name = regionName(part);
  if (name === undefined) {
    return {
      regionCode: part,
      regionName: null,
      warning: { code: 'UNKNOWN_REGION', message: `行政区划码 ${part} 不在本平台行政区划表中` },
    };
  }
  return { regionCode: part, regionName: name };
}
