import { ApiProperty } from '@nestjs/swagger';

/** A login button: an OpenID Connect provider citizens can log in with. */
export class OidcProviderDto {
  @ApiProperty({ example: 'servicekonto', description: 'the path segment of /auth/oidc/{provider}/start' })
  id!: string;

  @ApiProperty({ example: 'BundID' })
  displayName!: string;
}

export class OidcProviderListDto {
  @ApiProperty({ type: [OidcProviderDto] })
  items!: OidcProviderDto[];
}
