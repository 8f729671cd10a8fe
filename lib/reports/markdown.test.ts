import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { block, defang, escapeMarkdown, inline } from './markdown';

interface Node { type: string; value?: string; children?: Node[] }

function parse(markdown: string): Node {
  return unified().use(remarkParse).use(remarkGfm).parse(markdown);
}

function types(node: Node, found = new Set<string>()): Set<string> {
  found.add(node.type);
  for (const child of node.children ?? []) types(child, found);
  return found;
}

function text(node: Node): string {
  return node.type === 'break' ? '\n' : node.value ?? (node.children ?? []).map(text).join('');
}

const HOSTILE = [
  '# Owned',
  '<script>alert(1)</script><img src=x onerror=alert(1)>',
  '[click](https://evil.example) ![pixel](https://evil.example/p.png) https://evil.example www.evil.example x@evil.example mailto:x@y.z',
  '| a | b |\n| --- | --- |',
  '1. one\n- two\n> quote\n    code\n***\nSetext\n===',
  '`code` **bold** _em_ ~~strike~~ [^1] &amp; &#60;',
];

describe('[REPORTS] Markdown escaping', () => {
  it('turns hostile text into plain text that reads back verbatim', () => {
    for (const hostile of HOSTILE) {
      const tree = parse(block(hostile));
      const found = types(tree);
      for (const forbidden of ['heading', 'html', 'link', 'image', 'table', 'list', 'blockquote', 'code', 'inlineCode', 'thematicBreak', 'strong', 'emphasis', 'delete', 'footnoteReference']) {
        expect(found.has(forbidden), `${forbidden} from ${JSON.stringify(hostile)}`).toBe(false);
      }
      expect(text(tree).replace(/\s+/g, ' ').trim()).toBe(defang(hostile).replace(/^[ \t]+/gm, '').replace(/\s+/g, ' ').trim());
    }
  });

  it('keeps a table cell in its cell and one line', () => {
    const row = `| ${inline('a | b\nnew line')} | x |`;
    const tree = parse(`| h | i |\n| --- | --- |\n${row}`);
    const table = tree.children?.[0];
    expect(table?.type).toBe('table');
    expect(table?.children?.[1]?.children).toHaveLength(2);
    expect(text(table!.children![1]!.children![0]!)).toBe('a | b new line');
  });

  it('defangs indicators the usual way', () => {
    expect(defang('GET https://evil.example/x from www.evil.example by a@b.example')).toBe('GET hxxps://evil.example/x from www[.]evil.example by a[@]b.example');
  });

  it('leaves ordinary prose readable', () => {
    expect(escapeMarkdown('Rotated the token at 10:42 after the alert.')).toBe('Rotated the token at 10:42 after the alert.');
  });
});
