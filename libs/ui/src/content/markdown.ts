import { h, type VNode, type VNodeArrayChildren } from 'vue';

/*
 * A deliberately small Markdown dialect for content pages written by city staff (imprint, privacy,
 * accessibility statement): headings (#, ##, ###), paragraphs, "-"/"*" and "1." lists, **bold**,
 * *emphasis*, [links](url) and line breaks (a single newline inside a paragraph is a line break).
 * It builds a tree of plain data, rendered with h(): text always becomes text nodes, never HTML, so
 * `<script>` or `<img onerror>` in the source shows up as text. Links are kept only for http(s),
 * mailto:, tel: and same-site paths; any other link shows its text without a link.
 */

export type MarkdownInline =
  | { type: 'text'; text: string }
  | { type: 'strong'; children: MarkdownInline[] }
  | { type: 'em'; children: MarkdownInline[] }
  | { type: 'link'; href: string; children: MarkdownInline[] }
  | { type: 'break' };

export type MarkdownBlock =
  | { type: 'heading'; level: 1 | 2 | 3; children: MarkdownInline[] }
  | { type: 'paragraph'; children: MarkdownInline[] }
  | { type: 'list'; ordered: boolean; start: number; items: MarkdownInline[][] };

const MAX_DEPTH = 8;
const ESCAPABLE = '\\`*_{}[]()#+-.!>';

/** The URL when it is safe to link to, otherwise undefined. */
export function safeHref(url: string): string | undefined {
  const href = url.trim();
  // no whitespace, control characters or backslashes (browsers read "/\host" as "//host")
  // eslint-disable-next-line no-control-regex
  if (href === '' || /[\s\u0000-\u001f\u007f\\]/.test(href)) return undefined;
  if (/^https?:\/\//i.test(href)) {
    try {
      const parsed = new URL(href);
      return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== ''
        ? href
        : undefined;
    } catch {
      return undefined;
    }
  }
  if (/^mailto:[^@]+@[^@]+$/i.test(href)) return href;
  if (/^tel:\+?[0-9()./-]+$/i.test(href)) return href;
  if (href.startsWith('/') && !href.startsWith('//')) return href;
  return undefined;
}

const isSpace = (char: string | undefined): boolean => char === undefined || /\s/.test(char);

/** Index of the closing marker for an opening one ending before `from`, or -1. */
function findClosing(text: string, marker: '**' | '*', from: number): number {
  let index = from;
  while (index < text.length) {
    const char = text[index];
    if (char === '\\') {
      index += 2;
      continue;
    }
    if (marker === '*' && text.startsWith('**', index)) {
      // a strong span inside an emphasis: skip to its end
      const end = findClosing(text, '**', index + 2);
      index = end === -1 ? index + 2 : end + 2;
      continue;
    }
    if (text.startsWith(marker, index) && index > from && !isSpace(text[index - 1])) return index;
    index += 1;
  }
  return -1;
}

interface LinkMatch {
  text: string;
  url: string;
  end: number;
}

function matchLink(text: string, start: number): LinkMatch | undefined {
  let close = start + 1;
  while (close < text.length && text[close] !== ']') close += text[close] === '\\' ? 2 : 1;
  if (close >= text.length || text[close + 1] !== '(') return undefined;
  let depth = 0;
  let index = close + 2;
  for (; index < text.length; index += 1) {
    const char = text[index];
    if (char === '(') depth += 1;
    else if (char === ')') {
      if (depth === 0) break;
      depth -= 1;
    } else if (char === '\n') return undefined;
  }
  if (index >= text.length) return undefined;
  const label = text.slice(start + 1, close);
  if (label.trim() === '') return undefined;
  return { text: label, url: text.slice(close + 2, index), end: index + 1 };
}

