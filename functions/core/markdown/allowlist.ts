import * as xssModule from 'xss';

// js-xss is CommonJS and sets most of its exports in a loop, which Node's named-export detection
// does not see: they are read off the module object itself (the default export, under Node and bundlers).
const { escapeAttrValue, FilterXSS } = (xssModule as unknown as { default?: typeof xssModule }).default ?? xssModule;

/** Tags kept, each with the attributes it may keep. */
export type Allowlist = Record<string, string[]>;

/** Only absolute web and mail links: a relative one would point somewhere else in an email than on a page. */
export const WEB_OR_MAIL_LINK = /^(https?:\/\/|mailto:)/i;

/** Elements whose content is dropped with them, not shown as text. */
const DROPPED_WITH_CONTENT = ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'template'];

/**
 * The second layer under the Markdown renderers: whatever HTML reaches it is cut down to `tags`
 * (js-xss: a tag not listed is removed and its text kept; script-like elements go with their
 * content; comments go). A link's `href` stays only when it is an absolute web or mail address;
 * `rel`, when the renderer set one, is always `rel` as given here, whatever the HTML said.
 */
export function allowlistFilter(tags: Allowlist, options: { rel?: string } = {}): (html: string) => string {
  const filter = new FilterXSS({
    whiteList: tags,
    stripIgnoreTag: true,
    stripIgnoreTagBody: DROPPED_WITH_CONTENT,
    allowCommentTag: false,
    css: false,
    onTagAttr(tag, name, value) {
      if (tag !== 'a' || !(tags.a ?? []).includes(name)) return undefined;
      if (name === 'href') return WEB_OR_MAIL_LINK.test(value.trim()) ? `href="${escapeAttrValue(value.trim())}"` : '';
      if (name === 'rel') return options.rel ? `rel="${options.rel}"` : '';
      return undefined;
    },
  });
  return (html) => filter.process(html);
}

/** Every tag removed, the text kept (still HTML-escaped), script-like elements dropped with their content. */
export const withoutTags = allowlistFilter({});
