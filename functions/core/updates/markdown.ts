import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { escapeHtml } from '../mail/layout.ts';

// Raw HTML in the Markdown is shown as text, never interpreted; the result is then allowlisted.
const marked = new Marked({
  gfm: true,
  async: false,
  renderer: { html: ({ text }) => escapeHtml(text) },
});

const allowed: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'a', 'ul', 'ol', 'li', 'blockquote', 'code', 'pre', 'h2', 'h3', 'h4', 'hr'],
  allowedAttributes: { a: ['href'] },
  allowedSchemes: ['https', 'http', 'mailto'],
  transformTags: { h1: 'h2' },
};

// A send renders the same few variant bodies for every recipient: parsing and sanitizing once per
// body, not once per email, is most of the rendering time. Bounded, so a long-lived worker stays small.
const rendered = new Map<string, string>();
const RENDERED_MAX = 64;

/** An update's Markdown as safe HTML for an email or the archive. */
export function markdownToHtml(markdown: string): string {
  const known = rendered.get(markdown);
  if (known !== undefined) return known;
  const html = sanitizeHtml(marked.parse(markdown) as string, allowed);
  if (rendered.size >= RENDERED_MAX) rendered.delete(rendered.keys().next().value!);
  rendered.set(markdown, html);
  return html;
}
