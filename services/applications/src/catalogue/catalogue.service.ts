import type { EventPayloads, Locale } from '@buergeramt/contracts';
import { OutboxPublisher } from '@buergeramt/messaging';
import {
  type AuthUser,
  DEFAULT_LIMIT,
  NotFoundProblem,
  ValidationProblem,
  decodeKeyedCursor,
  encodeKeyedCursor,
  notACursor,
  Clock,
} from '@buergeramt/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AuditService } from '../audit/audit.service';
import { ApplicationsProblem } from '../common/problems';
import { FiguresRepository } from '../stats/figures.repository';
import { type CostModel, FormEntity, type FormUi, ServiceEntity } from './catalogue.entities';
import { CatalogueRepository } from './catalogue.repository';
import type {
  CreateFormDto,
  CreateServiceDto,
  FormDto,
  ServiceAdminDto,
  ServiceDetailDto,
  ServiceListQueryDto,
  ServicePageDto,
  ServiceSummaryDto,
  UpdateServiceDto,
} from './dto/catalogue.dto';
import { FormValidator } from './form-validator';

interface Context {
  actor: AuthUser | 'system';
  requestId?: string | null;
}

export function summaryOf(service: ServiceEntity, locale: Locale): ServiceSummaryDto {
  return {
    id: service.id,
    slug: service.slug,
    leikaKey: service.leikaKey,
    name: service.name[locale],
    summary: service.summary[locale],
    fee: {
      amount: service.feeAmount === null ? null : Number(service.feeAmount),
      currency: 'EUR',
      text: service.feeText[locale],
    },
    appointmentRequired: service.appointmentRequired,
    onlineApplication: service.onlineApplication,
    requiredDocuments: service.requiredDocuments.map((d) => d.name[locale]),
    processingDays: service.processingDays,
    active: service.active,
  };
}

/** The stored cost model: only its own fields (the DTO instance may carry more). */
function costModelOf(dto: CostModel): CostModel {
  return {
    counterStaffMinutes: dto.counterStaffMinutes,
    onlineStaffMinutes: dto.onlineStaffMinutes,
    counterResidentMinutes: dto.counterResidentMinutes,
    onlineResidentMinutes: dto.onlineResidentMinutes,
    staffHourlyRate: dto.staffHourlyRate,
  };
}

export function adminViewOf(service: ServiceEntity): ServiceAdminDto {
  return {
    id: service.id,
    slug: service.slug,
    leikaKey: service.leikaKey,
    name: service.name,
    summary: service.summary,
    description: service.description,
    synonyms: service.synonyms,
    feeAmount: service.feeAmount === null ? null : Number(service.feeAmount),
    feeText: service.feeText,
    requiredDocuments: service.requiredDocuments,
    processingDays: service.processingDays,
    appointmentRequired: service.appointmentRequired,
    onlineApplication: service.onlineApplication,
    costModel: service.costModel,
    active: service.active,
    demo: service.demo,
    updatedAt: service.updatedAt.toISOString(),
  };
}

export function formViewOf(form: FormEntity): FormDto {
  return {
    formId: form.id,
    serviceId: form.serviceId,
    version: form.version,
    schema: form.schema,
    ui: form.ui as unknown as Record<string, unknown>,
    publishedAt: form.publishedAt.toISOString(),
  };
}

