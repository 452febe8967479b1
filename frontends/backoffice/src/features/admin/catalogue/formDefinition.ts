import type { FormUi } from '@buergeramt/contracts';
import type { UiFormDefinition } from '@buergeramt/ui';

/**
 * The form editor's two texts (JSON Schema and UI description) read for the live preview. The server
 * checks a definition in full when it is published (every field against the schema, option labels, …);
 * this reads only as much as the preview needs to render, and says where the text is not JSON.
 */

export type DefinitionPart = 'schema' | 'ui';

/** Why a text cannot be read; `line`/`column` where the JSON breaks. */
export interface DefinitionIssue {
  key: 'empty' | 'syntax' | 'notObject' | 'schemaType' | 'noSections' | 'sectionShape' | 'fieldShape';
  line?: number;
  column?: number;
  /** the section or field the issue is about */
  name?: string;
}

export interface ReadDefinition {
  definition: UiFormDefinition | null;
  issues: Partial<Record<DefinitionPart, DefinitionIssue>>;
}

/** A definition as the editor shows it: indented JSON, two spaces. */
export const prettyJson = (value: unknown): string => JSON.stringify(value, null, 2);

/** Line and column (from 1) of a character offset in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

/** The offset where JSON.parse stopped, from its message (V8: "… at position 12 (line 2 column 3)"). */
function errorOffset(text: string, error: unknown): { line?: number; column?: number } {
  const message = error instanceof Error ? error.message : '';
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /position (\d+)/.exec(message);
  if (position) return lineAndColumn(text, Number(position[1]));
  return {};
}

function parseObject(text: string): { value?: Record<string, unknown>; issue?: DefinitionIssue } {
  if (!text.trim()) return { issue: { key: 'empty' } };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { issue: { key: 'syntax', ...errorOffset(text, error) } };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { issue: { key: 'notObject' } };
  return { value: value as Record<string, unknown> };
}

const isLocalized = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Record<string, unknown>).de === 'string' &&
  typeof (value as Record<string, unknown>).en === 'string';

function checkUi(ui: Record<string, unknown>): DefinitionIssue | undefined {
  const sections = ui.sections;
  if (!Array.isArray(sections) || sections.length === 0) return { key: 'noSections' };
  for (const [index, section] of sections.entries()) {
    const s = section as Record<string, unknown> | null;
    const name = typeof s?.id === 'string' ? s.id : String(index + 1);
    if (!s || typeof s.id !== 'string' || !isLocalized(s.title) || !Array.isArray(s.fields))
      return { key: 'sectionShape', name };
    for (const field of s.fields as unknown[]) {
      const f = field as Record<string, unknown> | null;
      if (!f || typeof f.name !== 'string' || !isLocalized(f.label))
        return { key: 'fieldShape', name: typeof f?.name === 'string' ? f.name : name };
    }
  }
  return undefined;
}

/** Reads both texts; the definition only when both are usable. */
export function readDefinition(schemaText: string, uiText: string): ReadDefinition {
  const issues: ReadDefinition['issues'] = {};
  const schema = parseObject(schemaText);
  if (schema.issue) issues.schema = schema.issue;
  else if (schema.value?.type !== 'object') issues.schema = { key: 'schemaType' };
  const ui = parseObject(uiText);
  if (ui.issue) issues.ui = ui.issue;
  else if (ui.value) {
    const issue = checkUi(ui.value);
    if (issue) issues.ui = issue;
  }
  const usable = !issues.schema && !issues.ui && schema.value && ui.value;
  return {
    definition: usable ? { schema: schema.value!, ui: ui.value as unknown as FormUi } : null,
    issues,
  };
}

/**
 * Which editor a field error of the API belongs to: `schema…` and `ui…` by their pointer (`/ui/sections/0`,
 * `ui.sections[0]`), anything else to the schema.
 */
export function partOfApiField(field: string): DefinitionPart {
  return /^\/?ui([./[]|$)/.test(field) ? 'ui' : 'schema';
}
