import { renderEmail } from '../mail/layout.ts';
import type { OutgoingEmail } from '../mail/message.ts';
import type { Call } from './call.ts';
import type { Expert } from './expert.ts';

const entryFooter = (baseUrl: string, manageToken: string) => ({
  text: 'You get this email because you joined, or were proposed for, the expert pool of the Partnership on Inclusion of Migrants and Refugees.',
  links: [{ label: 'See, change or leave your entry', url: `${baseUrl}/experts/entry/#${manageToken}` }],
});

/** Asks a person to confirm their entry; nobody is in the pool before they do. */
export function confirmationEmail(input: { expert: Expert; confirmToken: string; manageToken: string; baseUrl: string; proposedByName?: string }): OutgoingEmail {
  const { expert } = input;
  return {
    to: expert.email,
    subject: 'Confirm your entry in the Partnership expert pool',
    ...renderEmail({
      heading: 'Please confirm your entry in the expert pool',
      paragraphs: [
        `Hello ${expert.name},`,
        input.proposedByName
          ? `${input.proposedByName} proposed you for the expert pool of the Partnership on Inclusion of Migrants and Refugees, for your expertise in ${expert.topics.join(', ')}.`
          : `Thank you for offering your expertise in ${expert.topics.join(', ')} to the Partnership on Inclusion of Migrants and Refugees.`,
        'Working groups of the partnership send targeted calls for cooperation to the experts whose topics, country and languages match. You can answer each call, or not, as you wish.',
        'Open the page below and confirm to join. Until you do, you are not in the pool and get no calls.',
      ],
      action: { label: 'Review and confirm my entry', url: `${input.baseUrl}/experts/confirm/#${input.confirmToken}` },
      footer: entryFooter(input.baseUrl, input.manageToken),
    }),
  };
}

/** Tells someone already in the pool how to reach their entry, without creating a second one. */
export function alreadyInPoolEmail(input: { expert: Expert; manageToken: string; baseUrl: string }): OutgoingEmail {
  return {
    to: input.expert.email,
    subject: 'You are already in the Partnership expert pool',
    ...renderEmail({
      heading: 'You are already in the expert pool',
      paragraphs: [`Hello ${input.expert.name},`, 'Someone asked to add this address to the expert pool, where it already is. To see or change your entry, use the link below.'],
      action: { label: 'See my entry', url: `${input.baseUrl}/experts/entry/#${input.manageToken}` },
      footer: entryFooter(input.baseUrl, input.manageToken),
    }),
  };
}

/** One call for cooperation to one matching expert, with the page to answer it. */
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
  const deadline = new Date(input.call.deadline).toUTCString().replace(/:\d\d GMT$/, ' UTC');
  return {
    to: input.expert.email,
    subject: `Call for cooperation: ${input.call.title}`,
    unsubscribeUrl: `${input.baseUrl}/api/experts/calls-off/${input.callsOffToken}`,
    headers: { 'X-Hub-Call': input.call.id },
    ...renderEmail({
      heading: input.call.title,
      paragraphs: [
        `Hello ${input.expert.name},`,
        `The ${input.groupName} asks experts in ${input.call.topics.join(', ')} to contribute. Answers are open until ${deadline}.`,
      ],
      html: input.bodyHtml,
      action: { label: 'Answer this call', url: `${input.baseUrl}/experts/answer/#${input.answerToken}` },
      footer: {
        ...entryFooter(input.baseUrl, input.manageToken),
        links: [
          ...entryFooter(input.baseUrl, input.manageToken).links,
          { label: 'Stop receiving calls', url: `${input.baseUrl}/experts/entry/#${input.manageToken}` },
        ],
      },
    }),
  };
}
