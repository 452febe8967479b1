import { describe, expect, it } from 'vitest';
import { lineAndColumn, partOfApiField, prettyJson, readDefinition } from './formDefinition';

const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };
const ui = {
  sections: [
    {
      id: 'main',
      title: { de: 'Angaben', en: 'Details' },
      fields: [{ name: 'name', label: { de: 'Name', en: 'Name' } }],
    },
  ],
};

describe('the form editor reads its two texts for the preview', () => {
  it('a usable definition from two JSON objects', () => {
    const read = readDefinition(prettyJson(schema), prettyJson(ui));
    expect(read.issues).toEqual({});
    expect(read.definition).toEqual({ schema, ui });
  });

  it('says where the JSON breaks (line and column)', () => {
    const text = '{\n  "type": "object",\n  "properties": {,}\n}';
    const read = readDefinition(text, prettyJson(ui));
    expect(read.definition).toBeNull();
    expect(read.issues.schema).toMatchObject({ key: 'syntax', line: 3 });
    expect(read.issues.schema?.column).toBeGreaterThan(1);
  });

  it('refuses empty texts, non-objects, a schema not of type object, a UI without sections', () => {
    expect(readDefinition('', '[]').issues).toEqual({ schema: { key: 'empty' }, ui: { key: 'notObject' } });
    expect(readDefinition('{"type":"string"}', '{"sections":[]}').issues).toEqual({
      schema: { key: 'schemaType' },
      ui: { key: 'noSections' },
    });
  });

  it('names the section or field whose shape the renderer cannot use', () => {
    const noTitle = { sections: [{ id: 'main', fields: [] }] };
    expect(readDefinition(prettyJson(schema), prettyJson(noTitle)).issues.ui).toEqual({
      key: 'sectionShape',
      name: 'main',
    });
    const noLabel = { sections: [{ ...ui.sections[0], fields: [{ name: 'name', label: { de: 'Name' } }] }] };
    expect(readDefinition(prettyJson(schema), prettyJson(noLabel)).issues.ui).toEqual({
      key: 'fieldShape',
      name: 'name',
    });
  });

  it('line and column of an offset; the API field of an error decides its editor', () => {
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
    expect(partOfApiField('ui.sections[0].fields[1].name')).toBe('ui');
    expect(partOfApiField('/ui/sections/0')).toBe('ui');
    expect(partOfApiField('schema.properties.x')).toBe('schema');
    expect(partOfApiField('uiHint')).toBe('schema');
  });
});
