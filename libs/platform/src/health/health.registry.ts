import { Injectable } from '@nestjs/common';

export type HealthCheck = () => Promise<void>;
export type CheckState = 'up' | 'down';

/** Readiness checks of this process. Modules that own a connection register a check for it. */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  /** Runs every check concurrently, each bounded by `timeoutMs`. */
  async run(timeoutMs = 2000): Promise<{ ok: boolean; checks: Record<string, CheckState> }> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]): Promise<[string, CheckState]> => {
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            check(),
            new Promise((_, reject) => {
              timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
            }),
          ]);
          return [name, 'up'];
        } catch {
          return [name, 'down'];
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    const checks = Object.fromEntries(entries);
    return { ok: entries.every(([, state]) => state === 'up'), checks };
  }
}
