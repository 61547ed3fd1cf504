import { Type } from 'typebox';
import { Nullable } from '../../http/schemas.ts';
import { TrustedPlatformSchema } from '../ledger/peers.ts';

export const IssueBody = Type.Object({
  subject: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 40,
      description: 'USCC, identity number or subject id; omit for your own subject',
    }),
  ),
  purpose: Type.String({ minLength: 2, maxLength: 100, description: '查询用途，如"招标投标资格审查"' }),
});

export const IssueResponse = Type.Object({
  reportNo: Type.String(),
  verifyCode: Type.String(),
  issuedAt: Type.String(),
  contentHash: Type.String(),
  ledgerIndex: Type.Integer(),
  pdfUrl: Type.String(),
  jsonUrl: Type.String(),
  verifyUrl: Type.String(),
});

export const ReportParams = Type.Object({ reportNo: Type.String({ pattern: '^[A-Z0-9]{8,40}$' }) });
export const FileParams = Type.Object({
  file: Type.String({
    pattern: '^[A-Z0-9]{8,40}\\.(pdf|json)$',
    description: '<reportNo>.pdf or <reportNo>.json',
  }),
});

export const VerifyQuery = Type.Object({ code: Type.String({ minLength: 4, maxLength: 16 }) });

export const Check = Type.Object({ code: Type.String(), ok: Type.Boolean(), message: Type.String() });

export const VerifyResponse = Type.Object({
  valid: Type.Boolean(),
  reportNo: Type.String(),
  issuedAt: Type.String(),
  validUntil: Type.String(),
  subjectName: Type.String({ description: 'masked for individuals' }),
  subjectCode: Nullable(Type.String()),
  contentHash: Type.String(),
  signatureValid: Type.Boolean(),
  ledgerIndex: Type.Integer(),
  checkpoint: Type.String(),
  checks: Type.Array(Check),
});

export const VerifyFileResponse = Type.Object({
  valid: Type.Boolean(),
  kind: Type.Union([Type.Literal('pdf'), Type.Literal('json'), Type.Literal('unknown')]),
  reportNo: Nullable(Type.String()),
  origin: Nullable(Type.String()),
  checks: Type.Array(Check),
});

export const MyReports = Type.Object({
  reports: Type.Array(
    Type.Object({
      reportNo: Type.String(),
      purpose: Type.String(),
      requester: Type.String(),
      issuedAt: Type.String(),
      validUntil: Type.String(),
    }),
  ),
  accesses: Type.Array(
    Type.Object({
      at: Type.String(),
      who: Type.String(),
      whoType: Type.String(),
      action: Type.String(),
      reportNo: Nullable(Type.String()),
      purpose: Nullable(Type.String()),
    }),
  ),
});

export const ProofBundle = Type.Object({
  reportNo: Type.String(),
  contentHash: Type.String(),
  index: Type.Integer(),
  inclusionProof: Type.Array(Type.String()),
  checkpoint: Type.String(),
  keys: TrustedPlatformSchema,
});
