/** The console's updates: the editor (previews beside each text, the count of who it reaches), the list with its actions (test, schedule, send, cancel, edit), the previews and each send's report. */
import { audiences, languages, topics } from '../../../../functions/core/partnership/vocabulary-lists.ts';
import { markdownToHtml } from '../../../../functions/core/updates/markdown.ts';
import { answer, hub, refusalLine, whoAmI, type FieldError, type Schema } from '../../lib/api.ts';
import { el } from '../../lib/console-client.ts';
import { formatDateTime, formatNumber, messagesOf, pageLocale, plural } from '../../lib/messages.ts';
import { vocabularyNames } from '../../lib/vocabulary-names.ts';
import { oneOf } from './forms.ts';
import { statusLine } from '../../lib/status.ts';

type Update = Schema<'Update'>;
type Variant = Update['variants'][number];
type Reach = Schema<'UpdateAudience'>;
type Report = Schema<'UpdateReport'>;
type Progress = Report['progress'];
/** Where a translated variant stands, as the document names the states. */
const translationChoices = ['to-translate', 'translated', 'checked'] as const satisfies readonly NonNullable<Variant['translation']>[];
const t = messagesOf(document.getElementById('console-updates')!);
// A code the catalogues do not name (a new delivery status) reads as itself.
const { audienceName, countryName, languageName, named } = vocabularyNames(pageLocale(), t);
const statusName = (code: string) => named(`console.updates.status.${code}`, code);
const status = document.getElementById('status')!;
const form = document.getElementById('update-form') as HTMLFormElement;
const say = statusLine(status);
/** A call that answers only whether it worked: the API's message, or `done` in the status line. */
const sayDone = (result: { ok: true } | { ok: false; message: string }, done: string) => say(result.ok ? done : result.message, result.ok ? 'success' : 'error');
const onUpdate = (id: string) => ({ params: { path: { id } } });

async function loadNetworks() {
  const listed = await answer(hub.GET('/admin/networks'));
  if (!listed.ok) return;
  document.getElementById('networks')!.replaceChildren(...listed.data.networks.map((n) => {
    const label = el('label');
    label.append(el('input', '', { type: 'checkbox', name: 'networks', value: n.id }), document.createTextNode(` ${t('console.updates.relayThrough', { name: n.name })}`));
    const item = el('li');
    item.append(label);
    return item;
  }));
}

const share = (part: number, whole: number) => new Intl.NumberFormat(pageLocale(), { style: 'percent', maximumSignificantDigits: 3 }).format(whole === 0 ? 0 : part / whole);
const resumeButton = document.getElementById('resume-button') as HTMLButtonElement;
const cancelButton = document.getElementById('cancel-button') as HTMLButtonElement;
const cancelConfirm = document.getElementById('cancel-confirm')!;
const cancelQuestion = document.getElementById('cancel-question')!;
let shown: Report['update'] | undefined;

function closeCancelConfirm() {
  cancelConfirm.hidden = true;
}

