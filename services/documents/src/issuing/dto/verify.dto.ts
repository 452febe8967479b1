import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches, MaxLength } from 'class-validator';

export class VerificationDto {
  @ApiProperty({
    description: 'the document is one the city issued, unaltered in its records, with a valid signature',
  })
  valid!: boolean;

  @ApiProperty({ example: 'decision-letter' })
  documentType!: string;

  @ApiProperty({ format: 'date-time' })
  issuedAt!: string;

  @ApiProperty({ example: 'Stadt Esslingen am Neckar' })
  issuer!: string;

  @ApiProperty({ description: 'hex SHA-256 of the genuine file: compare with the file you hold' })
  sha256!: string;

  @ApiProperty({ description: 'Ed25519 signature (base64) of the 32 raw bytes of the SHA-256' })
  signature!: string;

  @ApiProperty({ example: 'Ed25519' })
  signatureAlgorithm!: string;

  @ApiProperty()
  signingKeyId!: string;

  @ApiProperty({ description: 'the Ed25519 public key, raw 32 bytes base64url (JWK "x")' })
  publicKey!: string;

  @ApiPropertyOptional({
    description: 'with ?sha256= or a file sent by POST: whether that file is the genuine one',
  })
  matches?: boolean;
}

export class VerifyQueryDto {
  @ApiPropertyOptional({ description: 'hex SHA-256 of the file you hold', maxLength: 64 })
  @IsOptional()
  @MaxLength(64)
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'must be 64 hex characters' })
  sha256?: string;
}
