import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DECORATORS } from '@nestjs/swagger';
import type { ValidatorOptions } from 'class-validator';
import { type FieldError, ValidationProblem } from './problem';

/** Flattens class-validator's tree into `{field: 'a.b[0].c', message}` entries. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const result: FieldError[] = [];
  for (const error of errors) {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      result.push({ field, message });
    }
    if (error.children?.length) result.push(...flattenValidationErrors(error.children, field));
  }
  return result;
}

export const NOT_NULL_MESSAGE = 'must not be null';

/**
 * Whether a DTO property takes `null`: exactly when its OpenAPI schema says `nullable: true`
 * (`@ApiProperty({ nullable: true })`, `@ApiPropertyOptional({ nullable: true })`, `ApiNullableRef`), so the
 * document and the validation agree.
 */
export function isNullableProperty(target: object, property: string): boolean {
  const metadata: unknown = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, target, property);
  return (
    typeof metadata === 'object' &&
    metadata !== null &&
    (metadata as { nullable?: unknown }).nullable === true
  );
}

/** A DTO instance built by class-transformer (not a plain object, array, date or buffer). */
function isDtoInstance(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return (
    prototype !== Object.prototype &&
    prototype !== null &&
    !(value instanceof Date) &&
    !Buffer.isBuffer(value) &&
    !ArrayBuffer.isView(value)
  );
}

/**
 * `null` where the DTO does not allow it, as class-validator errors (`isNotNull`). `@IsOptional()` lets
 * `null` through to the handler, where it would become a not-null violation in the database (500) or clear
 * a field that must always have a value: absent means "keep" in a PATCH, `null` only means "remove" where
 * the property is documented as nullable.
 */
export function findForbiddenNulls(object: unknown, seen = new Set<object>()): ValidationError[] {
  if (!isDtoInstance(object) || seen.has(object)) return [];
  seen.add(object);
  const errors: ValidationError[] = [];
  for (const [property, value] of Object.entries(object)) {
    if (value === null) {
      if (!isNullableProperty(object, property)) {
        errors.push({ property, constraints: { isNotNull: NOT_NULL_MESSAGE }, children: [] });
      }
      continue;
    }
    const children = Array.isArray(value)
      ? value.flatMap((item, index) => {
          const nested = findForbiddenNulls(item, seen);
          return nested.length > 0 ? [{ property: String(index), children: nested }] : [];
        })
      : findForbiddenNulls(value, seen);
    if (children.length > 0) errors.push({ property, children });
  }
  return errors;
}

/** class-validator's errors with `extra` merged in where they do not name a field already refused. */
function mergeErrors(errors: ValidationError[], extra: ValidationError[]): ValidationError[] {
  const merged = [...errors];
  for (const error of extra) {
    const existing = merged.find((e) => e.property === error.property);
    if (!existing) merged.push(error);
    else if (!existing.constraints && error.children?.length) {
      existing.children = mergeErrors(existing.children ?? [], error.children);
    }
  }
  return merged;
}

/** The platform's pipe: Nest's ValidationPipe that also refuses `null` for properties not nullable. */
class PlatformValidationPipe extends ValidationPipe {
  protected override async validate(
    object: object,
    validatorOptions?: ValidatorOptions,
  ): Promise<ValidationError[]> {
    const errors = await super.validate(object, validatorOptions);
    return mergeErrors(errors, findForbiddenNulls(object));
  }
}

/**
 * Whitelisting validation: unknown fields are refused, types converted, `null` only where the property is
 * nullable; failures are 422 with field errors.
 */
export function createValidationPipe(): ValidationPipe {
  return new PlatformValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true, // one entry per failing field
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationProblem(flattenValidationErrors(errors)),
  });
}
