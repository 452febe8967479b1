import { ALL_SCOPES, type Scope } from '@buergeramt/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';

export class CreateApiClientDto {
  @ApiProperty({ example: 'Fachverfahren Meldewesen', maxLength: 100 })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MaxLength(100)
  @IsNotEmpty()
  name!: string;

  @ApiProperty({ enum: ALL_SCOPES, isArray: true, example: ['applications:read'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(ALL_SCOPES.length)
  @ArrayUnique()
  @IsIn(ALL_SCOPES, { each: true })
  scopes!: Scope[];
}

export class ApiClientDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'the OAuth client_id' })
  clientId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: ALL_SCOPES, isArray: true })
  scopes!: Scope[];

  @ApiProperty()
  createdAt!: string;

  @ApiProperty({ nullable: true, type: String })
  lastUsedAt!: string | null;
}

export class CreatedApiClientDto extends ApiClientDto {
  @ApiProperty({ description: 'shown this once; only a hash is kept' })
  clientSecret!: string;
}

export class ApiClientListDto {
  @ApiProperty({ type: [ApiClientDto] })
  items!: ApiClientDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor!: string | null;
}

/** The form of POST /auth/token (application/x-www-form-urlencoded, RFC 6749 §4.4.2). */
export class TokenRequestDto {
  @ApiProperty({ enum: ['client_credentials'] })
  @IsString()
  @MaxLength(100)
  grant_type!: string;

  @ApiPropertyOptional({ description: 'or HTTP Basic authentication' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  client_id?: string;

  @ApiPropertyOptional({ description: 'or HTTP Basic authentication' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  client_secret?: string;

  @ApiPropertyOptional({
    description: 'space separated; default: every scope of the client',
    example: 'applications:read',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  scope?: string;
}

export class TokenResponseDto {
  @ApiProperty()
  access_token!: string;

  @ApiProperty({ enum: ['Bearer'] })
  token_type!: 'Bearer';

  @ApiProperty({ example: 600 })
  expires_in!: number;

  @ApiProperty({ example: 'applications:read' })
  scope!: string;
}