const count = (n: number) => formatNumber(n);
function progressLine(p: Progress) {
  const planning = p.planning?.state === 'running' ? `${t('console.updates.planning', { read: count(p.planning.read), recipients: count(p.planning.recipients) })} ` : p.planning?.state === 'failed' ? `${t('console.updates.planningStopped', { reason: p.planning.error?.message ?? t('console.updates.seeLog') })} ` : '';
  return planning + t('console.updates.progress', { sent: count(p.sent), planned: count(p.planned), waiting: count(p.waiting), failed: count(p.failed), bounced: count(p.bounced), complaints: count(p.complained) });
}
// While a send runs, the report refreshes itself every few seconds; showing another stops it.
let refresh: ReturnType<typeof setTimeout> | undefined;
async function showReport(id: string) {
  clearTimeout(refresh);
  const report = await answer(hub.GET('/admin/updates/{id}/report', onUpdate(id)));
  if (!report.ok) return say(report.message, 'error');
  const r = report.data;
  shown = r.update;
  // Why queued emails wait: the SES account's 24-hour quota is spent until the window allows more.
  const why = r.waiting ? ` · ${t('console.updates.held', { at: formatDateTime(r.waiting.until) })}` : '';
  document.getElementById('report-progress')!.textContent = progressLine(r.progress) + why;
  if (r.progress.live) {
    refresh = setTimeout(() => {
      if (shown?.id === id && !document.getElementById('report')!.hidden) void showReport(id);
    }, 3000);
  }
  closeCancelConfirm();
  document.getElementById('report-heading')!.textContent = t('console.updates.reportOf', { title: r.update.title });
  document.getElementById('report-state')!.textContent = t('console.updates.state', { state: named(`console.updates.stateLine.${r.update.status}`, r.update.status) });
  const pause = document.getElementById('report-pause')!;
  pause.hidden = !r.pause;
  if (r.pause) {
    const p = r.pause;
    const why = p.reason === 'permanent-bounces' ? t('console.updates.pause.bounces', { n: count(p.permanentBounces), sent: count(p.sent), share: share(p.permanentBounces, p.sent) }) : t('console.updates.pause.complaints', { n: count(p.complaints), sent: count(p.sent), share: share(p.complaints, p.sent) });
    pause.textContent = t(r.update.status === 'paused' ? 'console.updates.pause.paused' : 'console.updates.pause.wasPaused', { at: formatDateTime(p.at), why, sent: count(r.brake.sent), bounces: count(r.brake.permanentBounces), complaints: count(r.brake.complaints) });
  }
  resumeButton.hidden = r.update.status !== 'paused';
  // Cancel is offered while something may still go out; the API refuses it once everything has.
  cancelButton.hidden = !['sending', 'paused'].includes(r.update.status) && !(r.update.status === 'sent' && (r.totals.byStatus.queued ?? 0) + (r.totals.byStatus.sending ?? 0) > 0);
  document.getElementById('report-summary')!.textContent = [
    r.update.status === 'sending' && r.progress.planning?.state === 'running' ? t('console.updates.plannedSoFar', { n: count(r.progress.planned) }) : t('console.updates.recipients', { n: count(r.update.recipients) }),
    ...Object.entries(r.totals.byStatus).filter(([, n]) => n > 0).map(([s, n]) => `${statusName(s)} ${count(n)}`),
    t('console.updates.excludedSummary', { unsubscribed: count(r.totals.unsubscribed), suppressed: count(r.excluded.suppressed), unconsented: count(r.excluded.unconsented) }),
  ].join(' · ');
  document.getElementById('report-retention')!.textContent = t('console.updates.retention', { days: count(r.deliveryRecordsKeptDays) });
  document.getElementById('report-gaps')!.textContent = r.gaps.audiences.length || r.gaps.countries.length ? t('console.updates.reportGaps', { list: [...r.gaps.audiences.map(audienceName), ...r.gaps.countries.map(countryName)].join(', ') }) : t('console.updates.noGap');
  document.getElementById('report-counts')!.replaceChildren(...r.counts.map((c) => {
    const row = el('tr');
    row.append(el('td', statusName(c.status)), el('td', c.route), el('td', c.audience), el('td', c.country), el('td', count(c.count)));
    return row;
  }));
  document.getElementById('report-relays')!.replaceChildren(...r.relays.map((x) => el('li', t('console.updates.relayLine', { name: x.name, contacts: count(x.relayContacts), confirmed: count(x.confirmed) }))));
  if (r.notSent.cancelled > 0) document.getElementById('report-summary')!.textContent += ` · ${t('console.updates.notSent', { n: count(r.notSent.cancelled) })}`;
  document.getElementById('report')!.hidden = false;
}

