export const LIB_DIR: string;
export const DOCUMENT_FILE: string;
export const GENERATED_FILES: readonly string[];
export function canonicalDocument(doc: Record<string, unknown>): Record<string, unknown>;
export function serialiseDocument(doc: Record<string, unknown>): string;
export function renderClientFiles(doc: Record<string, unknown>): Promise<Record<string, string>>;
