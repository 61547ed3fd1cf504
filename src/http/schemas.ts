import { type Static, type TSchema, Type } from 'typebox';

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable machine code, e.g. SUBJECT_NOT_FOUND' }),
      message: Type.String({ description: 'Chinese message for people' }),
      field: Type.Union([Type.String(), Type.Null()]),
      requestId: Type.String(),
    }),
  },
  { title: 'ErrorResponse' },
);

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
};

export function Paged<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    page: Type.Integer(),
    pageSize: Type.Integer(),
    total: Type.Integer(),
    totalCapped: Type.Boolean({ description: 'true: at least `total` matches (counts are capped)' }),
  });
}

// Null first: with type coercion on, ajv would otherwise turn a JSON null into 0 or '' for the first branch.
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([Type.Null(), schema]);

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
  totalCapped: boolean;
}

export type PageParams = { page?: number; pageSize?: number };

export function pageWindow(p: PageParams): { page: number; pageSize: number; offset: number } {
  const page = p.page ?? 1;
  const pageSize = p.pageSize ?? 20;
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/** Counts above this are reported as "at least" (`totalCapped`): counting millions of matches exactly is wasted work. */
export const COUNT_CAP = 10_000;

export function toPage<R, T>(
  w: { page: number; pageSize: number },
  rows: R[],
  total: number,
  present: (row: R) => T,
  cap = COUNT_CAP,
): Page<T> {
  return {
    items: rows.map(present),
    page: w.page,
    pageSize: w.pageSize,
    total,
    totalCapped: total >= cap,
  };
}

/** Standard error responses every route may give, for the OpenAPI document. */
export const errorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
  429: ErrorResponse,
  503: ErrorResponse,
};

export type { Static };
