import { type AuthUser, NotFoundProblem, ValidationProblem, Clock } from '@buergeramt/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppointmentsProblem } from '../common/appointments.errors';
import { assertWorksAt } from '../common/staff-access';
import { LocationEntity } from '../locations/location.entities';
import { KioskEntity } from './kiosk.entity';

/** identity's client ids (`cl_…`), and anything of that shape another issuer might use. */
const CLIENT_ID = /^[A-Za-z0-9_.:-]{1,200}$/;

export interface KioskDto {
  clientId: string;
  label: string | null;
  createdAt: string;
}

interface AdminContext {
  actor: AuthUser;
  requestId: string;
}

/**
 * Ticket kiosks: machine clients with the scope `tickets:write` that an admin registered for a location.
 * A kiosk draws tickets (walk-in or check-in) at its locations only; the client itself is created in
 * identity (POST /admin/api-clients), which this service does not call.
 */
@Injectable()
export class KiosksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** 403 `location-not-assigned` unless the caller may draw tickets at the location. */
  async assertMayDrawAt(user: AuthUser, locationId: string, manager?: EntityManager): Promise<void> {
    if (user.kind === 'user') return assertWorksAt(user, locationId);
    const registered = await (manager ?? this.dataSource.manager).existsBy(KioskEntity, {
      locationId,
      clientId: user.id,
    });
    if (!registered) throw new AppointmentsProblem('location-not-assigned');
  }

  async list(locationId: string): Promise<{ items: KioskDto[]; nextCursor: null }> {
    await this.requireLocation(this.dataSource.manager, locationId);
    const rows = await this.dataSource.manager.find(KioskEntity, {
      where: { locationId },
      order: { createdAt: 'ASC', clientId: 'ASC' },
    });
    return { items: rows.map(view), nextCursor: null };
  }

  /** Registers (or relabels) a kiosk; idempotent. */
  async register(
    locationId: string,
    clientId: string,
    label: string | null,
    ctx: AdminContext,
  ): Promise<KioskDto> {
    if (!CLIENT_ID.test(clientId))
      throw new ValidationProblem([{ field: 'clientId', message: 'is not a client id' }]);
    return this.dataSource.transaction(async (manager) => {
      await this.requireLocation(manager, locationId);
      await manager.query(
        `INSERT INTO kiosks (location_id, client_id, label, created_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (location_id, client_id) DO UPDATE SET label = EXCLUDED.label`,
        [locationId, clientId, label, this.clock.now()],
      );
      await this.audit.locationChanged(manager, ctx, locationId, 'kiosk-registered', { clientId, label });
      return view(await manager.findOneByOrFail(KioskEntity, { locationId, clientId }));
    });
  }

  async remove(locationId: string, clientId: string, ctx: AdminContext): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const result = await manager.delete(KioskEntity, { locationId, clientId });
      if (!result.affected) throw new NotFoundProblem();
      await this.audit.locationChanged(manager, ctx, locationId, 'kiosk-removed', { clientId });
    });
  }

  private async requireLocation(manager: EntityManager, locationId: string): Promise<void> {
    if (!(await manager.existsBy(LocationEntity, { id: locationId }))) throw new NotFoundProblem();
  }
}

function view(row: KioskEntity): KioskDto {
  return { clientId: row.clientId, label: row.label, createdAt: row.createdAt.toISOString() };
}
