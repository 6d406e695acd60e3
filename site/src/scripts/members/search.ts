/** The members' search: threads and posts of the member's groups. */
import { pathIn } from '../../i18n/default.ts';
import { answer, hub } from '../../lib/api.ts';
import { el, messagesOf, param, say, toSignIn, when } from '../../lib/forum-client.ts';

const t = messagesOf(document.getElementById('search')!);
const status = document.getElementById('status');
const q = param('q');
(document.getElementById('q') as HTMLInputElement).value = q;
if (q) {
  const found = await answer(hub.GET('/search', { params: { query: { q } } }));
  if (!found.ok) {
    if (found.status === 401) toSignIn();
    else say(status, found.message, 'error');
  } else {
    say(status, t('members.search.count', { n: found.data.results.length }));
    for (const hit of found.data.results) {
      document.getElementById('results')!.append(
        el('li', {}, el('a', { href: pathIn(`/members/thread/?id=${encodeURIComponent(hit.threadId)}${hit.postId ? `#post-${hit.postId}` : ''}`) }, hit.title),
          el('p', { className: 'meta' }, `${when(hit.at)} · ${hit.excerpt}`)),
      );
    }
  }
}
