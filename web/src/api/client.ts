import type { ApiErrorBody } from './types';

/** An API failure carrying the stable `error.code`, the Chinese message and the offending field. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Any failure as an `ApiError` (a network or other failure becomes `NETWORK_ERROR`). */
export function toApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'NETWORK_ERROR', String(error));
}

let csrfToken: string | null = null;

/** Remembers the token from the login or `/auth/me` response; sent as `X-CSRF-Token` on writes. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

/** `?a=1&b=x`, leaving out empty values. */
export function toQuery(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  return parse<T>(response);
}

/** The JSON payload of a response; an `ApiError` from the `{error}` body when it failed. */
async function parse<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (payload as Partial<ApiErrorBody> | null)?.error;
    throw new ApiError(
      response.status,
      error?.code ?? `HTTP_${response.status}`,
      error?.message ?? response.statusText,
      error?.field ?? null,
    );
  }
  return payload as T;
}

/**
 * POSTs a file as the raw request body (by default `application/octet-stream`), e.g. an intake upload.
 * `anonymous` sends no cookie: for public endpoints called from the portal, which holds no CSRF token
 * even when the browser also has a console session.
 */
export async function uploadFile<T>(
  path: string,
  file: Blob,
  { contentType = 'application/octet-stream', anonymous = false } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': contentType };
  if (csrfToken && !anonymous) headers['X-CSRF-Token'] = csrfToken;
  return parse<T>(
    await fetch(`/api/v1${path}`, {
      method: 'POST',
      headers,
      credentials: anonymous ? 'omit' : 'same-origin',
      body: file,
    }),
  );
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, undefined, signal),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};
