/**
 * A live preview under a Markdown field of the forums: what members will read, rendered by the
 * server's own renderer and allowlist (`functions/core/markdown/render.ts`: raw HTML shows as text,
 * links keep only web and mail addresses). The renderer is loaded the first time someone types, in a
 * chunk of its own, so a page opened only to read stays light.
 */
type Render = (markdown: string) => string;
let renderer: Promise<Render> | undefined;
const loadRenderer = () => (renderer ??= import('../../../functions/core/markdown/render.ts').then((m) => m.renderMarkdown));

/**
 * Puts a preview after `area`'s paragraph (or after `area`): a labelled region that follows what is
 * typed. `words.label` names it ("Preview"); `words.empty` stands in while the field is empty.
 */
export function attachPreview(area: HTMLTextAreaElement, words: { label: string; empty: string }): HTMLElement {
  const region = document.createElement('section');
  region.className = 'md-preview';
  region.setAttribute('aria-label', words.label);
  const heading = document.createElement('p');
  heading.className = 'md-preview-label meta';
  heading.textContent = words.label;
  const body = document.createElement('div');
  body.className = 'md-preview-body';
  region.append(heading, body);
  const host = area.closest('p') ?? area;
  host.after(region);

  let queued = false;
  const show = async () => {
    queued = false;
    const text = area.value;
    if (!text.trim()) {
      body.replaceChildren(Object.assign(document.createElement('p'), { className: 'meta', textContent: words.empty }));
      return;
    }
    const render = await loadRenderer();
    // The same function the API renders a post with, so the preview is exactly what will be shown.
    body.innerHTML = render(text);
  };
  area.addEventListener('input', () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => void show());
  });
  // A field that opens with text (an edit) shows it at once.
  void show();
  return region;
}
