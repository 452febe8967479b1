export { AUTH_OPTIONS, ACCEPTED_ALGORITHMS } from './auth.constants';
export { AuthModule } from './auth.module';
export {
  AUTH_DEFAULTS,
  type AuthModuleAsyncOptions,
  type AuthModuleOptions,
  type ResolvedAuthOptions,
} from './auth.options';
export { type AuthUser, toAuthUser } from './auth-user';
export { clientHasAllScopes, hasRoleAtLeast, isStaff, userHasAnyRole } from './access';
export {
  type AuthenticatedRequest,
  CurrentUser,
  type CurrentUserOptions,
  Public,
  Roles,
  Scopes,
} from './decorators';
export { JwtAuthGuard } from './jwt-auth.guard';
export { type AuthOutcome, bearerToken, JwtStrategy } from './jwt.strategy';
export { JwksKeyStore, type JwksKeyStoreOptions, SigningKeysUnavailableError } from './jwks-key-store';
export { RolesGuard } from './roles.guard';
