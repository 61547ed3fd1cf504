import { Type } from 'typebox';
import { errorResponses, Nullable } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { validateIdentifier } from './validate.ts';

const Issue = Type.Object({ code: Type.String(), message: Type.String() });

const Validation = Type.Object({
  valid: Type.Boolean(),
  kind: Type.Union([Type.Literal('USCC'), Type.Literal('RIC')]),
  normalized: Type.String(),
  subjectType: Nullable(Type.String()),
  subType: Nullable(Type.String()),
  registrationAuthority: Nullable(Type.String()),
  category: Nullable(Type.String()),
  regionCode: Nullable(Type.String()),
  regionName: Nullable(Type.String()),
  birthDate: Nullable(Type.String()),
  sex: Nullable(Type.String()),
  warnings: Type.Array(Issue),
  errors: Type.Array(Issue),
});

export function identifierRoutes(app: App): void {
  app.post(
    '/api/v1/identifiers/validate',
    {
      schema: {
        tags: ['identifiers'],
        summary: '校验统一社会信用代码 (GB 32100) 或公民身份号码 (GB 11643)',
        description:
          'HTTP 200 for any well-formed request, whatever the verdict; the verdict is in `valid` and `errors`.',
        body: Type.Object({ code: Type.String({ maxLength: 64 }) }),
        response: { 200: Validation, ...errorResponses },
      },
    },
    async (req) => validateIdentifier(req.body.code),
  );
}
