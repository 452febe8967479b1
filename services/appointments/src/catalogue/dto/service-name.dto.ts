import { ApiProperty } from '@nestjs/swagger';

/** A catalogue service's name in both languages (the `catalogue.service-changed` read model). */
export class ServiceNameDto {
  @ApiProperty({ example: 'Personalausweis beantragen' })
  de!: string;

  @ApiProperty({ example: 'Apply for an identity card' })
  en!: string;
}