resumeButton.addEventListener('click', async () => {
  if (!shown) return;
  const r = await answer(hub.POST('/admin/updates/{id}/resume', onUpdate(shown.id)));
  say(r.ok ? t('console.updates.resumed', { n: count(r.data.requeued) }) : refusalLine(r), r.ok ? 'success' : 'error');
  await Promise.all([showReport(shown.id), loadUpdates()]);
});
cancelButton.addEventListener('click', () => {
  if (!shown) return;
  // Cancelling cannot be undone: it takes a second, explicit press naming the update.
  cancelQuestion.textContent = t('console.updates.cancelQuestion', { title: shown.title });
  cancelConfirm.hidden = false;
  cancelQuestion.focus();
});
document.getElementById('cancel-no')!.addEventListener('click', () => {
  closeCancelConfirm();
  cancelButton.focus();
});
document.getElementById('cancel-yes')!.addEventListener('click', async () => {
  if (!shown) return;
  closeCancelConfirm();
  const r = await answer(hub.POST('/admin/updates/{id}/cancel', onUpdate(shown.id)));
  const done = r.ok && r.data.cancelled > 0 ? t('console.updates.cancelDone', { n: count(r.data.cancelled) }) : t('console.updates.cancelled');
  say(r.ok ? done : refusalLine(r), r.ok ? 'success' : 'error');
  await Promise.all([showReport(shown.id), loadUpdates()]);
  document.getElementById('report-heading')!.focus();
});

async function showPreview(id: string) {
  const previews = await answer(hub.GET('/admin/updates/{id}/preview', onUpdate(id)));
  if (!previews.ok) return say(previews.message, 'error');
  document.getElementById('previews')!.replaceChildren(...previews.data.previews.map((p) => {
    const box = el('details');
    // The HTML part as a mail client shows it, in a sandbox: nothing in it can run or reach the console.
    const html = el('iframe', '', { sandbox: '', srcdoc: p.html, title: t('console.updates.htmlVersion', { variant: p.variant, route: p.route }), class: 'preview-html' });
    box.append(el('summary', `${p.variant} · ${p.route} · ${p.subject}`), el('h3', t('console.updates.html')), html, el('h3', t('console.updates.text')), el('pre', p.text));
    return box;
  }));
  document.getElementById('preview')!.hidden = false;
}

async function loadUpdates() {
  const listed = await answer(hub.GET('/admin/updates'));
  if (!listed.ok) return say(listed.message, 'error');
  document.getElementById('updates')!.replaceChildren(...listed.data.updates.map((u) => {
    const row = el('tr', '', { 'data-id': u.id });
    const actions = el('td');
    const button = (label: string, run: () => Promise<unknown>) => {
      const b = el('button', label, { type: 'button' });
      b.addEventListener('click', () => void run());
      actions.append(b, document.createTextNode(' '));
      return b;
    };
    button(t('console.updates.preview'), () => showPreview(u.id));
    button(t('console.updates.report'), () => showReport(u.id));
    if (u.status === 'draft' || u.status === 'scheduled') {
      button(t('console.updates.test'), async () => sayDone(await answer(hub.POST('/admin/updates/{id}/test', onUpdate(u.id))), t('console.updates.tested')));
      // The browser's local time, sent as an instant: the person schedules in their own time zone.
      const when = el('input', '', { type: 'datetime-local', 'aria-label': t('console.updates.sendTime', { title: u.title }) });
      actions.append(when, document.createTextNode(' '));
      button(t('console.updates.schedule'), async () => {
        if (!when.value) return say(t('console.updates.chooseTime'), 'error');
        const r = await answer(hub.POST('/admin/updates/{id}/schedule', { ...onUpdate(u.id), body: { at: new Date(when.value).toISOString() } }));
        sayDone(r, t('console.updates.scheduled', { at: formatDateTime(when.value) }));
        await loadUpdates();
      });
      const sendNow = button(t('console.updates.sendNow'), () => askToSend(u, sendNow));
    }
    if (u.status === 'scheduled') {
      button(t('console.updates.cancel'), async () => {
        sayDone(await answer(hub.POST('/admin/updates/{id}/cancel', onUpdate(u.id))), t('console.updates.cancelled'));
        await loadUpdates();
      });
    }
    if (u.status === 'draft') button(t('console.updates.edit'), () => editDraft(u.id));
    row.append(el('td', u.title), el('td', [u.scheduledAt && u.status === 'scheduled' ? t('console.updates.scheduledFor', { at: formatDateTime(u.scheduledAt) }) : statusName(u.status), ...translationStates(u)].join(' · ')), actions);
    return row;
  }));
}

