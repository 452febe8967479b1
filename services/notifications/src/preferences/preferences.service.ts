import type { Locale } from '@buergeramt/contracts';
import { Injectable } from '@nestjs/common';
import { effectiveLocale } from './effective-locale';
import { RecipientsRepository } from '../recipients/recipients.repository';
import type { PreferencesDto, UpdatePreferencesDto } from './dto/preferences.dto';
import { PreferencesRepository } from './preferences.repository';

@Injectable()
export class PreferencesService {
  constructor(
    private readonly preferences: PreferencesRepository,
    private readonly recipients: RecipientsRepository,
  ) {}

  /** The person's preferences; without a saved row: e-mail on, the profile's language (else the request's). */
  async get(userId: string, requested: Locale | null): Promise<PreferencesDto> {
    const [preference, recipient] = await Promise.all([
      this.preferences.find(userId),
      this.recipients.find(userId),
    ]);
    return {
      email: preference?.emailEnabled ?? true,
      locale: effectiveLocale(preference?.locale, recipient?.locale ?? requested),
    };
  }

  async update(userId: string, body: UpdatePreferencesDto): Promise<PreferencesDto> {
    const saved = await this.preferences.save(userId, body.email, body.locale);
    return { email: saved.emailEnabled, locale: saved.locale ?? body.locale };
  }
}
