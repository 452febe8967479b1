import type { ServerResponse } from 'node:http';
import { PLATFORM_REDIS, Clock } from '@buergeramt/platform';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnModuleInit,
} from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppointmentsConfig } from '../config';
import { OfficeDay } from './office-day';
import { OfficeRepository } from './office.repository';
import type { CallEntity } from './ticket.entities';

interface DisplayClient {
  locationId: string;
  lastId: string;
  response: ServerResponse;
}

/** Calls shown to a screen that connects without Last-Event-ID. */
const INITIAL_CALLS = 5;

/**
 * The waiting-room display streams (server-sent events). A call is committed to the `calls` table and
 * announced on a Redis channel, so every replica's screens hear of it; each screen then reads the calls
 * after the last one it has (its event id), which is also how a screen resumes after a reconnect
 * (Last-Event-ID). A comment every DISPLAY_HEARTBEAT_SECONDS keeps proxies from timing out and doubles as
 * a poll in case an announcement was lost.
 */
@Injectable()
export class DisplayHub implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('DisplayHub');
  private readonly clients = new Set<DisplayClient>();
  private readonly flushing = new Map<string, Promise<void>>();
  private subscriber: Redis | null = null;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    private readonly config: AppointmentsConfig,
    private readonly office: OfficeRepository,
    private readonly clock: Clock,
    private readonly cityDay: OfficeDay,
    @Inject(PLATFORM_REDIS) private readonly redis: Redis,
  ) {}

  private get channel(): string {
    return `${this.config.QUEUE_PREFIX}:{appointments.display}`;
  }

  onModuleInit(): void {
    this.subscriber = new Redis(this.config.REDIS_URL, {
      connectionName: 'appointments:display',
      maxRetriesPerRequest: null,
      lazyConnect: true,
    });
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (_channel: string, locationId: string) => this.flush(locationId));
    this.subscriber
      .connect()
      .then(() => this.subscriber?.subscribe(this.channel))
      .catch((error: unknown) => this.logger.warn(`display channel not subscribed: ${String(error)}`));
    this.heartbeat = setInterval(() => this.beat(), this.config.DISPLAY_HEARTBEAT_SECONDS * 1000);
    this.heartbeat.unref();
  }

  /** Announces new calls at a location (after the commit that made them). */
  async announce(locationId: string): Promise<void> {
    try {
      await this.redis.publish(this.channel, locationId);
    } catch (error) {
      this.logger.warn(`display announcement lost (screens catch up within a heartbeat): ${String(error)}`);
    }
  }

  /** Streams to `response` from `lastEventId` on (or the last few calls of today), until it closes. */
  async attach(locationId: string, lastEventId: string | null, response: ServerResponse): Promise<void> {
    const dayStart = this.startOfToday();
    const backlog = lastEventId
      ? await this.office.callsAfter(locationId, lastEventId, dayStart)
      : (await this.office.lastCalls(locationId, dayStart, INITIAL_CALLS)).reverse();
    const client: DisplayClient = { locationId, lastId: lastEventId ?? '0', response };
    this.send(client, backlog);
    this.clients.add(client);
    response.on('close', () => this.clients.delete(client));
  }

  /** Screens show today's calls only (the city's day, by the service's clock). */
  private startOfToday(): Date {
    return this.cityDay.start(this.cityDay.dateOf(this.clock.now()));
  }

  private beat(): void {
    const locations = new Set<string>();
    for (const client of this.clients) {
      client.response.write(': heartbeat\n\n');
      locations.add(client.locationId);
    }
    for (const locationId of locations) this.flush(locationId);
  }

  private flush(locationId: string): void {
    const previous = this.flushing.get(locationId) ?? Promise.resolve();
    const next = previous
      .then(async () => {
        const clients = [...this.clients].filter((c) => c.locationId === locationId);
        const [first] = clients;
        if (first === undefined) return;
        const from = clients.reduce(
          (min, c) => (BigInt(c.lastId) < BigInt(min) ? c.lastId : min),
          first.lastId,
        );
        const calls = await this.office.callsAfter(locationId, from, this.startOfToday());
        for (const client of clients) this.send(client, calls);
      })
      .catch((error: unknown) => this.logger.warn(`display flush failed: ${String(error)}`));
    this.flushing.set(locationId, next);
  }

  private send(client: DisplayClient, calls: CallEntity[]): void {
    for (const call of calls) {
      if (BigInt(call.id) <= BigInt(client.lastId)) continue;
      const data = JSON.stringify({
        number: call.number,
        counter: call.counterName,
        recall: call.recall,
        calledAt: call.calledAt.toISOString(),
      });
      client.response.write(`id: ${call.id}\nevent: call\ndata: ${data}\n\n`);
      client.lastId = call.id;
    }
  }

  beforeApplicationShutdown(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const client of this.clients) client.response.end();
    this.clients.clear();
    this.subscriber?.disconnect();
  }
}