const translationWord = (state: string) => t(`console.updates.translation.${state}`);
/** Where each translation stands, as the list shows it: "French (for NGOs): to translate". */
function translationStates(u: Update) {
  return u.variants.flatMap(({ audience, language, translation }) => {
    if (!language || !translation) return [];
    return [audience ? t('console.updates.translationStateFor', { language: languageName(language), audience: audienceName(audience), state: translationWord(translation) }) : t('console.updates.translationState', { language: languageName(language), state: translationWord(translation) })];
  });
}

// "Send now" says first how many people it is about to write to, counted as the send will plan it.
const sendConfirm = document.getElementById('send-confirm')!;
const sendQuestion = document.getElementById('send-question')!;
const sendDetail = document.getElementById('send-detail')!;
const people = (n: number) => plural(t, 'console.updates.people', n);
let toSend: Update | undefined;
let sendButton: HTMLButtonElement | undefined;
async function askToSend(u: Update, from: HTMLButtonElement) {
  sendButton = from;
  const reach = await answer(hub.GET('/admin/updates/{id}/audience', onUpdate(u.id)));
  if (!reach.ok) return say(reach.message, 'error');
  const r = reach.data;
  toSend = u;
  sendQuestion.textContent = t(r.complete ? 'console.updates.sendQuestion' : 'console.updates.sendQuestionAtLeast', { people: people(r.recipients) });
  sendDetail.textContent = t('console.updates.sendDetail', { title: u.title, reach: reachSentence(r) });
  sendConfirm.hidden = false;
  sendQuestion.focus();
}
document.getElementById('send-no')!.addEventListener('click', () => {
  sendConfirm.hidden = true;
  sendButton?.focus();
});
document.getElementById('send-yes')!.addEventListener('click', async () => {
  if (!toSend) return;
  const u = toSend;
  sendConfirm.hidden = true;
  const r = await answer(hub.POST('/admin/updates/{id}/send', onUpdate(u.id)));
  sayDone(r, t('console.updates.sending'));
  await loadUpdates();
  if (r.ok) await showReport(u.id);
});

// The editor: previews beside each text, the count of who it reaches as targets and routes change.
const field = <T extends HTMLElement = HTMLInputElement>(id: string) => document.getElementById(id) as T;
const value = (id: string) => field<HTMLInputElement>(id).value.trim();
function preview(target: HTMLElement, subject: string, intro: string, body: string, note = '') {
  if (!body) return target.replaceChildren(el('p', target.dataset.empty ?? '', { class: 'meta' }));
  const html = el('div');
  // The emails' own Markdown rules and allowlist (core/updates/markdown.ts): raw HTML shows as text, the rest is sanitized.
  html.innerHTML = markdownToHtml(body);
  target.replaceChildren(...(note ? [el('p', note, { class: 'meta' })] : []), el('p', subject || t('console.updates.noSubject'), { class: 'preview-subject' }), ...(intro ? [el('p', intro)] : []), html);
}
function refreshPreviews() {
  preview(field('base-preview'), value('subject'), value('intro'), value('body'));
  for (const n of [1, 2, 3]) {
    const target = field(`v${n}-preview`);
    const audience = value(`v${n}-audience`);
    const language = value(`v${n}-language`);
    if (!audience && !language) {
      target.replaceChildren(el('p', target.dataset.empty ?? '', { class: 'meta' }));
      continue;
    }
    const state = value(`v${n}-translation`);
    const forWhom = audience ? audienceName(audience) : t('console.updates.everyAudience');
    const who = language ? t('console.updates.variantFor', { audience: forWhom, language: languageName(language) }) : t('console.updates.variantForAny', { audience: forWhom });
    preview(target, value(`v${n}-subject`) || value('subject'), value('intro'), value(`v${n}-body`) || value('body'), state ? `${who} · ${translationWord(state)}` : who);
  }
}

