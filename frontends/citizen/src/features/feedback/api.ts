import { ok, type Schema } from '@buergeramt/api-client';
import { api } from '../../services/api';

export type FeedbackSubjectType = Schema<'CreateFeedbackDto'>['subjectType'];
export type NewFeedback = Schema<'CreateFeedbackDto'>;

/**
 * The rating of a completed appointment or a decided case, by the person served: logged in, or with the
 * token of the feedback mail. 409 `feedback-exists` (rated before), 409 `feedback-not-allowed` (not yet
 * completed or decided), 404 (not theirs, or the link is wrong), 422 (field errors).
 */
export async function sendFeedback(feedback: NewFeedback, token?: string): Promise<void> {
  await ok(api.POST('/api/v1/feedback', { params: { query: { token } }, body: feedback }));
}
