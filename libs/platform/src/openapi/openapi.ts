import type { Type } from '@nestjs/common';
import {
  ApiExtension,
  ApiExtraModels,
  ApiProperty,
  getSchemaPath,
  type OpenAPIObject,
} from '@nestjs/swagger';

/**
 * A property holding an instance of the DTO class `type`, or null. Documented as
 * `{ allOf: [{ $ref }], nullable: true }` without a `type` (`@ApiProperty({ type, nullable: true })` adds
 * `type: object`, and `["object", "null"]` next to an `allOf` that must hold still refuses null); the
 * gateway's merger turns it into `anyOf: [{ allOf: [{ $ref }] }, { type: "null" }]`, which generated clients
 * type as `T | null`. The DTO is registered as a component of the document.
 */
export function ApiNullableRef(
  type: Type<unknown>,
  options: { description?: string; required?: boolean } = {},
): PropertyDecorator {
  return (target, key) => {
    ApiExtraModels(type)(target.constructor);
    ApiProperty({ ...options, allOf: [{ $ref: getSchemaPath(type) }], nullable: true })(target, key);
  };
}

/** Extension put on the operations of `@Public()` routes; `openApiDocument` turns it into `security`. */
export const PUBLIC_OPERATION = 'x-public';
/** Extension put on operations that read `@CurrentUser({ optional: true })`: a token is optional there. */
export const OPTIONAL_AUTH_OPERATION = 'x-optional-auth';

/** Marks the route (or every route of the controller) as public in the OpenAPI document. */
export const ApiPublicOperation = (): MethodDecorator & ClassDecorator =>
  ApiExtension(PUBLIC_OPERATION, true);

/** Marks the method as accepting a token without requiring one (used by `@CurrentUser({ optional })`). */
export function markOptionalAuth(target: object, key: string | symbol | undefined): void {
  if (key === undefined) return;
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  if (descriptor) ApiExtension(OPTIONAL_AUTH_OPERATION, true)(target, key, descriptor);
}

const OPERATIONS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const BEARER = 'bearer';

type SecurityRequirement = Record<string, string[]>;

/**
 * Says per operation whether it needs the bearer token, from the `@Public()` marks: a public route gets
 * `security: []` (no token), or `[{}, {bearer: []}]` when it reads an optional caller (a token changes
 * the answer but is not needed); other requirements it declares (a cookie) stay as alternatives to none.
 * Every other route needs the bearer token (the global JwtAuthGuard), declared or not. The marks are
 * removed.
 */
export function applyOperationSecurity(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths ?? {})) {
    for (const method of OPERATIONS) {
      const operation = item[method] as (Record<string, unknown> & { security?: unknown }) | undefined;
      if (!operation) continue;
      const isPublic = operation[PUBLIC_OPERATION] === true;
      const optional = operation[OPTIONAL_AUTH_OPERATION] === true;
      delete operation[PUBLIC_OPERATION];
      delete operation[OPTIONAL_AUTH_OPERATION];
      const declared = Array.isArray(operation.security)
        ? (operation.security as SecurityRequirement[])
        : undefined;
      if (!isPublic) {
        if (declared === undefined || declared.length === 0) operation.security = [{ [BEARER]: [] }];
        continue;
      }
      const others = (declared ?? []).filter(
        (requirement) => !(BEARER in requirement) && Object.keys(requirement).length > 0,
      );
      if (optional) operation.security = [{}, { [BEARER]: [] }, ...others];
      else operation.security = others.length > 0 ? [{}, ...others] : [];
    }
  }
  return document;
}
