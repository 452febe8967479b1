import { ok, type Schema } from '@buergeramt/api-client';
import { api } from '../../services/api';

/**
 * The configuration's calls (appointments: offices; applications: catalogue, forms, webhooks; identity:
 * staff, API clients; notifications: the mail log). Views and components call these, never fetch.
 */

export type AdminLocation = Schema<'AdminLocationDto'>;
export type LocationChange = Schema<'UpdateLocationDto'>;
export type Counter = Schema<'CounterDto'>;
export type WeeklyRange = Schema<'WeeklyRangeDto'>;
export type Closure = Schema<'ClosureDto'>;
export type NewClosure = Schema<'CreateClosureDto'>;
export type ClosureEffect = Schema<'ClosureEffectDto'>;
export type OfferedService = Schema<'OfferedServiceDto'>;
export type Kiosk = Schema<'KioskView'>;
export type CatalogueService = Schema<'ServiceAdminDto'>;
export type ServiceChange = Schema<'UpdateServiceDto'>;
export type PublishedForm = Schema<'FormDto'>;
export type StaffMember = Schema<'StaffDto'>;
export type NewStaffMember = Schema<'CreateStaffDto'>;
export type StaffChange = Schema<'UpdateStaffDto'>;
export type StaffRoleName = StaffMember['roles'][number];
export type ApiClient = Schema<'ApiClientDto'>;
export type CreatedApiClient = Schema<'CreatedApiClientDto'>;
export type Webhook = Schema<'WebhookDto'>;
export type CreatedWebhook = Schema<'CreatedWebhookDto'>;
export type WebhookDelivery = Schema<'applications_DeliveryDto'>;
export type MailDelivery = Schema<'notifications_DeliveryDto'>;
export type MailStatus = MailDelivery['status'];
export type MailKind = MailDelivery['kind'];

const path = (id: string) => ({ params: { path: { id } } });

// ------------------------------------------------------------------------------------------ offices

export async function listLocations(): Promise<AdminLocation[]> {
  return (await ok(api.GET('/api/v1/admin/locations'))).items;
}

export function getLocation(id: string): Promise<AdminLocation> {
  return ok(api.GET('/api/v1/admin/locations/{id}', path(id)));
}

export function updateLocation(id: string, body: LocationChange): Promise<AdminLocation> {
  return ok(api.PATCH('/api/v1/admin/locations/{id}', { ...path(id), body }));
}

export function addCounter(id: string, name: string): Promise<Counter> {
  return ok(api.POST('/api/v1/admin/locations/{id}/counters', { ...path(id), body: { name } }));
}

export function updateCounter(
  id: string,
  counterId: string,
  body: { name?: string; active?: boolean },
): Promise<Counter> {
  return ok(
    api.PATCH('/api/v1/admin/locations/{id}/counters/{counterId}', {
      params: { path: { id, counterId } },
      body,
    }),
  );
}

export async function setOpeningHours(id: string, ranges: WeeklyRange[]): Promise<WeeklyRange[]> {
  return (await ok(api.PUT('/api/v1/admin/locations/{id}/opening-hours', { ...path(id), body: { ranges } })))
    .ranges;
}

export async function listClosures(id: string): Promise<Closure[]> {
  return (await ok(api.GET('/api/v1/admin/locations/{id}/closures', path(id)))).items;
}

/** POST …/closures/preview: the booked appointments a closure would fall on (nothing is changed). */
export function previewClosure(id: string, body: NewClosure): Promise<ClosureEffect> {
  return ok(api.POST('/api/v1/admin/locations/{id}/closures/preview', { ...path(id), body }));
}

export function addClosure(id: string, body: NewClosure): Promise<Closure> {
  return ok(api.POST('/api/v1/admin/locations/{id}/closures', { ...path(id), body }));
}

export async function removeClosure(id: string, closureId: string): Promise<void> {
  await ok(
    api.DELETE('/api/v1/admin/locations/{id}/closures/{closureId}', {
      params: { path: { id, closureId } },
    }),
  );
}

export function offerService(
  id: string,
  serviceId: string,
  body: { durationMinutes: number; maxFutureBookingsPerPerson: number },
): Promise<OfferedService> {
  return ok(
    api.PUT('/api/v1/admin/locations/{id}/services/{serviceId}', {
      params: { path: { id, serviceId } },
      body,
    }),
  );
}

export async function withdrawService(id: string, serviceId: string): Promise<void> {
  await ok(
    api.DELETE('/api/v1/admin/locations/{id}/services/{serviceId}', {
      params: { path: { id, serviceId } },
    }),
  );
}

export async function listKiosks(id: string): Promise<Kiosk[]> {
  return (await ok(api.GET('/api/v1/admin/locations/{id}/kiosks', path(id)))).items;
}