export function parseInline(text: string, depth = 0, inLink = false): MarkdownInline[] {
  const nodes: MarkdownInline[] = [];
  let buffer = '';
  const flush = (): void => {
    if (buffer !== '') nodes.push({ type: 'text', text: buffer });
    buffer = '';
  };
  let index = 0;
  while (index < text.length) {
    const char = text.charAt(index);
    const next = text.charAt(index + 1);
    if (char === '\\' && next === '\n') {
      flush();
      nodes.push({ type: 'break' });
      index += 2;
      continue;
    }
    if (char === '\\' && next !== '' && ESCAPABLE.includes(next)) {
      buffer += next;
      index += 2;
      continue;
    }
    if (char === '\n') {
      flush();
      nodes.push({ type: 'break' });
      index += 1;
      continue;
    }
    if (depth < MAX_DEPTH && char === '*') {
      const marker = next === '*' ? '**' : '*';
      const contentStart = index + marker.length;
      const end = isSpace(text[contentStart]) ? -1 : findClosing(text, marker, contentStart);
      if (end !== -1) {
        flush();
        const children = parseInline(text.slice(contentStart, end), depth + 1, inLink);
        nodes.push(marker === '**' ? { type: 'strong', children } : { type: 'em', children });
        index = end + marker.length;
        continue;
      }
    }
    if (depth < MAX_DEPTH && char === '[' && !inLink) {
      const link = matchLink(text, index);
      if (link) {
        flush();
        const children = parseInline(link.text, depth + 1, true);
        const href = safeHref(link.url);
        if (href) nodes.push({ type: 'link', href, children });
        else nodes.push(...children);
        index = link.end;
        continue;
      }
    }
    buffer += char;
    index += 1;
  }
  flush();
  return nodes;
}

const HEADING = /^(#{1,3})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const BULLET = /^ {0,3}[-*+][ \t]+(.*)$/;
const NUMBERED = /^ {0,3}(\d{1,9})[.)][ \t]+(.*)$/;
const CONTINUATION = /^(?: {2,}|\t)\S/;

export function parseMarkdown(source: string): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; start: number; items: string[] } | undefined;

  const flushParagraph = (): void => {
    if (paragraph.length > 0) blocks.push({ type: 'paragraph', children: parseInline(paragraph.join('\n')) });
    paragraph = [];
  };
  const flushList = (): void => {
    if (list) {
      blocks.push({
        type: 'list',
        ordered: list.ordered,
        start: list.start,
        items: list.items.map((item) => parseInline(item)),
      });
    }
    list = undefined;
  };
  const startItem = (ordered: boolean, start: number, text: string): void => {
    flushParagraph();
    if (!list || list.ordered !== ordered) {
      flushList();
      list = { ordered, start, items: [] };
    }
    list.items.push(text.trim());
  };

  for (const line of source.replace(/\r\n?/g, '\n').split('\n')) {
    if (line.trim() === '') {
      flushParagraph();
      flushList();
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flushParagraph();
      flushList();
      const level = (heading[1] ?? '#').length as 1 | 2 | 3;
      blocks.push({ type: 'heading', level, children: parseInline(heading[2] ?? '') });
      continue;
    }
    const bullet = BULLET.exec(line);
    if (bullet) {
      startItem(false, 1, bullet[1] ?? '');
      continue;
    }
    const numbered = NUMBERED.exec(line);
    if (numbered) {
      startItem(true, Number(numbered[1]), numbered[2] ?? '');
      continue;
    }
    if (list && CONTINUATION.test(line)) {
      const last = list.items.length - 1;
      list.items[last] = `${list.items[last] ?? ''}\n${line.trim()}`;
      continue;
    }
    flushList();
    paragraph.push(line.trim());
  }
  flushParagraph();
  flushList();
  return blocks;
}

function renderInline(nodes: readonly MarkdownInline[]): VNodeArrayChildren {
  return nodes.map((node) => {
    switch (node.type) {
      case 'text':
        return node.text;
      case 'break':
        return h('br');
      case 'strong':
        return h('strong', renderInline(node.children));
      case 'em':
        return h('em', renderInline(node.children));
      case 'link':
        return h('a', { href: node.href }, renderInline(node.children));
    }
  });
}

/** VNodes for the blocks; `headingOffset` 1 turns "#" into an h2 (the page keeps the only h1). */
export function renderMarkdown(blocks: readonly MarkdownBlock[], headingOffset = 1): VNode[] {
  return blocks.map((block) => {
    switch (block.type) {
      case 'heading':
        return h(`h${Math.min(6, Math.max(1, block.level + headingOffset))}`, renderInline(block.children));
      case 'paragraph':
        return h('p', renderInline(block.children));
      case 'list':
        return h(
          block.ordered ? 'ol' : 'ul',
          block.ordered && block.start !== 1 ? { start: block.start } : null,
          block.items.map((item) => h('li', renderInline(item))),
        );
    }
  });
}
