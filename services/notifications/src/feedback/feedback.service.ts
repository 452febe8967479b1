import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type FeedbackPerson, FeedbackTokens } from '@buergeramt/platform';
import { NotificationsConfig } from '../config';
import { NotifyService, type NotifyOutcome } from '../notify/notify.service';
import type { Addressee } from '../notify/recipient-resolver';
import type { FeedbackSubjectType } from '../templates/links';
import { FeedbackRequestsRepository } from './feedback-requests.repository';
import { personKey } from './feedback-tokens';

/** Nobody is asked for feedback more than once in this many days. */
export const FEEDBACK_INTERVAL_DAYS = 7;

export interface FeedbackRequest {
  subjectType: FeedbackSubjectType;
  subjectId: string;
  reference: string | null;
  to: Addressee;
  event: { id: string; type: string };
}

/** Short feedback requests (one click to a rating) after a completed appointment or a decision. */
@Injectable()
export class FeedbackService {
  private readonly tokens: FeedbackTokens;

  constructor(
    @Inject(NotificationsConfig) private readonly config: NotificationsConfig,
    private readonly requests: FeedbackRequestsRepository,
    private readonly notify: NotifyService,
  ) {
    this.tokens = new FeedbackTokens(config.FEEDBACK_TOKEN_SECRET);
  }

  /** Asks for feedback unless the person was asked within the last week; resolves with what happened. */
  async request(manager: EntityManager, r: FeedbackRequest): Promise<NotifyOutcome | 'throttled'> {
    const person: FeedbackPerson = r.to.userId ? { userId: r.to.userId } : { email: r.to.address!.email };
    const allowed = await this.requests.claim(
      manager,
      personKey(person),
      { type: r.subjectType, id: r.subjectId },
      FEEDBACK_INTERVAL_DAYS,
    );
    if (!allowed) return 'throttled';
    return this.notify.notify(manager, {
      kind: 'feedback-request',
      params: {
        subjectType: r.subjectType,
        subjectId: r.subjectId,
        reference: r.reference,
        token: this.tokens.sign(r.subjectType, r.subjectId, person),
      },
      dedupeKey: `feedback:${r.subjectType}:${r.subjectId}`,
      to: r.to,
      event: r.event,
    });
  }
}