const exclusions = ['unsubscribed', 'bounced', 'complained', 'suppressionList', 'relaySuppressed', 'pending', 'noConsent'];
function reachSentence(r: Reach) {
  const relays = r.relayed.filter((x) => x.relayContacts > 0);
  const covered = r.relayed.filter((x) => x.covered > 0);
  return [
    t('console.updates.reachDirect', { people: people(r.direct) }),
    ...relays.map((x) => t('console.updates.reachRelay', { people: people(x.relayContacts), name: x.name })),
  ].join(', ') + '.' + (covered.length > 0 ? ` ${t('console.updates.reachCovered', { list: covered.map((x) => t('console.updates.reachForwards', { name: x.name, people: people(x.covered) })).join('; ') })}` : '') + (r.complete ? '' : ` ${t('console.updates.reachStopped', { n: count(r.read) })}`);
}
function tally(caption: string, heading: string, totals: Record<string, number>, name: (code: string) => string) {
  const table = el('table');
  const body = el('tbody');
  const head = el('thead');
  const headRow = el('tr');
  headRow.append(el('th', heading, { scope: 'col' }), el('th', t('console.updates.col.people'), { scope: 'col' }));
  head.append(headRow);
  for (const [code, n] of Object.entries(totals).sort((a, b) => b[1] - a[1])) {
    const row = el('tr');
    row.append(el('th', name(code), { scope: 'row' }), el('td', count(n)));
    body.append(row);
  }
  table.append(el('caption', caption), head, body);
  return table;
}
const reachTotal = field('reach-total');
const reachSection = field('reach');
function showReach(r: Reach) {
  reachTotal.textContent = plural(t, r.complete ? 'console.updates.reachTotal' : 'console.updates.reachTotalAtLeast', r.recipients, { reach: reachSentence(r) });
  const byRoute: Record<string, number> = { direct: r.direct, ...Object.fromEntries(r.relayed.map((x) => [`relay:${x.network}`, x.relayContacts])) };
  const routeName = (code: string) => (code === 'direct' ? t('console.updates.directly') : t('console.updates.relayContactsOf', { name: r.relayed.find((x) => `relay:${x.network}` === code)?.name ?? code }));
  field('reach-details').replaceChildren(
    tally(t('console.updates.byRoute'), t('console.updates.col.route'), byRoute, routeName),
    tally(t('console.updates.byAudience'), t('console.updates.field.audience'), r.byAudience, audienceName),
    tally(t('console.updates.byCountry'), t('console.updates.col.country'), r.byCountry, countryName),
    tally(t('console.updates.byLanguage'), t('console.updates.field.language'), r.byLanguage, languageName),
  );
  const reasons = exclusions.filter((key) => (r.excluded[key] ?? 0) > 0).map((key) => t(`console.updates.excluded.${key}`, { n: count(r.excluded[key]!) }));
  field('reach-excluded').textContent = reasons.length > 0 ? t('console.updates.notWrittenTo', { list: reasons.join(', ') }) : '';
  const gaps = [...r.gaps.audiences.map(audienceName), ...r.gaps.countries.map(countryName)];
  field('reach-gaps').textContent = gaps.length > 0 ? t('console.updates.reachGaps', { list: gaps.join(', ') }) : '';
}
function clearReach(message: string) {
  reachTotal.textContent = message;
  for (const id of ['reach-details', 'reach-excluded', 'reach-gaps']) field(id).replaceChildren();
}

