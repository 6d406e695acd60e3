/** The members' and console's shell: the menu on a narrow screen, who is signed in, signing out, the console's counts. */
import { pathIn } from '../i18n/default.ts';
import { answer, hub } from '../lib/api.ts';

const header = document.getElementById('app-header')!;
const messages = JSON.parse(header.dataset.messages ?? '{}') as Record<string, string>;
const t = (key: string, n?: number) => (messages[key] ?? key).replace('{n}', String(n ?? ''));
const button = document.getElementById('app-menu-button') as HTMLButtonElement;
const nav = document.getElementById('app-nav')!;

// The menu: collapsed behind a button on a narrow screen (the CSS hides the button on a wide one).
// Without this script the navigation simply stays open.
header.classList.add('app-collapsible');
button.hidden = false;
const setOpen = (open: boolean) => {
  button.setAttribute('aria-expanded', String(open));
  header.classList.toggle('app-open', open);
};
button.addEventListener('click', () => setOpen(button.getAttribute('aria-expanded') !== 'true'));
header.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape' || button.getAttribute('aria-expanded') !== 'true') return;
  setOpen(false);
  button.focus();
});

document.getElementById('app-sign-out')!.addEventListener('click', async () => {
  const out = await answer(hub.POST('/auth/logout'));
  if (out.ok) location.assign(pathIn('/members/signin/'));
});

// Who is signed in, and in which role: the links of a role, and the console's counts.
const me = await answer(hub.GET('/me'));
if (!me.ok) {
  document.getElementById('app-who-name')!.replaceChildren(
    document.createTextNode(`${t('shell.notSignedIn')} `),
    Object.assign(document.createElement('a'), { href: pathIn(`/members/signin/?next=${encodeURIComponent(location.pathname + location.search)}`), textContent: t('shell.signIn') }),
  );
  document.getElementById('app-sign-out')!.hidden = true;
} else {
  const person = me.data;
  const leads = person.groups.some((g) => g.role === 'leader');
  // The badge names the highest role held in any group: a contributor or an observer is not shown as a member.
  const role = person.secretariat ? 'secretariat' : (['leader', 'member', 'contributor', 'observer'] as const).find((r) => person.groups.some((g) => g.role === r)) ?? 'member';
  document.getElementById('app-who-label')!.hidden = false;
  document.getElementById('app-who-name')!.textContent = person.name;
  document.getElementById('app-who-email')!.textContent = person.email;
  const badge = document.getElementById('app-role')!;
  badge.textContent = t(`shell.role.${role}`);
  badge.hidden = false;
  for (const item of nav.querySelectorAll<HTMLElement>('li[data-for]')) {
    item.hidden = !(person.secretariat || (item.dataset.for === 'leaders' && leads));
  }
  if (person.secretariat && header.dataset.area === 'console') await showAttention();
}

async function showAttention() {
  const attention = await answer(hub.GET('/admin/attention'));
  if (!attention.ok) return;
  const counts: Record<string, number> = attention.data;
  let total = 0;
  for (const count of nav.querySelectorAll<HTMLElement>('[data-attention]')) {
    const n = counts[count.dataset.attention ?? ''] ?? 0;
    count.textContent = t(`shell.attention.${count.dataset.attention}`, n);
    count.hidden = n === 0;
    total += n;
  }
  const menuCount = document.getElementById('app-menu-count')!;
  menuCount.textContent = t('shell.attention.total', total);
  menuCount.hidden = total === 0;
}
