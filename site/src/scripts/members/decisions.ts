/** A group's record of decisions; leaders and the secretariat mark one as an agreement. */
import { pathIn } from '../../i18n/default.ts';
import { answer, hub, type Ok } from '../../lib/api.ts';
import { el, messagesOf, param, say, toSignIn, when } from '../../lib/forum-client.ts';
import { chosenGroups, groupChoice, h } from './agreement-form.ts';

type Decision = Ok<'/groups/{group}/decisions', 'get'>['decisions'][number];
type Named = { id: string; name: string };
const t = messagesOf(document.getElementById('decisions')!);

/** A leader's form to mark a decision as an agreement: title, state, the day agreed, the groups it binds, public or not. */
function markForm(d: Decision, groups: Named[]) {
  const id = (name: string) => `${name}-${d.id}`;
  const title = h('input', { id: id('title'), name: 'title', value: d.threadTitle, required: true });
  const state = h('select', { id: id('state'), name: 'state' }, h('option', { value: 'agreed' }, t('agreements.state.agreed')), h('option', { value: 'proposed' }, t('agreements.state.proposed')));
  const agreedOn = h('input', { id: id('agreedOn'), name: 'agreedOn', type: 'date', value: new Date().toISOString().slice(0, 10) });
  const isPublic = h('input', { id: id('public'), name: 'public', type: 'checkbox' });
  const bound = groupChoice(t('members.agreements.bindingGroups'), groups, (g) => g === group);
  const result = h('p', { role: 'status' });
  const label = (name: string, key: string) => h('label', { htmlFor: id(name) }, t(key));
  const form = h('form', { className: 'form mark-form' },
    h('p', {}, label('title', 'members.agreements.markTitle'), title),
    h('p', {}, label('state', 'members.agreements.state'), state),
    h('p', {}, label('agreedOn', 'members.agreements.agreedOn'), agreedOn),
    bound,
    h('p', {}, isPublic, ' ', h('label', { htmlFor: id('public'), className: 'inline' }, t('members.agreements.makePublic'))),
    h('p', {}, h('button', { type: 'submit' }, t('members.agreements.mark'))), result);
  const details = h('details', {}, h('summary', {}, t('members.agreements.mark')), form);
  state.addEventListener('change', () => { agreedOn.disabled = state.value === 'proposed'; });
  form.addEventListener('submit', async (submit) => {
    submit.preventDefault();
    const agreed = state.value === 'agreed';
    const body = {
      title: title.value,
      state: agreed ? ('agreed' as const) : ('proposed' as const),
      bindingGroups: chosenGroups(bound),
      ...(agreed && agreedOn.value ? { agreedOn: agreedOn.value } : {}),
      public: isPublic.checked,
    };
    const marked = await answer(hub.POST('/threads/{thread}/posts/{post}/agreement', { params: { path: { thread: d.threadId, post: d.id } }, body }));
    if (!marked.ok) return say(result, marked.message, 'error');
    details.replaceWith(h('p', { role: 'status' }, t('members.agreements.marked'), ' ', h('a', { href: pathIn(`/members/agreements/#agreement-${d.id}`) }, t('members.agreements.link'))));
  });
  return details;
}
const status = document.getElementById('status');
const group = param('group');
const decisions = await answer(hub.GET('/groups/{group}/decisions', { params: { path: { group } } }));
if (!decisions.ok) {
  if (decisions.status === 401) toSignIn();
  else say(status, decisions.message, 'error');
} else {
  document.getElementById('heading')!.textContent = t('members.decisions.of', { group: decisions.data.group.name });
  (document.getElementById('back') as HTMLAnchorElement).href = pathIn(`/members/group/?id=${encodeURIComponent(group)}`);
  const exportLink = document.getElementById('export') as HTMLAnchorElement;
  exportLink.href = `/api/groups/${encodeURIComponent(group)}/decisions.md`;
  exportLink.hidden = false;
  say(status, decisions.data.decisions.length ? '' : t('members.decisions.empty'));
  // Which decisions are agreements already, and whether this reader may mark them (leaders and the secretariat).
  const [me, agreements] = await Promise.all([
    answer(hub.GET('/me')),
    answer(hub.GET('/agreements/register', { params: { query: { group } } })),
  ]);
  const canMark = me.ok && (me.data.secretariat || me.data.groups.some((g) => g.id === group && g.role === 'leader'));
  const marked = new Map(agreements.ok ? agreements.data.agreements.map((a) => [a.id, a]) : []);
  const groups = agreements.ok ? agreements.data.groups : [];
  for (const d of decisions.data.decisions) {
    const body = el('div', {});
    body.innerHTML = d.html;
    const item = el('li', {}, el('h2', {}, el('a', { href: pathIn(`/members/thread/?id=${encodeURIComponent(d.threadId)}#post-${d.id}`) }, d.threadTitle)),
      el('p', { className: 'meta' }, t('members.decisions.meta', { author: d.authorName, by: d.recordedBy, when: when(d.recordedAt) })), body);
    const agreement = marked.get(d.id);
    if (agreement) item.append(h('p', {}, h('a', { href: pathIn(`/members/agreements/#agreement-${d.id}`) }, t('members.agreements.already', { state: t(`agreements.state.${agreement.state}`) }))));
    else if (canMark) item.append(markForm(d, groups));
    document.getElementById('list')!.append(item);
  }
}