/** Where each field's error goes: API paths (`targets.countries.0`, `variants.1.body`) to the fields the person sees. */
function errorPlace(path: string, variantRows: number[]): { error: string; field: string } | undefined {
  const [head, second, third] = path.split('.');
  if (['title', 'subject', 'intro', 'body'].includes(path)) return { error: `${path}-error`, field: path };
  if (head === 'targets' && ['audiences', 'countries', 'topics'].includes(second ?? '')) return { error: `${second}-field-error`, field: `${second}-field` };
  if (head === 'routes') return { error: 'routes-field-error', field: 'routes-field' };
  const n = head === 'variants' ? variantRows[Number(second)] : undefined;
  if (n === undefined) return undefined;
  return third === 'subject' || third === 'body' || third === 'translation' ? { error: `v${n}-${third}-error`, field: `v${n}-${third}` } : { error: `v${n}-field-error`, field: `v${n}-field` };
}
function clearErrors(within: ParentNode = form) {
  within.querySelectorAll<HTMLElement>('.field-error').forEach((e) => {
    e.hidden = true;
    e.textContent = '';
  });
  within.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  if (within === form) field('form-error').hidden = true;
}
/** Shows each error beside its field; answers the first field at fault, and the errors no field owns. */
function showErrors(fields: FieldError[], variantRows: number[] = []) {
  let first: HTMLElement | undefined;
  const unplaced: string[] = [];
  for (const d of fields) {
    const place = errorPlace(d.path, variantRows);
    const box = place && document.getElementById(place.error);
    if (!place || !box) {
      unplaced.push(`${d.path}: ${d.message}`);
      continue;
    }
    box.textContent = box.textContent ? `${box.textContent}; ${d.message}` : d.message;
    box.hidden = false;
    const target = field(place.field);
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) target.setAttribute('aria-invalid', 'true');
    first ??= target;
  }
  return { first, unplaced };
}

const targetFields = ['audiences', 'countries', 'topics', 'direct', 'networks'];
const draftTargets = () => {
  const data = new FormData(form);
  // The boxes offer the document's codes only.
  const chosen = <T extends string>(choices: readonly T[], name: string) => data.getAll(name).flatMap((value) => oneOf(choices, value) ?? []);
  const named = (name: string) => data.getAll(name).map(String);
  return { targets: { audiences: chosen(audiences, 'audiences'), countries: named('countries'), topics: chosen(topics, 'topics') }, routes: { direct: data.get('direct') === 'on', networks: named('networks') } };
};
// Debounced, and only the latest answer shown: ticking three boxes in a row asks once.
let countTimer: ReturnType<typeof setTimeout> | undefined;
let countAsked = 0;
async function countReach() {
  const draft = draftTargets();
  const asked = ++countAsked;
  for (const id of ['audiences-field', 'countries-field', 'topics-field', 'routes-field']) clearErrors(field(id));
  if (draft.targets.audiences.length === 0) return clearReach(t('console.updates.chooseAudience'));
  reachSection.setAttribute('aria-busy', 'true');
  const counted = await answer(hub.POST('/admin/updates/audience', { body: draft }));
  if (asked !== countAsked) return;
  reachSection.removeAttribute('aria-busy');
  if (counted.ok) return showReach(counted.data);
  // Asked too often: said with the wait, and asked again once it is over.
  if (counted.retryAfterSeconds) {
    clearReach(t('console.updates.notCountedWait', { seconds: count(counted.retryAfterSeconds) }));
    clearTimeout(countTimer);
    countTimer = setTimeout(() => void countReach(), counted.retryAfterSeconds * 1000);
    return;
  }
  const { unplaced } = showErrors(counted.fields);
  clearReach(counted.fields.length > 0 && unplaced.length === 0 ? t('console.updates.notCountedFields') : t('console.updates.notCounted', { reason: counted.message }));
}
const recount = () => {
  clearTimeout(countTimer);
  countTimer = setTimeout(() => void countReach(), 350);
};
form.addEventListener('change', (event) => {
  if (targetFields.includes((event.target as HTMLInputElement).name)) recount();
  refreshPreviews();
});
form.addEventListener('input', refreshPreviews);

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors();
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? '').trim();
  // The API numbers the variants it gets; these are the editor's rows they came from.
  const variantRows = [1, 2, 3].filter((n) => text(`v${n}-audience`) || text(`v${n}-language`));
  // The selects offer the document's codes only; an empty one leaves the key out.
  const variants = variantRows.map((n): Variant => {
    const audience = oneOf(audiences, text(`v${n}-audience`));
    const language = oneOf(languages, text(`v${n}-language`));
    const translation = oneOf(translationChoices, text(`v${n}-translation`));
    return {
      ...(audience ? { audience } : {}),
      ...(language ? { language } : {}),
      ...(translation ? { translation } : {}),
      ...(text(`v${n}-subject`) ? { subject: text(`v${n}-subject`) } : {}),
      ...(text(`v${n}-body`) ? { body: text(`v${n}-body`) } : {}),
    };
  });
  const content = { title: text('title'), subject: text('subject'), ...(text('intro') ? { intro: text('intro') } : {}), body: text('body'), variants, ...draftTargets() };
  const result = editing ? await answer(hub.PUT('/admin/updates/{id}', { ...onUpdate(editing), body: content })) : await answer(hub.POST('/admin/updates', { body: content }));
  if (!result.ok) {
    const { first, unplaced } = showErrors(result.fields, variantRows);
    const formError = field('form-error');
    formError.textContent = first ? t('console.updates.notSavedFields', { details: unplaced.length > 0 ? `${unplaced.join('; ')}; ` : '' }) : t('console.updates.notSaved', { reason: result.message });
    formError.hidden = false;
    say('');
    first?.focus();
    return;
  }
  say(t('console.updates.saved'), 'success');
  stopEditing();
  await loadUpdates();
});

