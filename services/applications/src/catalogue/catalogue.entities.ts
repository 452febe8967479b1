import type { FormUi } from '@buergeramt/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export interface Localized {
  de: string;
  en: string;
}

/** A document a resident needs for a service (shown in the catalogue). */
export interface RequiredDocument {
  name: Localized;
  /** must be uploaded with an online application */
  uploadForOnline: boolean;
}

/** Minutes per case and channel and the staff's hourly rate (CostModelDto). */
export interface CostModel {
  counterStaffMinutes: number;
  onlineStaffMinutes: number;
  counterResidentMinutes: number;
  onlineResidentMinutes: number;
  staffHourlyRate: number;
}

@Entity({ name: 'services' })
export class ServiceEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  slug!: string;

  @Column('text', { name: 'leika_key', nullable: true })
  leikaKey!: string | null;

  @Column('jsonb')
  name!: Localized;

  @Column('jsonb')
  summary!: Localized;

  @Column('jsonb')
  description!: Localized;

  @Column('text', { array: true })
  synonyms!: string[];

  /** euros; null when it depends on the case (the text says how) */
  @Column('numeric', { name: 'fee_amount', nullable: true, precision: 10, scale: 2 })
  feeAmount!: string | null;

  @Column('jsonb', { name: 'fee_text' })
  feeText!: Localized;

  @Column('jsonb', { name: 'required_documents' })
  requiredDocuments!: RequiredDocument[];

  @Column('int', { name: 'processing_days' })
  processingDays!: number;

  @Column('boolean', { name: 'appointment_required' })
  appointmentRequired!: boolean;

  @Column('boolean', { name: 'online_application' })
  onlineApplication!: boolean;

  /** the Standardkostenmodell inputs of the digitalisation check (CostModelDto); null: not set */
  @Column('jsonb', { name: 'cost_model', nullable: true })
  costModel!: CostModel | null;

  @Column('boolean')
  active!: boolean;

  @Column('boolean')
  demo!: boolean;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}

/** A published form version: immutable (a database trigger refuses UPDATE). */
@Entity({ name: 'forms' })
export class FormEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'service_id' })
  serviceId!: string;

  @Column('int')
  version!: number;

  @Column('jsonb')
  schema!: Record<string, unknown>;

  @Column('jsonb')
  ui!: FormUi;

  @Column('timestamptz', { name: 'published_at' })
  publishedAt!: Date;

  @Column('text', { name: 'created_by', nullable: true })
  createdBy!: string | null;
}

/** The UI description of a form (its type is shared with the web apps, which render it). */
export type { FormUi };
