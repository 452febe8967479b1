import {
  useUpload as useSharedUpload,
  type Upload,
  type UploadApi,
  type UploadOptions as SharedUploadOptions,
} from '@buergeramt/ui';
import { deleteDocument, getDocument, upload } from '../services/documents';

/**
 * The library's `useUpload` (a list of files, each checked, sent with progress, followed through the
 * virus scan, finished or refused with the reason) wired to the resident's session by default.
 */
export {
  canRetry,
  DEFAULT_POLL_DELAYS,
  precheck,
  refusalOf,
  type Upload,
  type UploadApi,
  type UploadItem,
  type UploadRefusal,
  type UploadState,
} from '@buergeramt/ui';

export type UploadOptions = Omit<SharedUploadOptions, 'api'> & { api?: UploadApi };

export function useUpload(options: UploadOptions = {}): Upload {
  return useSharedUpload({ ...options, api: options.api ?? { upload, getDocument, deleteDocument } });
}
