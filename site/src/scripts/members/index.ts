/** The members' home: the member's groups, search, and signing out on every device. */
import { pathIn } from '../../i18n/default.ts';
import { answer, hub } from '../../lib/api.ts';
import { el, messagesOf, say, toSignIn } from '../../lib/forum-client.ts';

const t = messagesOf(document.getElementById('home')!);
const status = document.getElementById('status');
const me = await answer(hub.GET('/me'));
if (!me.ok && me.status === 401) toSignIn();
else if (!me.ok) say(status, me.message, 'error');
else {
  const groups = await answer(hub.GET('/groups'));
  if (!groups.ok) say(status, groups.message, 'error');
  else {
    say(status, groups.data.groups.length ? '' : t('members.home.none'));
    const list = document.getElementById('groups')!;
    for (const g of groups.data.groups) {
      list.append(
        el('li', {}, el('a', { href: pathIn(`/members/group/?id=${encodeURIComponent(g.id)}`) }, g.name), ' ',
          el('span', { className: 'badge' }, t(`members.role.${g.role}`)), ' ',
          ...(g.archived ? [el('span', { className: 'badge' }, t('members.home.archived'))] : []),
          el('span', { className: 'meta' }, ` ${g.unread ? t('members.home.unread', { n: g.unread }) : t('members.home.noUnread')}`)),
      );
    }
  }
}
// Signing out here is in the shell's navigation; this page adds signing out on every device.
document.getElementById('logout-everywhere')!.addEventListener('click', async () => {
  const out = await answer(hub.POST('/auth/logout-everywhere'));
  if (out.ok) location.assign(pathIn('/members/signin/'));
  else say(status, out.message, 'error');
});
