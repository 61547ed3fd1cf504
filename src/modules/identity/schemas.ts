import { Type } from 'typebox';
import { Nullable, Paged, PageQuery } from '../../http/schemas.ts';

const RegionCode = Type.String({ pattern: '^[0-9]{6}$', description: 'GB/T 2260 region code' });

export const Me = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.String(),
  roleName: Type.String(),
  permissions: Type.Array(Type.String()),
  regionCode: Type.String(),
  regionName: Type.String(),
  departmentId: Nullable(Type.Integer()),
  departmentName: Nullable(Type.String()),
  /** The subject a self-service account acts for. */
  subject: Nullable(Type.Object({ publicId: Type.String(), name: Type.String() })),
});

export const SessionResponse = Type.Object({ user: Me, csrfToken: Type.String() });

export const LoginBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 40 }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
});

export const Department = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  uscc: Nullable(Type.String()),
  regionCode: Type.String(),
  regionName: Type.String(),
  parentId: Nullable(Type.Integer()),
  parentName: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
});

export const DepartmentQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  ...PageQuery,
});
export const DepartmentPage = Paged(Department);

export const CreateDepartmentBody = Type.Object({
  code: Type.String({ pattern: '^[A-Za-z0-9_-]{2,40}$' }),
  name: Type.String({ minLength: 2, maxLength: 100 }),
  uscc: Type.Optional(Nullable(Type.String({ maxLength: 18 }))),
  regionCode: RegionCode,
  parentId: Type.Optional(Nullable(Type.Integer())),
});

export const UpdateDepartmentBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 2, maxLength: 100 })),
  uscc: Type.Optional(Nullable(Type.String({ maxLength: 18 }))),
  regionCode: Type.Optional(RegionCode),
  parentId: Type.Optional(Nullable(Type.Integer())),
});

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const User = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.String(),
  roleName: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  departmentId: Nullable(Type.Integer()),
  departmentName: Nullable(Type.String()),
  disabled: Type.Boolean(),
  lockedUntil: Nullable(Type.String({ format: 'date-time' })),
  lastLoginAt: Nullable(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' }),
});

export const UserQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  role: Type.Optional(Type.String({ maxLength: 40 })),
  ...PageQuery,
});
export const UserPage = Paged(User);

export const CreateUserBody = Type.Object({
  username: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{2,39}$' }),
  displayName: Type.String({ minLength: 1, maxLength: 50 }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
  role: Type.String({ maxLength: 40 }),
  regionCode: RegionCode,
  departmentId: Type.Optional(Nullable(Type.Integer())),
});

export const UpdateUserBody = Type.Object({
  displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  role: Type.Optional(Type.String({ maxLength: 40 })),
  regionCode: Type.Optional(RegionCode),
  departmentId: Type.Optional(Nullable(Type.Integer())),
  disabled: Type.Optional(Type.Boolean()),
  password: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  unlock: Type.Optional(Type.Literal(true)),
});

export const Role = Type.Object({
  code: Type.String(),
  name: Type.String(),
  permissions: Type.Array(Type.String()),
  builtIn: Type.Boolean(),
});
export const RoleList = Type.Object({ items: Type.Array(Role) });
export const RoleParams = Type.Object({ code: Type.String({ maxLength: 40 }) });
export const CreateRoleBody = Type.Object({
  code: Type.String({ pattern: '^[A-Z][A-Z0-9_]{1,39}$' }),
  name: Type.String({ minLength: 1, maxLength: 50 }),
  permissions: Type.Array(Type.String(), { maxItems: 50 }),
});
export const UpdateRoleBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  permissions: Type.Optional(Type.Array(Type.String(), { maxItems: 50 })),
});

export const CodeNameList = Type.Object({
  items: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
});

export const ApiClient = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  departmentId: Type.Integer(),
  departmentName: Type.String(),
  regionCode: Type.String(),
  scopes: Type.Array(Type.String()),
  keyPrefix: Type.String(),
  rateLimitPerMinute: Type.Integer(),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
  lastUsedAt: Nullable(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' }),
});
export const ApiClientPage = Paged(ApiClient);
export const ApiClientWithKey = Type.Object({
  client: ApiClient,
  key: Type.String({ description: 'Shown once; only its hash is stored' }),
});
export const CreateApiClientBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  departmentId: Type.Integer(),
  scopes: Type.Array(Type.String(), { minItems: 1, maxItems: 20 }),
  rateLimitPerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
});
export const PageOnly = Type.Object({ ...PageQuery });
