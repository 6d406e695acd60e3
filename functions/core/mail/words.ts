/**
 * The words around what people write: greetings, footers, link labels and the emails the hub writes
 * itself, in each language the hub's emails speak. A recipient gets their own language (a contact's
 * or member's preference) when the hub speaks it, English otherwise; the pages the links open are in
 * that language too (`localPath`). Adding a language is one more catalogue here, with every key
 * (TypeScript holds the French one to the English one's keys), and its pages on the site.
 */
const en = {
  greeting: 'Dear {name},',
  'update.footer': 'You receive this update from the {partnership} because you subscribed to its updates.',
  'update.relay.footer': 'You receive this as the relay contact of {network} for the {partnership}.',
  'update.relay.subject': 'To relay to {network}: {subject}',
  'update.relay.intro': "This is the forward-ready version of the {partnership}'s update for the members of {network}. Please forward everything below the line to them as it is.",
  'update.relay.confirm': 'Once you have relayed it, confirm with the link "I relayed it" so the Partnership knows who was reached.',
  'link.relayed': 'I relayed it',
  'link.preferences': 'Preferences',
  'link.unsubscribe': 'Unsubscribe',
  'subscribe.subject': "Confirm your subscription to the {partnership}'s updates",
  'subscribe.heading': 'Confirm your subscription',
  'subscribe.asked': "Someone, probably you, asked to receive the {partnership}'s updates at this address.",
  'subscribe.press': 'Open the page below and press "Confirm" to start receiving them. The link works for 7 days.',
  'subscribe.action': 'Open the confirmation page',
  'subscribe.ignore': 'If you did not ask for this, ignore this email: nothing happens and we will not write again.',
  'already.subject': "You already receive the {partnership}'s updates",
  'already.heading': 'You are already subscribed',
  'already.text': 'Someone asked to subscribe this address, which already receives our updates. To change what you receive, open your preferences.',
  'already.action': 'Open your preferences',
  'already.ignore': 'If you did not ask for this, ignore this email.',
};
export type MailWord = keyof typeof en;

const fr: Record<MailWord, string> = {
  greeting: 'Bonjour {name},',
  'update.footer': 'Vous recevez cette lettre du {partnership} parce que vous vous êtes abonné à ses informations.',
  'update.relay.footer': 'Vous recevez ceci en tant que contact relais de {network} pour le {partnership}.',
  'update.relay.subject': 'À relayer à {network} : {subject}',
  'update.relay.intro': 'Voici la version prête à transférer de la lettre du {partnership} pour les membres de {network}. Merci de leur transférer tel quel tout ce qui suit le trait.',
  'update.relay.confirm': 'Une fois la lettre relayée, confirmez-le avec le lien « Je l’ai relayée » pour que le Partenariat sache qui a été atteint.',
  'link.relayed': 'Je l’ai relayée',
  'link.preferences': 'Préférences',
  'link.unsubscribe': 'Se désabonner',
  'subscribe.subject': 'Confirmez votre abonnement aux informations du {partnership}',
  'subscribe.heading': 'Confirmez votre abonnement',
  'subscribe.asked': 'Quelqu’un, probablement vous, a demandé à recevoir les informations du {partnership} à cette adresse.',
  'subscribe.press': 'Ouvrez la page ci-dessous et appuyez sur « Confirmer » pour commencer à les recevoir. Le lien est valable 7 jours.',
  'subscribe.action': 'Ouvrir la page de confirmation',
  'subscribe.ignore': 'Si vous n’avez rien demandé, ignorez ce message : rien ne se passera et nous ne vous écrirons plus.',
  'already.subject': 'Vous recevez déjà les informations du {partnership}',
  'already.heading': 'Vous êtes déjà abonné',
  'already.text': 'Quelqu’un a demandé d’abonner cette adresse, qui reçoit déjà nos informations. Pour changer ce que vous recevez, ouvrez vos préférences.',
  'already.action': 'Ouvrir vos préférences',
  'already.ignore': 'Si vous n’avez rien demandé, ignorez ce message.',
};

const catalogues = { en, fr } satisfies Record<string, Record<MailWord, string>>;
export type MailLanguage = keyof typeof catalogues;
export const mailLanguages = Object.keys(catalogues) as MailLanguage[];

/** The language an email is written in: the person's own when the hub's emails speak it, else English. */
export function mailLanguage(language: string | undefined): MailLanguage {
  return language && Object.hasOwn(catalogues, language) ? (language as MailLanguage) : 'en';
}

/** The partnership's name as each language writes it in running text. */
const partnership: Record<MailLanguage, string> = {
  en: 'Partnership on Inclusion of Migrants and Refugees',
  fr: 'Partenariat pour l’inclusion des migrants et des réfugiés',
};

/** The words of one language, `{name}` placeholders filled; {partnership} is always known. `language` names it, for the email's markup. */
export function mailWords(language: string | undefined) {
  const lang = mailLanguage(language);
  const words = catalogues[lang];
  return Object.assign(
    (key: MailWord, values: Record<string, string> = {}) => words[key].replace(/\{(\w+)\}/g, (_, name: string) => (name === 'partnership' ? partnership[lang] : (values[name] ?? `{${name}}`))),
    { language: lang },
  );
}

/** The site path of a page in the email's language: English pages have no prefix, others live under /<lang>/. */
export function localPath(language: string | undefined, path: string): string {
  const lang = mailLanguage(language);
  return lang === 'en' ? path : `/${lang}${path}`;
}
