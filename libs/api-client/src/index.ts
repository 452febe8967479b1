export { createApi, ok, type Api, type ApiOptions } from './client';
export {
  uploadDocument,
  type UploadControls,
  type UploadedDocument,
  type UploadOptions,
  type UploadProgress,
} from './upload';
export { ApiProblem, NETWORK_ERROR, UNEXPECTED_ANSWER, type FieldError } from './problem';
export {
  adoptSession,
  lockedUntil,
  logIn,
  loginFailure,
  type Credentials,
  type LoginFailure,
  type LoginOutcome,
} from './login';
export {
  Session,
  type LoginResult,
  type SessionEndReason,
  type SessionOptions,
  type SessionUser,
} from './session';
export type { components, operations, paths } from './schema';
export type { Schema } from './types';
