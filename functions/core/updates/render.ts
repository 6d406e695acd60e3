import { deliveryTag, networkOfRoute, unsubscribeToken, type Delivery } from '../deliveries/delivery.ts';
import { renderEmail } from '../mail/layout.ts';
import type { OutgoingEmail } from '../mail/message.ts';
import { markdownToHtml } from './markdown.ts';
import { resolveVariant, type UpdateContent } from './update.ts';

export const PARTNERSHIP = 'Partnership on Inclusion of Migrants and Refugees';

/**
 * The links every update email carries; none acts on GET (each opens a page with a button). They
 * point straight at the hub: no redirect, no click tracking.
 */
export function mailLinks(baseUrl: string, delivery: Pick<Delivery, 'mailToken' | 'relayToken' | 'updateId' | 'recipientKey'>) {
  return {
    oneClick: `${baseUrl}/api/unsubscribe/${unsubscribeToken(delivery)}`,
    unsubscribe: `${baseUrl}/unsubscribe/#${unsubscribeToken(delivery)}`,
    preferences: `${baseUrl}/preferences/#${delivery.mailToken}`,
    ...(delivery.relayToken ? { relayed: `${baseUrl}/relayed/#${deliveryTag(delivery)}.${delivery.relayToken}` } : {}),
  };
}

export type RenderableDelivery = Pick<
  Delivery,
  'email' | 'name' | 'route' | 'variant' | 'mailToken' | 'relayToken' | 'updateId' | 'recipientKey' | 'audience'
> & { networkName?: string | undefined };

/**
 * One update email: the delivery's variant, text and HTML saying the same, a visible unsubscribe
 * link, the one-click header and the delivery tag SES hands back in its events. A relay contact gets
 * a forward-ready version naming their network, and a link to confirm they relayed it.
 */
export function renderUpdateEmail(update: UpdateContent, delivery: RenderableDelivery, baseUrl: string): OutgoingEmail {
  const variant = resolveVariant(update, delivery.variant);
  const links = mailLinks(baseUrl, delivery);
  const relay = delivery.route !== 'direct';
  const network = delivery.networkName ?? networkOfRoute(delivery.route);
  const tag = deliveryTag(delivery);
  const paragraphs = relay
    ? [
        `Dear ${delivery.name},`,
        `This is the forward-ready version of the ${PARTNERSHIP}'s update for the members of ${network}. Please forward everything below the line to them as it is.`,
        `Once you have relayed it, confirm with the link "I relayed it" so the Partnership knows who was reached.`,
        '——',
        ...(variant.intro ? [variant.intro] : []),
      ]
    : [...(delivery.name ? [`Dear ${delivery.name},`] : []), ...(variant.intro ? [variant.intro] : [])];
  const body = renderEmail({
    heading: update.title,
    paragraphs,
    html: { html: markdownToHtml(variant.body), text: variant.body },
    ...(variant.callToAction ? { action: variant.callToAction } : {}),
    footer: {
      text: relay
        ? `You receive this as the relay contact of ${network} for the ${PARTNERSHIP}.`
        : `You receive this update from the ${PARTNERSHIP} because you subscribed to its updates.`,
      links: [
        ...(links.relayed ? [{ label: 'I relayed it', url: links.relayed }] : []),
        { label: 'Preferences', url: links.preferences },
        { label: 'Unsubscribe', url: links.unsubscribe },
      ],
    },
  });
  return {
    to: delivery.email,
    subject: relay ? `To relay to ${network}: ${variant.subject}` : variant.subject,
    ...body,
    unsubscribeUrl: links.oneClick,
    headers: { 'X-Hub-Delivery': tag, 'X-SES-MESSAGE-TAGS': `hub-delivery=${tag}` },
  };
}
