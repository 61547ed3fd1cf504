import { Type } from 'typebox';
import { Nullable, Paged, PageQuery } from '../../http/schemas.ts';

const IsoDate = Type.String({ format: 'date' });
const Text = (max: number, description?: string) =>
  Type.String({ minLength: 1, maxLength: max, description });

export const ListTypeSchema = Type.Enum([
  'RED',
  'SERIOUS_DISHONESTY',
  'KEY_ATTENTION',
  'ABNORMAL_OPERATION',
  'DISHONEST_DEBTOR',
]);
export const DecidedListTypeSchema = Type.Enum(['RED', 'SERIOUS_DISHONESTY', 'KEY_ATTENTION']);
export const ActionSchema = Type.Enum(['BLOCK', 'REVIEW', 'PROMPT', 'FACILITATE']);
export const SubjectTypeSchema = Type.Enum([
  'GOVERNMENT',
  'ENTERPRISE',
  'INDIVIDUAL',
  'INSTITUTION',
  'SOCIAL_ORG',
]);

export const ListSubject = Type.Object({
  publicId: Type.String(),
  code: Type.String({ description: 'masked for individuals' }),
  name: Type.String({ description: 'masked for individuals' }),
  type: Type.String(),
  typeName: Type.String(),
});

export const ListEntry = Type.Object({
  entryId: Type.String(),
  listType: Type.String(),
  listTypeName: Type.String(),
  status: Type.String(),
  statusName: Type.String(),
  source: Type.String(),
  subject: ListSubject,
  decidedBy: Type.Object({ departmentId: Nullable(Type.Integer()), name: Type.String() }),
  regionCode: Type.String(),
  facts: Type.String(),
  basis: Type.String(),
  reason: Type.String(),
  measures: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), action: Type.String() })),
  notice: Nullable(
    Type.Object({ noticedAt: Type.String(), defenceDeadline: Nullable(Type.String()), text: Type.String() }),
  ),
  defence: Nullable(Type.Object({ statement: Type.String(), submittedAt: Type.String() })),
  decision: Nullable(
    Type.Object({
      decisionNo: Type.String(),
      decidedAt: Type.String(),
      removalConditions: Type.String(),
      remedies: Type.String(),
    }),
  ),
  validFrom: Type.String(),
  validTo: Type.String(),
  publishedAt: Nullable(Type.String()),
  removal: Nullable(Type.Object({ kind: Type.String(), reason: Type.String(), at: Type.String() })),
  responsiblePersons: Type.Array(
    Type.Object({
      publicId: Type.String(),
      name: Type.String(),
      role: Type.String(),
      roleName: Type.String(),
    }),
  ),
  interviews: Type.Array(
    Type.Object({
      id: Type.Integer(),
      scheduledAt: Type.String(),
      place: Type.String(),
      status: Type.String(),
      record: Nullable(Type.String()),
      conductedAt: Nullable(Type.String()),
    }),
  ),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const EntryParams = Type.Object({ entryId: Type.String({ minLength: 2, maxLength: 20 }) });
export const InterviewParams = Type.Object({
  entryId: Type.String({ minLength: 2, maxLength: 20 }),
  interviewId: Type.Integer({ minimum: 1 }),
});

export const EntriesQuery = Type.Object({
  listType: Type.Optional(ListTypeSchema),
  status: Type.Optional(Type.String({ maxLength: 20 })),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  ...PageQuery,
});
export const EntriesPage = Paged(ListEntry);

export const NewEntryBody = Type.Object({
  listType: DecidedListTypeSchema,
  subject: Text(40, 'USCC, identity number or subject public id'),
  facts: Text(4000, '认定事实'),
  basis: Text(2000, '认定依据'),
  reason: Text(2000, '列入理由'),
  validFrom: IsoDate,
  validTo: IsoDate,
});
export const DefenceBody = Type.Object({ statement: Text(4000, '陈述申辩意见') });
export const DecideBody = Type.Object({
  decisionNo: Text(100, '决定书文号'),
  removalConditions: Text(2000, '移出条件和程序'),
  remedies: Text(2000, '救济途径'),
});
export const InterviewBody = Type.Object({
  scheduledAt: Type.String({ format: 'date-time' }),
  place: Text(200),
});
export const InterviewRecordBody = Type.Object({
  status: Type.Enum(['DONE', 'MISSED']),
  record: Text(4000, '约谈记录'),
});
export const RemoveBody = Type.Object({ kind: Type.Enum(['REPAIR', 'REVOCATION']), reason: Text(2000) });
export const ReasonBody = Type.Object({ reason: Text(2000) });

export const PublicListParams = Type.Object({ listType: DecidedListTypeSchema });
export const PublicEntriesQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  ...PageQuery,
});
export const PublicEntry = Type.Object({
  entryId: Type.String(),
  listType: Type.String(),
  listTypeName: Type.String(),
  subject: ListSubject,
  decidedBy: Type.String(),
  decisionNo: Nullable(Type.String()),
  validFrom: Type.String(),
  validTo: Type.String(),
  reason: Type.String(),
});
export const PublicEntryDetail = Type.Object({
  ...PublicEntry.properties,
  basis: Type.String(),
  measures: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), action: Type.String() })),
});
export const PublicEntriesPage = Paged(PublicEntry);

export const MeasureBody = Type.Object({
  code: Type.String({ pattern: '^[A-Z0-9][A-Z0-9-]{1,19}$' }),
  list: Type.Enum(['NATIONAL', 'JILIN']),
  class: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)]),
  name: Text(200),
  legalBasis: Text(1000),
  implementingDepartments: Type.Array(Text(100), { minItems: 1, maxItems: 30 }),
  listTypes: Type.Array(ListTypeSchema, { minItems: 1 }),
  subjectTypes: Type.Array(SubjectTypeSchema, { minItems: 1 }),
  matters: Type.Array(Type.String({ maxLength: 40 }), { minItems: 1, maxItems: 50 }),
  action: ActionSchema,
  extendsToResponsible: Type.Boolean(),
});
export const Measure = Type.Object({
  ...MeasureBody.properties,
  listTypes: Type.Array(Type.String()),
  subjectTypes: Type.Array(Type.String()),
  version: Type.Integer(),
  status: Type.String(),
  createdAt: Type.String(),
});
export const MeasuresQuery = Type.Object({
  list: Type.Optional(Type.Enum(['NATIONAL', 'JILIN'])),
  includeRetired: Type.Optional(Type.Boolean({ default: false })),
});
export const CodeParams = Type.Object({ code: Type.String({ maxLength: 20 }) });

export const Candidate = Type.Object({
  id: Type.Integer(),
  rule: Type.String(),
  ruleName: Type.String(),
  listType: Type.String(),
  subject: ListSubject,
  evidence: Type.Array(
    Type.Object({
      recordId: Type.String(),
      item: Type.String(),
      decisionNo: Type.String(),
      decisionDate: Type.String(),
      authority: Type.String(),
    }),
  ),
  status: Type.String(),
  detectedAt: Type.String(),
  entryId: Nullable(Type.String()),
});
export const CandidatesQuery = Type.Object({
  status: Type.Optional(Type.Enum(['OPEN', 'DISMISSED', 'PROMOTED'])),
  ...PageQuery,
});
export const CandidateParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const PromoteBody = Type.Object({ validFrom: IsoDate, validTo: IsoDate });
