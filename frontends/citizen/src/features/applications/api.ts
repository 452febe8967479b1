import { ok, type Schema } from '@buergeramt/api-client';
import { api } from '../../services/api';

export type Application = Schema<'ApplicationDto'>;
export type ApplicationPage = Schema<'ApplicationPageDto'>;
export type ApplicationStatus = Application['status'];
export type TimelineEntry = Schema<'TimelineEntryDto'>;
export type Message = Schema<'MessageDto'>;
export type PublishedForm = Schema<'FormDto'>;

/** Starts a draft with the service's current form version (the draft keeps that version). */
export function startApplication(serviceId: string): Promise<Application> {
  return ok(api.POST('/api/v1/applications', { body: { serviceId } }));
}

export function getApplication(id: string): Promise<Application> {
  return ok(api.GET('/api/v1/applications/{id}', { params: { path: { id } } }));
}

/** The resident's own applications, newest first, a page at a time. */
export function listMyApplications(cursor?: string, limit = 20): Promise<ApplicationPage> {
  return ok(api.GET('/api/v1/applications', { params: { query: { cursor, limit } } }));
}

/** Autosave: the answers so far and the attached documents (partial data is fine until submit). */
export function saveApplication(
  id: string,
  changes: { data?: Record<string, unknown>; documentIds?: string[] },
): Promise<Application> {
  return ok(api.PATCH('/api/v1/applications/{id}', { params: { path: { id } }, body: changes }));
}

/**
 * Submits with full validation. `idempotencyKey` is made once per press of the button, so a double
 * click (or a retry after a lost answer) submits once.
 */
export function submitApplication(id: string, idempotencyKey: string): Promise<Application> {
  return ok(
    api.POST('/api/v1/applications/{id}/submit', {
      params: { path: { id }, header: { 'Idempotency-Key': idempotencyKey } },
    }),
  );
}

export function withdrawApplication(id: string): Promise<Application> {
  return ok(api.POST('/api/v1/applications/{id}/withdraw', { params: { path: { id } } }));
}

export async function deleteDraft(id: string): Promise<void> {
  await ok(api.DELETE('/api/v1/applications/{id}', { params: { path: { id } } }));
}

export async function getTimeline(id: string): Promise<TimelineEntry[]> {
  return (await ok(api.GET('/api/v1/applications/{id}/timeline', { params: { path: { id } } }))).items;
}

export async function listMessages(id: string): Promise<Message[]> {
  return (await ok(api.GET('/api/v1/applications/{id}/messages', { params: { path: { id } } }))).items;
}

export function sendMessage(id: string, body: string, documentIds: string[]): Promise<Message> {
  return ok(
    api.POST('/api/v1/applications/{id}/messages', {
      params: { path: { id } },
      body: { body, documentIds },
    }),
  );
}

/** The published form of a service: the newest, or the version an application was started with. */
export function getForm(serviceId: string, version?: number): Promise<PublishedForm> {
  return ok(
    api.GET('/api/v1/services/{idOrSlug}/form', {
      params: { path: { idOrSlug: serviceId }, query: { version } },
    }),
  );
}