export function registerKiosk(id: string, clientId: string, label: string): Promise<Kiosk> {
  return ok(
    api.PUT('/api/v1/admin/locations/{id}/kiosks/{clientId}', {
      params: { path: { id, clientId } },
      body: label ? { label } : {},
    }),
  );
}

export async function removeKiosk(id: string, clientId: string): Promise<void> {
  await ok(
    api.DELETE('/api/v1/admin/locations/{id}/kiosks/{clientId}', { params: { path: { id, clientId } } }),
  );
}

// ---------------------------------------------------------------------------------------- catalogue

export async function listServices(): Promise<CatalogueService[]> {
  return (await ok(api.GET('/api/v1/admin/services'))).items;
}

export function getService(id: string): Promise<CatalogueService> {
  return ok(api.GET('/api/v1/admin/services/{id}', path(id)));
}

export function updateService(id: string, body: ServiceChange): Promise<CatalogueService> {
  return ok(api.PATCH('/api/v1/admin/services/{id}', { ...path(id), body }));
}

export async function listForms(id: string): Promise<PublishedForm[]> {
  return (await ok(api.GET('/api/v1/admin/services/{id}/forms', path(id)))).items;
}

export function publishForm(
  id: string,
  body: { schema: Record<string, unknown>; ui: Record<string, unknown> },
): Promise<PublishedForm> {
  return ok(api.POST('/api/v1/admin/services/{id}/forms', { ...path(id), body }));
}

// -------------------------------------------------------------------------------------------- staff

export async function listStaff(
  role?: StaffRoleName,
  cursor?: string,
): Promise<{ items: StaffMember[]; nextCursor: string | null }> {
  return ok(api.GET('/api/v1/admin/users', { params: { query: { role, cursor, limit: 50 } } }));
}

export function getStaffMember(id: string): Promise<StaffMember> {
  return ok(api.GET('/api/v1/admin/users/{id}', path(id)));
}

export function createStaffMember(body: NewStaffMember): Promise<StaffMember> {
  return ok(api.POST('/api/v1/admin/users', { body }));
}

export function updateStaffMember(id: string, body: StaffChange): Promise<StaffMember> {
  return ok(api.PATCH('/api/v1/admin/users/{id}', { ...path(id), body }));
}

export function setStaffEnabled(id: string, enabled: boolean): Promise<StaffMember> {
  return enabled
    ? ok(api.POST('/api/v1/admin/users/{id}/enable', path(id)))
    : ok(api.POST('/api/v1/admin/users/{id}/disable', path(id)));
}

export function resetTotp(id: string): Promise<StaffMember> {
  return ok(api.POST('/api/v1/admin/users/{id}/mfa/reset', path(id)));
}

// ------------------------------------------------------------------------------------- integrations

export async function listApiClients(): Promise<ApiClient[]> {
  return (await ok(api.GET('/api/v1/admin/api-clients'))).items;
}

export function createApiClient(name: string, scopes: string[]): Promise<CreatedApiClient> {
  return ok(
    api.POST('/api/v1/admin/api-clients', {
      body: { name, scopes: scopes as Schema<'CreateApiClientDto'>['scopes'] },
    }),
  );
}

export async function revokeApiClient(id: string): Promise<void> {
  await ok(api.DELETE('/api/v1/admin/api-clients/{id}', path(id)));
}

export async function listWebhooks(): Promise<Webhook[]> {
  return (await ok(api.GET('/api/v1/admin/webhooks', { params: { query: { limit: 100 } } }))).items;
}

export function createWebhook(url: string, events: string[]): Promise<CreatedWebhook> {
  return ok(
    api.POST('/api/v1/admin/webhooks', {
      body: { url, events: events as Schema<'CreateWebhookDto'>['events'] },
    }),
  );
}

export async function deleteWebhook(id: string): Promise<void> {
  await ok(api.DELETE('/api/v1/admin/webhooks/{id}', path(id)));
}

export async function listWebhookDeliveries(id: string): Promise<WebhookDelivery[]> {
  return (
    await ok(
      api.GET('/api/v1/admin/webhooks/{id}/deliveries', { params: { path: { id }, query: { limit: 50 } } }),
    )
  ).items;
}

export function redeliver(id: string, deliveryId: string): Promise<WebhookDelivery> {
  return ok(
    api.POST('/api/v1/admin/webhooks/{id}/deliveries/{deliveryId}/redeliver', {
      params: { path: { id, deliveryId } },
    }),
  );
}

export async function listMailDeliveries(
  filter: { status?: MailStatus; kind?: MailKind },
  cursor?: string,
): Promise<{ items: MailDelivery[]; nextCursor: string | null }> {
  return ok(
    api.GET('/api/v1/admin/notifications/deliveries', {
      params: { query: { ...filter, cursor, limit: 50 } },
    }),
  );
}

export function retryMail(id: string): Promise<MailDelivery> {
  return ok(api.POST('/api/v1/admin/notifications/deliveries/{id}/retry', path(id)));
}
