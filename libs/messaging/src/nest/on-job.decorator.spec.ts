import type { EntityManager } from 'typeorm';
import type { JobContext } from '../job-consumer';
import { getOnJobMetadata, OnJob } from './on-job.decorator';

class Jobs {
  readonly attempts = 5;

  @OnJob<Jobs>('webhooks', 'deliver', { attempts: (self) => self.attempts })
  async deliver(data: { id: string }, _manager: EntityManager, _job: JobContext): Promise<string> {
    return Promise.resolve(data.id);
  }

  @OnJob('mail', { consumer: 'Mail.send' })
  async anyMail(_data: { deliveryId: string }): Promise<void> {}

  // @ts-expect-error a handler returns a promise
  @OnJob('mail', 'x')
  notAsync(_data: unknown): void {}
}

describe('@OnJob', () => {
  it('records the queue, the job name (null: every name) and the options on the method', () => {
    const [deliver] = getOnJobMetadata(Jobs.prototype.deliver);
    expect(deliver).toMatchObject({ queue: 'webhooks', name: 'deliver' });
    expect((deliver!.options.attempts as (self: Jobs) => number)(new Jobs())).toBe(5);
    expect(getOnJobMetadata(Jobs.prototype.anyMail)).toEqual([
      { queue: 'mail', name: null, options: { consumer: 'Mail.send' } },
    ]);
    expect(getOnJobMetadata(() => undefined)).toEqual([]);
    expect(getOnJobMetadata('not a function')).toEqual([]);
  });
});
