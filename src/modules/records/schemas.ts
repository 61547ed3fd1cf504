import { Type } from 'typebox';
import { Nullable, Paged, PageQuery } from '../../http/schemas.ts';
import { RECORD_ERROR_CODES } from './normalize.ts';

const IsoDate = Type.String({ format: 'date' });

export const ItemParams = Type.Object({
  itemCode: Type.String({
    pattern: '^[A-Z][A-Z0-9_]{1,63}$',
    description: 'Catalogue item code, e.g. ADMIN_PENALTY',
  }),
});

export const IntakeBody = Type.Object({
  records: Type.Array(Type.Record(Type.String(), Type.Unknown()), {
    minItems: 1,
    maxItems: 1000,
    description: 'Up to 1,000 records keyed by national field codes (CF_*, XK_*) or their Chinese labels',
  }),
});

export const RecordErrorSchema = Type.Object({
  field: Nullable(Type.String()),
  code: Type.Enum(Object.keys(RECORD_ERROR_CODES), { description: 'Stable validation code' }),
  message: Type.String({ description: 'Chinese message' }),
});

export const RowResultSchema = Type.Object({
  index: Type.Integer(),
  status: Type.Enum(['accepted', 'rejected', 'duplicate', 'updated']),
  recordId: Type.Optional(Type.String()),
  quarantineId: Type.Optional(Type.Integer()),
  errors: Type.Array(RecordErrorSchema),
});

export const IntakeResponse = Type.Object({
  batchId: Type.Integer(),
  results: Type.Array(RowResultSchema),
});

export const Batch = Type.Object({
  id: Type.Integer(),
  item: Type.String(),
  departmentId: Type.Integer(),
  departmentName: Type.String(),
  channel: Type.String(),
  fileName: Nullable(Type.String()),
  encoding: Nullable(Type.String()),
  status: Type.Enum(['RUNNING', 'DONE', 'FAILED']),
  total: Type.Integer(),
  accepted: Type.Integer(),
  updated: Type.Integer(),
  duplicate: Type.Integer(),
  rejected: Type.Integer(),
  openQuarantine: Type.Integer(),
  progress: Type.Number({ description: '0–1, share of the file read' }),
  errorCode: Nullable(Type.String()),
  errorMessage: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
});
export const BatchPage = Paged(Batch);
export const BatchQuery = Type.Object({
  item: Type.Optional(Type.String()),
  status: Type.Optional(Type.Enum(['RUNNING', 'DONE', 'FAILED'])),
  ...PageQuery,
});
export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const UploadQuery = Type.Object({
  fileName: Type.String({ minLength: 1, maxLength: 255, description: 'Original file name (.csv or .xlsx)' }),
});

