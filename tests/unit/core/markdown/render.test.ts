import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowlistFilter } from '../../../../functions/core/markdown/allowlist.ts';
import { markdownToText, renderMarkdown } from '../../../../functions/core/markdown/render.ts';
import { markdownToHtml } from '../../../../functions/core/updates/markdown.ts';

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

describe("an update's Markdown (markdownToHtml)", () => {
  it('never yields a script element, an event handler or a link other than web or mail', () => {
    fc.assert(
      fc.property(input, (md) => {
        const html = markdownToHtml(md);
        return !/<script/i.test(html) && tags(html).every((tag) => !/\son\w+\s*=/i.test(tag)) && urls(html).every((url) => /^(https?:|mailto:)/i.test(url));
      }),
      { numRuns: 2000 },
    );
  }, 60_000);

  it("keeps the update's headings under the email's own title", () => {
    expect(markdownToHtml('# Results\n\n## Next')).toBe('<h2>Results</h2>\n<h2>Next</h2>\n');
  });
});

describe('the allowlist under the renderers, on raw HTML (a layer that holds alone)', () => {
  const filter = allowlistFilter({ p: [], a: ['href', 'title', 'rel'], strong: [] }, { rel: 'nofollow' });
  // Classic vectors: encoded and split schemes, SVG and MathML links, comments, styles, broken markup.
  const vectors = [
    '<a href="javas&#x09;cript:alert(1)">x</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="//evil.example/x">x</a>',
    '<a href=" JaVaScRiPt:alert(1)">x</a>',
    '<img src=x:alert(alt) onerror=eval(src) alt=0>',
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<!--<script>alert(1)</script>-->',
    '<style>@import "//evil.example/x.css";</style>',
    '<p onclick="alert(1)" style="background:url(javascript:alert(1))">x</p>',
    '<scr<script>ipt>alert(1)</script>',
    '<a href="https://ok.example/" onmouseover="alert(1)" rel="opener">ok</a>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  ];

  it.each(vectors)('%s', (html) => {
    const out = filter(html);
    expect(out).not.toMatch(/<script|<svg|<math|<img|<iframe|<style|<!--/i);
    expect(tags(out).every((tag) => !/\s(on\w+|style|xlink:href|src)\s*=/i.test(tag))).toBe(true);
    expect(urls(out).every((url) => /^(https?:\/\/|mailto:)/i.test(url))).toBe(true);
    expect(tags(out).filter((tag) => /\srel=/.test(tag)).every((tag) => tag.includes('rel="nofollow"'))).toBe(true);
  });

  it('keeps what is allowed as it was written', () => {
    expect(filter('<p><strong>Agreed</strong> <a href="https://example.org/m" title="Minutes">minutes</a></p>')).toBe('<p><strong>Agreed</strong> <a href="https://example.org/m" title="Minutes">minutes</a></p>');
  });
});

describe('markdownToText', () => {
  it('gives the words without tags, entities read back once', () => {
    expect(markdownToText('**Fish & chips** <b>x</b> &amp;lt;\n\n<script>alert(1)</script>')).toBe('Fish & chips <b>x</b> &lt;\n<script>alert(1)</script>');
  });
});
