/**
 * One error format across the API. `code` is stable (department systems branch on it),
 * `message` is Chinese, `field` names the offending input.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const Errors = {
  unauthenticated: () => new AppError(401, 'UNAUTHENTICATED', '请先登录或提供有效的接口密钥'),
  forbidden: (what = '') => new AppError(403, 'FORBIDDEN', `没有执行此操作的权限${what ? `：${what}` : ''}`),
  outOfScope: () => new AppError(403, 'OUT_OF_SCOPE', '超出数据权限范围：该数据不属于您的管辖区域'),
  notFound: (code: string, message: string) => new AppError(404, code, message),
  conflict: (code: string, message: string, field: string | null = null) =>
    new AppError(409, code, message, field),
  invalid: (code: string, message: string, field: string | null = null) =>
    new AppError(422, code, message, field),
};