export const QuarantineRowSchema = Type.Object({
  id: Type.Integer(),
  batchId: Type.Integer(),
  item: Type.String(),
  departmentId: Type.Integer(),
  departmentName: Type.String(),
  rowNumber: Type.Integer(),
  row: Type.Record(Type.String(), Type.Unknown(), {
    description: 'The row as submitted (list: identity numbers masked)',
  }),
  errors: Type.Array(RecordErrorSchema),
  status: Type.Enum(['OPEN', 'RESOLVED', 'DISCARDED']),
  recordId: Nullable(Type.String()),
  resolvedBy: Nullable(Type.String()),
  resolvedAt: Nullable(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' }),
});
export const QuarantinePage = Paged(QuarantineRowSchema);
export const QuarantineQuery = Type.Object({
  batch: Type.Optional(Type.Integer({ minimum: 1 })),
  item: Type.Optional(Type.String()),
  status: Type.Optional(Type.Enum(['OPEN', 'RESOLVED', 'DISCARDED'])),
  code: Type.Optional(Type.String({ description: 'Only rows with this error code' })),
  ...PageQuery,
});
export const CorrectBody = Type.Object({ record: Type.Record(Type.String(), Type.Unknown()) });
export const CorrectResponse = Type.Object({ result: RowResultSchema, row: QuarantineRowSchema });
export const ReasonBody = Type.Object({ reason: Type.String({ minLength: 2, maxLength: 500 }) });

const RecordSummary = Type.Object({
  id: Type.String(),
  item: Type.String(),
  itemName: Type.String(),
  category: Type.String(),
  catalogue: Type.String(),
  catalogueVersion: Type.String(),
  subject: Type.Object({
    id: Type.String(),
    name: Type.String(),
    type: Type.String(),
    maskedIdNumber: Nullable(Type.String()),
  }),
  partyName: Type.String(),
  partyClass: Type.String(),
  partyClassName: Type.String(),
  decisionNo: Type.String(),
  decisionDate: IsoDate,
  authorityName: Type.String(),
  authorityCode: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  departmentId: Type.Integer(),
  departmentName: Type.String(),
  tier: Nullable(Type.String()),
  tierName: Nullable(Type.String()),
  kinds: Type.Array(Type.String()),
  amount: Nullable(Type.String({ description: '万元, decimal string' })),
  validFrom: Nullable(IsoDate),
  validTo: Nullable(IsoDate),
  status: Type.Enum(['ACTIVE', 'WITHDRAWN']),
  published: Type.Boolean({ description: 'Shown on the portal today' }),
  publicUntil: Nullable(IsoDate),
  intakeDate: IsoDate,
  workingDaysToIntake: Type.Integer(),
  late: Type.Boolean(),
});
export const RecordPage = Paged(RecordSummary);

const FieldValue = Type.Object({ code: Type.String(), label: Type.String(), value: Type.String() });
export const RecordDetail = Type.Intersect([
  RecordSummary,
  Type.Object({
    fields: Type.Array(FieldValue),
    regime: Nullable(Type.String()),
    minimumUntil: Nullable(IsoDate),
    version: Type.Integer(),
    withdrawnAt: Nullable(Type.String({ format: 'date-time' })),
    withdrawnReason: Nullable(Type.String()),
    history: Type.Array(
      Type.Object({
        version: Type.Integer(),
        status: Type.String(),
        replacedAt: Type.String({ format: 'date-time' }),
        fields: Type.Array(FieldValue),
      }),
    ),
  }),
]);

export const RecordQuery = Type.Object({
  subject: Type.Optional(Type.String({ maxLength: 40, description: 'Subject id, USCC or identity number' })),
  item: Type.Optional(Type.String()),
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
  q: Type.Optional(
    Type.String({ maxLength: 100, description: 'Party name (partial, pinyin initials) or decision number' }),
  ),
  region: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
  department: Type.Optional(Type.Integer({ minimum: 1 })),
  kind: Type.Optional(Type.String({ description: 'Licence category or penalty type code' })),
  tier: Type.Optional(Type.Enum(['MINOR', 'GENERAL', 'SERIOUS'])),
  status: Type.Optional(Type.Enum(['ACTIVE', 'WITHDRAWN'])),
  published: Type.Optional(Type.Boolean()),
  ...PageQuery,
});
export const RecordParams = Type.Object({ id: Type.String({ pattern: '^R[0-9a-z]{15}$' }) });

const Rates = {
  received: Type.Integer(),
  accepted: Type.Integer(),
  updated: Type.Integer(),
  duplicate: Type.Integer(),
  rejected: Type.Integer(),
  acceptanceRate: Nullable(Type.Number()),
  records: Type.Integer(),
  late: Type.Integer(),
  timelinessRate: Nullable(Type.Number()),
  usccErrors: Type.Integer(),
  usccErrorRate: Nullable(Type.Number()),
  duplicateRate: Nullable(Type.Number()),
  corrections: Type.Integer(),
};
export const StatsQuery = Type.Object({
  region: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
  department: Type.Optional(Type.Integer({ minimum: 1 })),
  item: Type.Optional(Type.String()),
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
  format: Type.Optional(Type.Enum(['json', 'csv'])),
});
export const IntakeStats = Type.Object({
  lateAfterWorkingDays: Type.Integer(),
  totals: Type.Object(Rates),
  volumes: Type.Array(
    Type.Object({
      month: Type.String(),
      item: Type.String(),
      departmentId: Type.Integer(),
      received: Type.Integer(),
      accepted: Type.Integer(),
      updated: Type.Integer(),
      duplicate: Type.Integer(),
      rejected: Type.Integer(),
    }),
  ),
  errorsByCode: Type.Array(Type.Object({ code: Type.String(), count: Type.Integer() })),
  departments: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), ...Rates })),
});

export const PublicDepartments = Type.Object({
  items: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), regionCode: Type.String() })),
});
