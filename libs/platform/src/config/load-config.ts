import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';

/** Boot refuses to start on bad configuration, naming every bad variable at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((e) => {
    const shown = /SECRET|PASSWORD|TOKEN|KEY|DATABASE_URL/.test(e.property) ? '(hidden)' : JSON.stringify(e.value);
    return Object.values(e.constraints ?? {}).map((m) =>
      m.startsWith(e.property) ? `${m} (got ${shown})` : `${e.property}: ${m} (got ${shown})`,
    );
  });
}

/** Reads only the variables the class declares; unknown ones are ignored. */
export function loadConfig<T extends object>(cls: new () => T, env: NodeJS.ProcessEnv = process.env): T {
  const defaults = new cls();
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(defaults)) if (env[key] !== undefined) raw[key] = env[key];
  // Optional keys without a default are not own properties of `defaults`; pick them up too.
  for (const [key, value] of Object.entries(env)) if (!(key in raw) && isDeclared(cls, key)) raw[key] = value;
  const instance = plainToInstance(cls, { ...defaults, ...raw });
  const errors = validateSync(instance, { forbidUnknownValues: false });
  if (errors.length > 0) throw new ConfigError(describe(errors));
  return instance;
}

function isDeclared(cls: new () => object, key: string): boolean {
  // class-validator keeps per-class metadata; a key with any validator is part of the config.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { getMetadataStorage } = require('class-validator') as typeof import('class-validator');
  return getMetadataStorage()
    .getTargetValidationMetadatas(cls, '', false, false)
    .some((m) => m.propertyName === key);
}
