import type { Locale } from '@buergeramt/contracts';
import { DEFAULT_LIMIT, decodeCursor, toPage } from '@buergeramt/platform';
import { Injectable, Logger } from '@nestjs/common';
import { NotificationsProblem } from '../common/notifications.errors';
import { effectiveLocale } from '../preferences/effective-locale';
import { PreferencesRepository } from '../preferences/preferences.repository';
import { RecipientsRepository } from '../recipients/recipients.repository';
import { type InboxText, MailRenderer } from '../templates/mail-renderer';
import type { MailKind, MailRequestOf } from '../templates/mail-kinds';
import type { InboxQueryDto, NotificationDto, NotificationPageDto } from './dto/inbox.dto';
import { InboxRepository } from './inbox.repository';
import type { NotificationEntity } from './notification.entity';

@Injectable()
export class InboxService {
  private readonly logger = new Logger(InboxService.name);

  constructor(
    private readonly inbox: InboxRepository,
    private readonly recipients: RecipientsRepository,
    private readonly preferences: PreferencesRepository,
    private readonly renderer: MailRenderer,
  ) {}

  /**
   * The person's inbox, newest first, in their language: the one chosen in the preferences, else the
   * profile's, else the request's Accept-Language.
   */
  async list(userId: string, query: InboxQueryDto, requested: Locale | null): Promise<NotificationPageDto> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const before = decodeCursor(query.cursor);
    const [rows, unreadCount, locale] = await Promise.all([
      this.inbox.list(userId, { limit, before, unreadOnly: query.unread === true }),
      this.inbox.countUnread(userId),
      this.localeOf(userId, requested),
    ]);
    return { ...toPage(rows, limit, (row) => this.toDto(row, locale)), unreadCount };
  }

  async markRead(userId: string, id: string): Promise<void> {
    if (!(await this.inbox.markRead(userId, id))) {
      throw new NotificationsProblem('notification-not-found');
    }
  }

  private async localeOf(userId: string, requested: Locale | null): Promise<Locale> {
    const [preference, recipient] = await Promise.all([
      this.preferences.find(userId),
      this.recipients.find(userId),
    ]);
    return effectiveLocale(preference?.locale, recipient?.locale ?? requested);
  }

  private toDto(row: NotificationEntity, locale: Locale): NotificationDto {
    // entries never hold tokens; the titles and bodies never need them
    const request = { kind: row.type, params: row.params } as unknown as MailRequestOf<MailKind>;
    let text: InboxText;
    try {
      text = this.renderer.inboxText(request, locale);
    } catch (error) {
      // one entry whose stored parameters no longer fit its template must not break the whole inbox
      this.logger.error(`inbox entry ${row.id} (${row.type}) cannot be rendered: ${String(error)}`);
      text = { title: row.type, body: '' };
    }
    const { title, body } = text;
    return {
      id: row.id,
      type: row.type,
      title,
      body,
      link: row.link,
      createdAt: row.createdAt.toISOString(),
      readAt: row.readAt ? row.readAt.toISOString() : null,
    };
  }
}
