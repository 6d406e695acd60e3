/**
 * The archive of sent updates. The site is static and updates are sent after it is built, so the
 * archive is read from the API at page load; /updates/#<id> shows one update (its HTML was sanitized
 * by the API's allowlist).
 */
import { answer, hub } from '../lib/api.ts';
import { el } from '../lib/console-client.ts';
import { dateLocale } from '../lib/messages.ts';

const status = document.getElementById('status')!;
const list = document.getElementById('updates')!;
async function show() {
  const id = location.hash.replace(/^#/, '');
  if (id) {
    const one = await answer(hub.GET('/archive/{id}', { params: { path: { id } } }));
    if (one.ok) {
      document.getElementById('update-title')!.textContent = one.data.title;
      document.getElementById('update-date')!.textContent = new Date(one.data.sentAt).toLocaleDateString(dateLocale());
      document.getElementById('update-body')!.innerHTML = one.data.html ?? '';
      document.getElementById('update')!.hidden = false;
    }
  }
  const all = await answer(hub.GET('/archive'));
  if (!all.ok) return void (status.textContent = status.dataset.failed ?? '');
  status.textContent = all.data.updates.length ? '' : status.dataset.empty ?? '';
  list.replaceChildren(
    ...all.data.updates.map((u) => {
      const item = el('li');
      item.append(el('a', u.title, { href: `#${u.id}` }), el('span', ` · ${new Date(u.sentAt).toLocaleDateString(dateLocale())}`, { class: 'meta' }));
      return item;
    }),
  );
}
addEventListener('hashchange', () => void show());
void show();
