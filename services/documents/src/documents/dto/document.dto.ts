import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class DocumentDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: "the client's file name, sanitised (metadata only)", maxLength: 200 })
  filename!: string;

  @ApiProperty({
    enum: ['application/pdf', 'image/jpeg', 'image/png'],
    description: 'decided by the content',
  })
  mediaType!: string;

  @ApiProperty({ description: 'bytes' })
  size!: number;

  @ApiProperty({ description: 'hex SHA-256 of the file' })
  sha256!: string;

  @ApiProperty({ enum: ['pending_scan', 'clean', 'rejected'] })
  status!: string;

  @ApiProperty({ enum: ['upload', 'issued'] })
  kind!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'issued documents: the application decided' })
  applicationId?: string;

  @ApiPropertyOptional({ description: 'issued documents: the code printed on it (GET /verify/{code})' })
  verificationCode?: string;
}

export class DocumentPageDto {
  @ApiProperty({ type: [DocumentDto] })
  items!: DocumentDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
