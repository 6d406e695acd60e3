import { Marked } from 'marked';
import { escapeHtml } from '../mail/layout.ts';
import { allowlistFilter } from '../markdown/allowlist.ts';

// Raw HTML in the Markdown is shown as text, never interpreted; the result is then allowlisted.
const marked = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html: ({ text }) => escapeHtml(text),
    // The email's own title is the h1: the update's headings start one below.
    heading({ tokens, depth }) {
      const level = Math.max(depth, 2);
      return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
    },
  },
});

const allowed = allowlistFilter({ p: [], br: [], strong: [], em: [], a: ['href'], ul: [], ol: [], li: [], blockquote: [], code: [], pre: [], h2: [], h3: [], h4: [], hr: [] });

// A send renders the same few variant bodies for every recipient: parsing and sanitizing once per
// body, not once per email, is most of the rendering time. Bounded, so a long-lived worker stays small.
const rendered = new Map<string, string>();
const RENDERED_MAX = 64;

/** An update's Markdown as safe HTML for an email or the archive. */
export function markdownToHtml(markdown: string): string {
  const known = rendered.get(markdown);
  if (known !== undefined) return known;
  const html = allowed(marked.parse(markdown) as string);
  if (rendered.size >= RENDERED_MAX) rendered.delete(rendered.keys().next().value!);
  rendered.set(markdown, html);
  return html;
}
