import { Type } from 'typebox';
import { Nullable, Paged, PageQuery } from '../../http/schemas.ts';
import { SUBJECT_TYPE_CODES } from './subject-types.ts';

export const SubjectSummary = Type.Object({
  id: Type.String({ description: 'Opaque subject id used in URLs' }),
  code: Type.String({ description: 'USCC, or the masked identity number of an individual' }),
  name: Type.String(),
  type: Type.Enum(SUBJECT_TYPE_CODES),
  typeName: Type.String(),
  typeNameEn: Type.String(),
  subType: Type.String(),
  subTypeName: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  status: Type.String(),
  statusName: Type.String(),
  legalRepresentative: Nullable(Type.String()),
  establishedOn: Nullable(Type.String({ format: 'date' })),
});

export const SubjectPublic = Type.Intersect([
  SubjectSummary,
  Type.Object({
    formerNames: Type.Array(Type.String()),
    address: Nullable(Type.String()),
    registrationAuthority: Nullable(Type.String()),
    industry: Nullable(Type.String()),
    registeredCapital: Nullable(Type.String({ description: '万元, decimal string' })),
  }),
]);

export const SubjectQuery = Type.Object({
  q: Type.Optional(
    Type.String({ maxLength: 100, description: 'name (partial), pinyin initials, USCC or identity number' }),
  ),
  type: Type.Optional(Type.Enum(SUBJECT_TYPE_CODES)),
  region: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
  status: Type.Optional(Type.Enum(['ACTIVE', 'REVOKED', 'CANCELLED', 'DISSOLVED'])),
  ...PageQuery,
});

export const SubjectPage = Paged(SubjectSummary);
export const SubjectParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) });

export const Archive = Type.Object({
  subject: SubjectPublic,
  categories: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      nameEn: Type.String(),
      order: Type.Integer(),
      sections: Type.Array(
        Type.Object({
          key: Type.String(),
          title: Type.String(),
          columns: Type.Array(Type.Object({ key: Type.String(), title: Type.String() })),
          rows: Type.Array(Type.Record(Type.String(), Type.Unknown())),
          total: Type.Integer(),
        }),
      ),
    }),
  ),
  generatedAt: Type.String({ format: 'date-time' }),
});

export const Restricted = Type.Object({
  subject: SubjectPublic,
  identityNumber: Nullable(Type.String()),
  address: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  relations: Type.Array(
    Type.Object({
      role: Type.String(),
      roleName: Type.String(),
      subjectId: Type.String(),
      name: Type.String(),
      identityNumberMasked: Nullable(Type.String()),
      since: Type.String(),
      until: Nullable(Type.String()),
    }),
  ),
});

const Count = Type.Integer();
export const SubjectStats = Type.Object({
  total: Count,
  byType: Type.Array(Type.Object({ type: Type.String(), typeName: Type.String(), count: Count })),
  byStatus: Type.Array(Type.Object({ status: Type.String(), statusName: Type.String(), count: Count })),
  byRegion: Type.Array(Type.Object({ regionCode: Type.String(), regionName: Type.String(), count: Count })),
});

export const RegionList = Type.Object({
  items: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      nameEn: Type.String(),
      level: Type.String(),
      parent: Nullable(Type.String()),
    }),
  ),
});

export const SubjectTypeList = Type.Object({
  items: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() })),
});

const AuthorisationScope = Type.Union([Type.Literal('archive'), Type.Literal('reports')], {
  description: 'archive = 受限档案查阅; reports = 信用报告',
});
export const Authorisation = Type.Object({
  id: Type.Integer(),
  granteeUsername: Type.String(),
  granteeName: Type.String(),
  purpose: Type.String(),
  validFrom: Type.String({ format: 'date' }),
  validTo: Type.String({ format: 'date' }),
  evidence: Nullable(Type.String()),
  scopes: Type.Array(AuthorisationScope),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' }),
});
export const AuthorisationList = Type.Object({ items: Type.Array(Authorisation) });
export const RecordAuthorisationBody = Type.Object({
  granteeUsername: Type.String({ minLength: 1, maxLength: 40 }),
  purpose: Type.String({ minLength: 2, maxLength: 200, description: '用途, e.g. 贷款审批' }),
  validFrom: Type.String({ format: 'date' }),
  validTo: Type.String({ format: 'date' }),
  evidence: Type.Optional(
    Type.String({ maxLength: 500, description: 'reference of the signed authorisation' }),
  ),
  scopes: Type.Optional(
    Type.Array(AuthorisationScope, { minItems: 1, description: '默认 archive 与 reports' }),
  ),
});
export const AuthorisationParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 40 }),
  authorisationId: Type.Integer({ minimum: 1 }),
});
