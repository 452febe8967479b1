/** RFC 9457 problem details, as every error response of the API carries them. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: { field: string; message: string }[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Paginated list responses. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
