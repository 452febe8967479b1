import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown, safeHref, type MarkdownInline } from './markdown';

describe('safeHref', () => {
  it.each([
    'https://www.musterstadt.de/rathaus',
    'http://example.org',
    'mailto:buergeramt@musterstadt.de',
    'tel:+4930123456',
    '/barrierefreiheit',
    '/seite?x=1#y',
  ])('allows %s', (url) => expect(safeHref(url)).toBe(url));

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    '//evil.example/path',
    '/\\evil.example',
    'https://',
    'relative/path',
    '#top',
    'mailto:',
    'tel:call-me',
    'https://exa mple.org',
    '',
  ])('refuses %j', (url) => expect(safeHref(url)).toBeUndefined());
});

describe('parseInline', () => {
  it('parses bold, emphasis and links, also nested', () => {
    expect(parseInline('**Achtung** und *bitte* [hier](https://a.de) **[fett](/x)**')).toEqual([
      { type: 'strong', children: [{ type: 'text', text: 'Achtung' }] },
      { type: 'text', text: ' und ' },
      { type: 'em', children: [{ type: 'text', text: 'bitte' }] },
      { type: 'text', text: ' ' },
      { type: 'link', href: 'https://a.de', children: [{ type: 'text', text: 'hier' }] },
      { type: 'text', text: ' ' },
      {
        type: 'strong',
        children: [{ type: 'link', href: '/x', children: [{ type: 'text', text: 'fett' }] }],
      },
    ]);
  });

  it('keeps lone or spaced asterisks as text', () => {
    expect(parseInline('2 * 3 * 4 und **offen')).toEqual([{ type: 'text', text: '2 * 3 * 4 und **offen' }]);
  });

  it('honours backslash escapes', () => {
    expect(parseInline('\\*kein Kursiv\\* \\[kein](Link)')).toEqual([
      { type: 'text', text: '*kein Kursiv* [kein](Link)' },
    ]);
  });

  it('keeps the text of an unsafe link without a link', () => {
    expect(parseInline('[klick](javascript:alert(1))')).toEqual([{ type: 'text', text: 'klick' }]);
  });

  it('keeps balanced parentheses in URLs', () => {
    expect(parseInline('[Wiki](https://de.wikipedia.org/wiki/Amt_(Verwaltung))')).toEqual([
      {
        type: 'link',
        href: 'https://de.wikipedia.org/wiki/Amt_(Verwaltung)',
        children: [{ type: 'text', text: 'Wiki' }],
      },
    ]);
  });

  it('never puts a link inside a link', () => {
    const hasNestedLink = (nodes: MarkdownInline[], inLink = false): boolean =>
      nodes.some(
        (node) =>
          (node.type === 'link' && inLink) ||
          ('children' in node && hasNestedLink(node.children, inLink || node.type === 'link')),
      );
    for (const source of ['[a [b](/b)](/a)', '[**[b](/b)**](/a)', '[x](/a) [[y](/y)](/z)']) {
      expect(hasNestedLink(parseInline(source)), source).toBe(false);
    }
  });

  it('survives deep nesting without recursion trouble', () => {
    const deep = `${'*'.repeat(200)}x${'*'.repeat(200)}`;
    expect(() => parseInline(deep)).not.toThrow();
  });
});

describe('parseMarkdown', () => {
  it('parses headings, paragraphs with line breaks, and lists', () => {
    const blocks = parseMarkdown(
      '# Impressum\n\nStadt Musterstadt\nRathausplatz 1\n\n## Kontakt\n- Telefon\n- E-Mail\n\n3. drei\n4. vier',
    );
    expect(blocks.map((block) => block.type)).toEqual(['heading', 'paragraph', 'heading', 'list', 'list']);
    expect(blocks[1]).toEqual({
      type: 'paragraph',
      children: [
        { type: 'text', text: 'Stadt Musterstadt' },
        { type: 'break' },
        { type: 'text', text: 'Rathausplatz 1' },
      ],
    });
    expect(blocks[3]).toMatchObject({
      type: 'list',
      ordered: false,
      items: [[{ text: 'Telefon' }], [{ text: 'E-Mail' }]],
    });
    expect(blocks[4]).toMatchObject({ type: 'list', ordered: true, start: 3 });
  });

  it('reads Windows line endings', () => {
    expect(parseMarkdown('a\r\n\r\nb')).toHaveLength(2);
  });

  it('continues a list item on an indented line', () => {
    expect(parseMarkdown('- eins\n  weiter\n- zwei')).toMatchObject([
      {
        type: 'list',
        items: [[{ text: 'eins' }, { type: 'break' }, { text: 'weiter' }], [{ text: 'zwei' }]],
      },
    ]);
  });

  it('treats four or more hashes as text', () => {
    expect(parseMarkdown('#### vier')).toMatchObject([{ type: 'paragraph' }]);
  });
});