// Editing a saved draft: the editor filled with it, saving replaces it (only a draft can change).
let editing: string | undefined;
const editingNote = field('editing-note');
function stopEditing() {
  editing = undefined;
  form.reset();
  clearErrors();
  editingNote.hidden = true;
  field('compose-heading').textContent = t('console.updates.new');
  field('save-button').textContent = t('console.updates.save');
  refreshPreviews();
  void countReach();
}
field('stop-editing').addEventListener('click', () => {
  stopEditing();
  field('compose-heading').focus();
});
async function editDraft(id: string) {
  const draft = await answer(hub.GET('/admin/updates/{id}', onUpdate(id)));
  if (!draft.ok) return say(draft.message, 'error');
  const d = draft.data;
  if (d.variants.length > 3) return say(t('console.updates.tooManyVariants', { title: d.title, n: count(d.variants.length) }), 'error');
  stopEditing();
  editing = id;
  const set = (id: string, v: string | null = '') => {
    field<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(id).value = v ?? '';
  };
  set('title', d.title);
  set('subject', d.subject);
  set('intro', d.intro);
  set('body', d.body);
  const checked: Record<string, string[]> = { audiences: d.targets.audiences, countries: d.targets.countries, topics: d.targets.topics, networks: d.routes.networks };
  form.querySelectorAll<HTMLInputElement>('input[type=checkbox]').forEach((box) => {
    box.checked = box.name === 'direct' ? d.routes.direct : (checked[box.name] ?? []).includes(box.value);
  });
  d.variants.forEach((v, i) => {
    for (const key of ['audience', 'language', 'translation', 'subject', 'body'] as const) set(`v${i + 1}-${key}`, v[key]);
  });
  editingNote.hidden = false;
  field('compose-heading').textContent = t('console.updates.editing.heading', { title: d.title });
  field('save-button').textContent = t('console.updates.saveChanges');
  refreshPreviews();
  void countReach();
  field('compose-heading').focus();
}
refreshPreviews();

const me = await whoAmI(status);
if (me && !me.secretariat) say(t('console.updates.forbidden'), 'error');
if (me?.secretariat) {
  document.getElementById('compose')!.hidden = false;
  document.getElementById('list-section')!.hidden = false;
  await Promise.all([loadNetworks(), loadUpdates()]);
  // The pause notice links here with the update's id: open its report straight away.
  const linked = /^#(u-[a-z0-9]+)$/.exec(location.hash)?.[1];
  if (linked) {
    await showReport(linked);
    document.getElementById('report-heading')!.focus();
  }
}
