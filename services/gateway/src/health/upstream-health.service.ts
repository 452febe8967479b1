import { Injectable } from '@nestjs/common';
import { ALL_SERVICES, type ServiceName } from '@buergeramt/contracts';
import { GatewayConfig } from '../config/gateway.config';

export type ServiceState = 'up' | 'down';

export interface PlatformHealth {
  status: 'ok' | 'degraded';
  services: Record<ServiceName, ServiceState>;
}

/** Asks every service's readiness probe (`/health/ready`) at once, each bounded by HEALTH_TIMEOUT_MS. */
@Injectable()
export class UpstreamHealthService {
  constructor(private readonly config: GatewayConfig) {}

  async check(): Promise<PlatformHealth> {
    const states = await Promise.all(
      ALL_SERVICES.map(async (service): Promise<[ServiceName, ServiceState]> => [
        service,
        await this.probe(service),
      ]),
    );
    const services = Object.fromEntries(states) as Record<ServiceName, ServiceState>;
    return { status: states.every(([, s]) => s === 'up') ? 'ok' : 'degraded', services };
  }

  private async probe(service: ServiceName): Promise<ServiceState> {
    try {
      const response = await fetch(`${this.config.upstreamUrl(service)}/health/ready`, {
        signal: AbortSignal.timeout(this.config.HEALTH_TIMEOUT_MS),
      });
      await response.body?.cancel();
      return response.ok ? 'up' : 'down';
    } catch {
      return 'down';
    }
  }
}