/** The catalogue: search, service pages, forms, admin editing; emits catalogue.service-changed. */
@Injectable()
export class CatalogueService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: CatalogueRepository,
    private readonly figures: FiguresRepository,
    private readonly outbox: OutboxPublisher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly validator: FormValidator,
  ) {}

  async list(query: ServiceListQueryDto, locale: Locale): Promise<ServicePageDto> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const [offset] = (decodeKeyedCursor(query.cursor, 'catalogue', 1) ?? [0]) as [number];
    if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) throw notACursor();
    let rows = await this.repository.search(query.q, locale, offset, limit + 1);
    let didYouMean: string | null = null;
    // nothing as typed (not just past the last page): the close matches, with what came closest
    if (
      rows.length === 0 &&
      query.q &&
      (offset === 0 || (await this.repository.search(query.q, locale, 0, 1)).length === 0)
    ) {
      const close = await this.repository.searchClose(query.q, locale, offset, limit + 1);
      rows = close.services;
      didYouMean = close.didYouMean;
    }
    const more = rows.length > limit;
    return {
      items: rows.slice(0, limit).map((s) => summaryOf(s, locale)),
      nextCursor: more ? encodeKeyedCursor('catalogue', [offset + limit]) : null,
      didYouMean,
    };
  }

  async get(idOrSlug: string, locale: Locale): Promise<ServiceDetailDto> {
    const service = await this.repository.findByIdOrSlug(idOrSlug);
    if (!service || !service.active) throw new NotFoundProblem('There is no such service.');
    const [medians, locations, hasForm] = await Promise.all([
      this.figures.processingMedians(this.clock.now(), service.id),
      this.repository.locationsOf(service.id),
      this.repository.hasForm(service.id),
    ]);
    return {
      ...summaryOf(service, locale),
      description: service.description[locale],
      synonyms: service.synonyms,
      locations,
      typicalProcessingDays: medians.get(service.id)?.days ?? null,
      hasForm,
    };
  }

  async adminGet(id: string): Promise<ServiceAdminDto> {
    const service = await this.repository.findById(id);
    if (!service) throw new NotFoundProblem('There is no such service.');
    return adminViewOf(service);
  }

  /** Every service of the catalogue, withdrawn ones too, with all texts (the admin's list). */
  async adminList(): Promise<{ items: ServiceAdminDto[]; nextCursor: null }> {
    return { items: (await this.repository.allServices()).map(adminViewOf), nextCursor: null };
  }

  /** Every published version of a service's form, newest first (a withdrawn service's too). */
  async adminForms(serviceId: string): Promise<{ items: FormDto[]; nextCursor: null }> {
    if (!(await this.repository.findById(serviceId))) throw new NotFoundProblem('There is no such service.');
    return { items: (await this.repository.formsOf(serviceId)).map(formViewOf), nextCursor: null };
  }

  /** The newest published form of a service, or the given version of it. */
  async form(idOrSlug: string, version?: number): Promise<FormDto> {
    const service = await this.repository.findByIdOrSlug(idOrSlug);
    if (!service || !service.active) throw new NotFoundProblem('There is no such service.');
    const form =
      version === undefined
        ? await this.repository.latestForm(service.id)
        : await this.repository.formVersion(service.id, version);
    if (!form) throw new ApplicationsProblem('no-form');
    return formViewOf(form);
  }

  async create(
    dto: CreateServiceDto,
    ctx: Context,
    extra: { id?: string; demo?: boolean } = {},
  ): Promise<ServiceAdminDto> {
    const now = this.clock.now();
    const service = Object.assign(new ServiceEntity(), {
      id: extra.id ?? uuidv7(),
      slug: dto.slug,
      leikaKey: dto.leikaKey ?? null,
      name: { de: dto.name.de, en: dto.name.en },
      summary: { de: dto.summary.de, en: dto.summary.en },
      description: { de: dto.description.de, en: dto.description.en },
      synonyms: dto.synonyms ?? [],
      feeAmount: dto.feeAmount === undefined || dto.feeAmount === null ? null : String(dto.feeAmount),
      feeText: { de: dto.feeText.de, en: dto.feeText.en },
      requiredDocuments: (dto.requiredDocuments ?? []).map((d) => ({
        name: { de: d.name.de, en: d.name.en },
        uploadForOnline: d.uploadForOnline,
      })),
      processingDays: dto.processingDays,
      appointmentRequired: dto.appointmentRequired,
      onlineApplication: dto.onlineApplication,
      costModel: dto.costModel ? costModelOf(dto.costModel) : null,
      active: dto.active ?? true,
      demo: extra.demo ?? false,
      createdAt: now,
      updatedAt: now,
    });
    await this.dataSource.transaction(async (manager) => {
      if (await this.repository.slugTaken(service.slug, null, manager))
        throw new ApplicationsProblem('slug-taken');
      await this.repository.insert(manager, service);
      await this.changed(manager, service, ctx, 'service.created');
    });
    return adminViewOf(service);
  }

  async update(id: string, dto: UpdateServiceDto, ctx: Context): Promise<ServiceAdminDto> {
    return this.dataSource.transaction(async (manager) => {
      const service = await manager
        .getRepository(ServiceEntity)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!service) throw new NotFoundProblem('There is no such service.');
      if (dto.slug !== undefined && (await this.repository.slugTaken(dto.slug, id, manager)))
        throw new ApplicationsProblem('slug-taken');
      if (dto.slug !== undefined) service.slug = dto.slug;
      if (dto.leikaKey !== undefined) service.leikaKey = dto.leikaKey;
      if (dto.name) service.name = { de: dto.name.de, en: dto.name.en };
      if (dto.summary) service.summary = { de: dto.summary.de, en: dto.summary.en };
      if (dto.description) service.description = { de: dto.description.de, en: dto.description.en };
      if (dto.synonyms) service.synonyms = dto.synonyms;
      if (dto.feeAmount !== undefined)
        service.feeAmount = dto.feeAmount === null ? null : String(dto.feeAmount);
      if (dto.feeText) service.feeText = { de: dto.feeText.de, en: dto.feeText.en };
      if (dto.requiredDocuments)
        service.requiredDocuments = dto.requiredDocuments.map((d) => ({
          name: { de: d.name.de, en: d.name.en },
          uploadForOnline: d.uploadForOnline,
        }));
      if (dto.processingDays !== undefined) service.processingDays = dto.processingDays;
      if (dto.appointmentRequired !== undefined) service.appointmentRequired = dto.appointmentRequired;
      if (dto.onlineApplication !== undefined) service.onlineApplication = dto.onlineApplication;
      if (dto.costModel !== undefined)
        service.costModel = dto.costModel === null ? null : costModelOf(dto.costModel);
      if (dto.active !== undefined) service.active = dto.active;
      service.updatedAt = this.clock.now();
      await this.repository.save(manager, service);
      await this.changed(manager, service, ctx, 'service.updated', Object.keys(dto));
      return adminViewOf(service);
    });
  }

  /** Publishes a new, immutable form version; drafts keep the version they started with. */
  async publishForm(serviceId: string, dto: CreateFormDto, ctx: Context): Promise<FormDto> {
    const problems = this.validator.checkDefinition(dto.schema, dto.ui);
    if (problems.length > 0) throw new ValidationProblem(problems, 'The form definition is invalid.');
    return this.dataSource.transaction(async (manager) => {
      const service = await this.repository.findById(serviceId, manager);
      if (!service) throw new NotFoundProblem('There is no such service.');
      const version = await this.repository.nextFormVersion(manager, serviceId);
      const form = Object.assign(new FormEntity(), {
        id: uuidv7(),
        serviceId,
        version,
        schema: dto.schema,
        ui: dto.ui as unknown as FormUi,
        publishedAt: this.clock.now(),
        createdBy: ctx.actor === 'system' ? null : ctx.actor.id,
      });
      await this.repository.insertForm(manager, form);
      await this.audit.record(manager, {
        actor: ctx.actor,
        action: 'form.published',
        targetType: 'form',
        targetId: form.id,
        details: { serviceId, version },
        requestId: ctx.requestId,
      });
      return formViewOf(form);
    });
  }

  private async changed(
    manager: EntityManager,
    service: ServiceEntity,
    ctx: Context,
    action: 'service.created' | 'service.updated',
    fields?: string[],
  ): Promise<void> {
    const payload: EventPayloads['catalogue.service-changed'] = {
      serviceId: service.id,
      slug: service.slug,
      name: service.name,
      appointmentRequired: service.appointmentRequired,
      onlineApplication: service.onlineApplication,
      active: service.active,
    };
    await this.outbox.publish(manager, 'catalogue.service-changed', service.id, payload, {
      traceId: ctx.requestId ?? null,
    });
    await this.audit.record(manager, {
      actor: ctx.actor,
      action,
      targetType: 'service',
      targetId: service.id,
      details: fields ? { fields } : { slug: service.slug },
      requestId: ctx.requestId,
    });
  }
}
