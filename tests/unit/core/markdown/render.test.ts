import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../../functions/core/markdown/render.ts';

/** Pieces an attacker would combine: raw HTML, event handlers, script URLs, Markdown syntax. */
const hostile = fc.constantFrom(
  '<script>alert(1)</script>', '<SCRIPT SRC=//x.js>', '<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">x</a>',
  '[x](javascript:alert(1))', '[x](JaVaScRiPt:alert(1))', '[x](java\tscript:alert(1))', '[x](&#106;avascript:alert(1))',
  '![i](javascript:alert(1))', '<svg onload=alert(1)>', '<iframe src=x>', '<div style="x" onclick="y">', '"><script>',
  '<a href=" javascript:x">', '[x]( javascript:alert(1) )', '<x onmouseover=1>', 'data:text/html,<script>', '`code`', '**b**',
  '\n\n', '> quote', '- item', '# heading', '[ok](https://example.org)', '<', '>', '"', "'", '=', 'on', 'click',
);
const input = fc.array(fc.oneof(hostile, fc.string()), { maxLength: 12 }).map((parts) => parts.join(''));

const tags = (html: string) => html.match(/<[^>]*>/g) ?? [];
const urls = (html: string) => tags(html).flatMap((tag) => [...tag.matchAll(/\s(?:href|src)="([^"]*)"/gi)].map((m) => m[1]!));

describe('renderMarkdown', () => {
  it('never yields a script element', () => {
    fc.assert(fc.property(input, (md) => !/<script/i.test(renderMarkdown(md))), { numRuns: 2000 });
  }, 60_000);

  it('never yields an event-handler attribute', () => {
    fc.assert(fc.property(input, (md) => tags(renderMarkdown(md)).every((tag) => !/\son\w+\s*=/i.test(tag))), { numRuns: 2000 });
  }, 60_000);

  it('never yields a javascript: URL', () => {
    fc.assert(
      fc.property(input, (md) => {
        const html = renderMarkdown(md);
        // "javascript:" inside an https URL's path is inert text (linkify can swallow it into one), so it is
        // looked for in the tags outside the href and src values the second check proves safe.
        const outsideSafeUrls = tags(html).map((tag) => tag.replace(/\s(?:href|src)="(?:https?:|mailto:)[^"]*"/gi, ''));
        return !/javascript:/i.test(outsideSafeUrls.join('')) && urls(html).every((url) => /^(https?:|mailto:)/i.test(url));
      }),
      { numRuns: 2000 },
    );
  }, 60_000);

  it('keeps no relative address: a link works the same in an email and on the page, or is text', () => {
    expect(renderMarkdown('[](!) [page](page.html) [top](/x)')).toBe('<p><a rel="nofollow ugc noopener noreferrer"></a> <a rel="nofollow ugc noopener noreferrer">page</a> <a rel="nofollow ugc noopener noreferrer">top</a></p>');
  });

  it('keeps a script URL swallowed into an https link inert: the link goes to the https address', () => {
    const html = renderMarkdown('\\[ok](https://example.org)[x](JaVaScRiPt:alert(1))');
    expect(urls(html)).toEqual([expect.stringMatching(/^https:\/\/example\.org/)]);
  });

  it('shows raw HTML as text rather than dropping what the member wrote', () => {
    expect(renderMarkdown('Use <b>bold</b> sparingly')).toBe('<p>Use &lt;b&gt;bold&lt;/b&gt; sparingly</p>');
  });

  it('keeps ordinary Markdown: emphasis, lists, links that open safely', () => {
    expect(renderMarkdown('**Agreed**\n\n- one\n- two\n\n[minutes](https://example.org/m)')).toBe(
      '<p><strong>Agreed</strong></p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<p><a href="https://example.org/m" rel="nofollow ugc noopener noreferrer">minutes</a></p>',
    );
  });

  it("turns a member's top-level headings into sub-headings of the page", () => {
    expect(renderMarkdown('# Title')).toBe('<h3>Title</h3>');
  });
});
