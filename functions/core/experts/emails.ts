import { renderEmail } from '../mail/layout.ts';
import type { OutgoingEmail } from '../mail/message.ts';
import { localPath, mailLanguages, mailWords, type MailWords } from '../mail/words.ts';
import type { Call } from './call.ts';
import type { Expert } from './expert.ts';

/**
 * The language of the hub's words to an expert: the first of their languages the emails speak
 * (for a call, one the call is written in comes first, as its text is in it), else English.
 */
export function expertMailLanguage(expert: Pick<Expert, 'languages'>, written: readonly string[] = []): string {
  const spoken = (l: string) => (mailLanguages as readonly string[]).includes(l);
  return expert.languages.find((l) => spoken(l) && written.includes(l)) ?? expert.languages.find(spoken) ?? 'en';
}

const page = (w: MailWords, baseUrl: string, path: string, token: string) => `${baseUrl}${localPath(w.language, path)}#${token}`;
const entryFooter = (w: MailWords, baseUrl: string, manageToken: string) => ({
  text: w('experts.footer'),
  links: [{ label: w('experts.entry'), url: page(w, baseUrl, '/experts/entry/', manageToken) }],
});

/** Asks a person to confirm their entry; nobody is in the pool before they do. */
export function confirmationEmail(input: { expert: Expert; confirmToken: string; manageToken: string; baseUrl: string; proposedByName?: string }): OutgoingEmail {
  const { expert } = input;
  const w = mailWords(expertMailLanguage(expert));
  const topics = expert.topics.join(', ');
  return {
    to: expert.email,
    subject: w('experts.confirm.subject'),
    ...renderEmail({
      heading: w('experts.confirm.heading'),
      paragraphs: [
        w('hello', { name: expert.name }),
        input.proposedByName ? w('experts.confirm.proposed', { proposer: input.proposedByName, topics }) : w('experts.confirm.offered', { topics }),
        w('experts.confirm.calls'),
        w('experts.confirm.press'),
      ],
      action: { label: w('experts.confirm.action'), url: page(w, input.baseUrl, '/experts/confirm/', input.confirmToken) },
      footer: entryFooter(w, input.baseUrl, input.manageToken),
      language: w.language,
    }),
  };
}

/** Tells someone already in the pool how to reach their entry, without creating a second one. */
export function alreadyInPoolEmail(input: { expert: Expert; manageToken: string; baseUrl: string }): OutgoingEmail {
  const w = mailWords(expertMailLanguage(input.expert));
  return {
    to: input.expert.email,
    subject: w('experts.already.subject'),
    ...renderEmail({
      heading: w('experts.already.heading'),
      paragraphs: [w('hello', { name: input.expert.name }), w('experts.already.text')],
      action: { label: w('experts.already.action'), url: page(w, input.baseUrl, '/experts/entry/', input.manageToken) },
      footer: entryFooter(w, input.baseUrl, input.manageToken),
      language: w.language,
    }),
  };
}

/** One call for cooperation to one matching expert, with the page to answer it: the hub's words in the expert's language, the call's as written. */
export function callEmail(input: {
  expert: Expert;
  call: Call;
  groupName: string;
  answerToken: string;
  manageToken: string;
  callsOffToken: string;
  baseUrl: string;
  bodyHtml: { html: string; text: string };
}): OutgoingEmail {
  const w = mailWords(expertMailLanguage(input.expert, input.call.languages ?? []));
  const footer = entryFooter(w, input.baseUrl, input.manageToken);
  return {
    to: input.expert.email,
    subject: w('experts.call.subject', { title: input.call.title }),
    unsubscribeUrl: `${input.baseUrl}/api/experts/calls-off/${input.callsOffToken}`,
    headers: { 'X-Hub-Call': input.call.id },
    ...renderEmail({
      heading: input.call.title,
      paragraphs: [
        w('hello', { name: input.expert.name }),
        w('experts.call.asks', { group: input.groupName, topics: input.call.topics.join(', '), deadline: w.date(input.call.deadline, true) }),
      ],
      html: input.bodyHtml,
      action: { label: w('experts.call.action'), url: page(w, input.baseUrl, '/experts/answer/', input.answerToken) },
      footer: { ...footer, links: [...footer.links, { label: w('experts.call.stop'), url: page(w, input.baseUrl, '/experts/entry/', input.manageToken) }] },
      language: w.language,
    }),
  };
}
