import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';

/** Thrown when the environment does not satisfy a config class. The message is one line naming each variable. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly variables: string[],
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

type ConfigClass<T> = new () => T;

/** The environment variable names a config class declares (every validated property). */
export function declaredVariables(cls: ConfigClass<object>): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))].sort();
}

function describe(error: ValidationError): string {
  const reason = Object.values(error.constraints ?? {})[0] ?? 'is invalid';
  // class-validator's own messages start with the property name, custom ones do not
  return reason.startsWith(`${error.property} `) ? reason : `${error.property} ${reason}`;
}

/**
 * Reads exactly the variables the class declares from `env`, converts them (see the decorators in
 * `env.ts`), fills in the class's defaults and validates. Never reads anything else, never logs values
 * (they may be secrets): the error names variables and rules only.
 */
export function loadConfig<T extends object>(cls: ConfigClass<T>, env: NodeJS.ProcessEnv = process.env): T {
  const plain: Record<string, string> = {};
  for (const name of declaredVariables(cls)) {
    const value = env[name];
    if (value !== undefined && value !== '') plain[name] = value;
  }
  const config = plainToInstance(cls, plain, { exposeDefaultValues: true });
  const errors = validateSync(config, {
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  if (errors.length > 0) {
    const variables = errors.map((e) => e.property);
    throw new ConfigError(`Invalid environment: ${errors.map(describe).join('; ')}`, variables);
  }
  return config;
}

/** For main.ts: load the config, or print the one-line reason and stop the process. */
export function loadConfigOrExit<T extends object>(
  cls: ConfigClass<T>,
  env: NodeJS.ProcessEnv = process.env,
): T {
  try {
    return loadConfig(cls, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
