import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class SlotQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  serviceId!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'absent: every location offering the service' })
  @IsOptional()
  @IsUUID('all')
  locationId?: string;

  @ApiProperty({ example: '2026-12-01', description: 'first date (city time)', maxLength: 10 })
  @IsString()
  @MaxLength(10)
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  from!: string;

  @ApiProperty({ example: '2026-12-31', description: 'last date, at most 62 days after from', maxLength: 10 })
  @IsString()
  @MaxLength(10)
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  to!: string;
}

export class SlotDto {
  @ApiProperty({ format: 'uuid' })
  locationId!: string;

  @ApiProperty({ example: '2026-12-01T08:00:00.000+01:00' })
  start!: string;

  @ApiProperty({ example: '2026-12-01T08:15:00.000+01:00' })
  end!: string;
}

export class SlotListDto {
  @ApiProperty({ type: [SlotDto] })
  items!: SlotDto[];
}
