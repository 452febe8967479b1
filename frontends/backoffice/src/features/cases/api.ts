import {
  ok,
  type Schema,
  type UploadControls,
  type UploadedDocument,
  uploadDocument,
} from '@buergeramt/api-client';
import { currentLocale } from '../../i18n';
import { api, session } from '../../services/api';
import { listQuery, apiFilters, type InboxFilters, type InboxState } from './inboxQuery';

/** Case work's calls (applications and documents services); views and components call these, never fetch. */

export type Application = Schema<'ApplicationDto'>;
export type ApplicationStatus = Application['status'];
export type ApplicationPage = Schema<'ApplicationPageDto'>;
export type InboxCounts = Schema<'InboxCountsDto'>;
export type StaffMember = Schema<'StaffMemberDto'>;
export type TimelineEntry = Schema<'TimelineEntryDto'>;
export type Message = Schema<'MessageDto'>;
export type AuditEntry = Schema<'AuditEntryDto'>;
export type PublishedForm = Schema<'FormDto'>;
export type ServiceSummary = Schema<'ServiceSummaryDto'>;
export type DocumentInfo = Schema<'DocumentDto'>;

/** GET /applications: one page of the inbox, by due date, with the state's filters. */
export function listInbox(state: InboxState): Promise<ApplicationPage> {
  return ok(api.GET('/api/v1/applications', { params: { query: listQuery(state) } }));
}

/** GET /applications/counts: every filter value's count with the other filters, in one request. */
export function inboxCounts(filters: InboxFilters): Promise<InboxCounts> {
  return ok(api.GET('/api/v1/applications/counts', { params: { query: apiFilters(filters) } }));
}

/** GET /services: the catalogue, for the services' names (the inbox's filter and columns). */
export async function listServices(): Promise<ServiceSummary[]> {
  return (await ok(api.GET('/api/v1/services', { params: { query: { limit: 100 } } }))).items;
}

/** GET /applications/staff: who cases can be assigned to, by name. */
export async function listStaff(): Promise<StaffMember[]> {
  return (await ok(api.GET('/api/v1/applications/staff'))).items;
}

export function getApplication(id: string): Promise<Application> {
  return ok(api.GET('/api/v1/applications/{id}', { params: { path: { id } } }));
}

/** The form version the case was started with (a case keeps its version). */
export function getForm(serviceId: string, version: number): Promise<PublishedForm> {
  return ok(
    api.GET('/api/v1/services/{idOrSlug}/form', {
      params: { path: { idOrSlug: serviceId }, query: { version } },
    }),
  );
}

export async function getTimeline(id: string): Promise<TimelineEntry[]> {
  return (await ok(api.GET('/api/v1/applications/{id}/timeline', { params: { path: { id } } }))).items;
}

/** The whole thread, oldest first (a page at a time from the API). */
export async function listMessages(id: string): Promise<Message[]> {
  const messages: Message[] = [];
  let cursor: string | undefined;
  do {
    const page = await ok(
      api.GET('/api/v1/applications/{id}/messages', {
        params: { path: { id }, query: { limit: 100, cursor } },
      }),
    );
    messages.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return messages;
}

/** POST /applications/{id}/messages, with attachments: the clerk's own uploads or documents of the case. */
export function sendMessage(id: string, body: string, documentIds: readonly string[] = []): Promise<Message> {
  return ok(
    api.POST('/api/v1/applications/{id}/messages', {
      params: { path: { id } },
      body: documentIds.length > 0 ? { body, documentIds: [...documentIds] } : { body },
    }),
  );
}

/** GET /applications/{id}/audit (supervisors): the first 100 entries of the case's audit trail. */
export function getAuditTrail(id: string, cursor?: string): Promise<Schema<'AuditPageDto'>> {
  return ok(
    api.GET('/api/v1/applications/{id}/audit', { params: { path: { id }, query: { limit: 100, cursor } } }),
  );
}

export function assign(id: string, assigneeId: string): Promise<Application> {
  return ok(api.POST('/api/v1/applications/{id}/assign', { params: { path: { id } }, body: { assigneeId } }));
}

export function startReview(id: string): Promise<Application> {
  return ok(api.POST('/api/v1/applications/{id}/review', { params: { path: { id } } }));
}

export function requestInfo(id: string, message: string): Promise<Application> {
  return ok(
    api.POST('/api/v1/applications/{id}/request-info', { params: { path: { id } }, body: { message } }),
  );
}

export function decide(id: string, outcome: 'approved' | 'rejected', reason: string): Promise<Application> {
  return ok(
    api.POST('/api/v1/applications/{id}/decide', { params: { path: { id } }, body: { outcome, reason } }),
  );
}

/** GET /documents/{id}: name, type, size and scan state. */
export function getDocument(id: string): Promise<DocumentInfo> {
  return ok(api.GET('/api/v1/documents/{id}', { params: { path: { id } } }));
}

/**
 * GET /documents/{id}/content as a Blob of the given type (the documents service accepts PDF, JPEG and PNG
 * only; the type from its metadata labels the blob, so the browser never guesses another kind).
 */
export async function getDocumentContent(id: string, mediaType: string): Promise<Blob> {
  const data = await ok(
    api.GET('/api/v1/documents/{id}/content', { params: { path: { id } }, parseAs: 'blob' }),
  );
  return new Blob([data], { type: mediaType });
}

/** POST /documents (multipart, with progress) through the clerk's session: a file to attach to a message. */
export function uploadAttachment(file: File, controls: UploadControls = {}): Promise<UploadedDocument> {
  return uploadDocument({ session, language: currentLocale }, file, controls);
}

/** DELETE /documents/{id}: an own upload taken off a message before it was sent. */
export async function deleteDocument(id: string): Promise<void> {
  await ok(api.DELETE('/api/v1/documents/{id}', { params: { path: { id } } }));
}
