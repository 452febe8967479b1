import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Role } from '@buergeramt/contracts';
import { EmailField, TotpCodeField } from '../../accounts/dto/fields';
import { PASSWORD_MAX_LENGTH } from '../../accounts/password-policy';

export class LoginDto {
  @EmailField()
  email!: string;

  @ApiProperty({ format: 'password', maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;

  @TotpCodeField(true)
  totp?: string;
}

export class RefreshDto {
  @ApiPropertyOptional({ description: 'for non-browser clients; browsers send the cookie', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  refreshToken?: string;
}

export class LoginUserDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ nullable: true, type: String })
  email!: string | null;

  @ApiProperty()
  givenName!: string;

  @ApiProperty()
  familyName!: string;

  @ApiProperty({ enum: ['citizen', 'clerk', 'supervisor', 'admin'], isArray: true })
  roles!: Role[];

  @ApiPropertyOptional({
    type: [String],
    description:
      'the locations a clerk or supervisor works at (as in the access token); absent means all locations',
  })
  locationIds?: string[];
}

export class LoginResponseDto {
  @ApiProperty({ description: 'ES256 JWT; keep it in memory only' })
  accessToken!: string;

  @ApiProperty({ description: 'seconds until the access token expires', example: 600 })
  expiresIn!: number;

  @ApiProperty({ type: LoginUserDto })
  user!: LoginUserDto;
}
