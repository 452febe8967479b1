import type { Locale } from '@buergeramt/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn } from 'class-validator';

export class PreferencesDto {
  @ApiProperty({
    description:
      'optional mails by e-mail (reminders, case updates, feedback requests); mails needed for security or for a booking to hold are always sent',
  })
  email!: boolean;

  @ApiProperty({ enum: ['de', 'en'], description: 'language of mails and inbox entries' })
  locale!: Locale;
}

export class UpdatePreferencesDto {
  @ApiProperty({ description: 'false switches optional mails off' })
  @IsBoolean()
  email!: boolean;

  @ApiProperty({ enum: ['de', 'en'] })
  @IsIn(['de', 'en'])
  locale!: Locale;
}
