import { deliveryTag, networkOfRoute, unsubscribeToken, type Delivery } from '../deliveries/delivery.ts';
import { renderEmail } from '../mail/layout.ts';
import type { OutgoingEmail } from '../mail/message.ts';
import { localPath, mailWords } from '../mail/words.ts';
import { markdownToHtml } from './markdown.ts';
import { resolveVariant, type UpdateContent } from './update.ts';

export const PARTNERSHIP = 'Partnership on Inclusion of Migrants and Refugees';

/**
 * The links every update email carries; none acts on GET (each opens a page with a button). They
 * point straight at the hub: no redirect, no click tracking.
 */
export function mailLinks(baseUrl: string, delivery: Pick<Delivery, 'mailToken' | 'relayToken' | 'updateId' | 'recipientKey'> & { language?: string }) {
  const page = (path: string) => `${baseUrl}${localPath(delivery.language, path)}`;
  return {
    oneClick: `${baseUrl}/api/unsubscribe/${unsubscribeToken(delivery)}`,
    unsubscribe: `${page('/unsubscribe/')}#${unsubscribeToken(delivery)}`,
    preferences: `${page('/preferences/')}#${delivery.mailToken}`,
    ...(delivery.relayToken ? { relayed: `${page('/relayed/')}#${deliveryTag(delivery)}.${delivery.relayToken}` } : {}),
  };
}

export type RenderableDelivery = Pick<
  Delivery,
  'email' | 'name' | 'route' | 'variant' | 'mailToken' | 'relayToken' | 'updateId' | 'recipientKey' | 'audience'
> & { networkName?: string | undefined; language?: string };

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
  // The words around the update are in the recipient's language; the update's own are the variant's.
  const w = mailWords(delivery.language);
  const paragraphs = relay
    ? [w('greeting', { name: delivery.name }), w('update.relay.intro', { network }), w('update.relay.confirm'), '——', ...(variant.intro ? [variant.intro] : [])]
    : [...(delivery.name ? [w('greeting', { name: delivery.name })] : []), ...(variant.intro ? [variant.intro] : [])];
  const body = renderEmail({
    heading: update.title,
    paragraphs,
    html: { html: markdownToHtml(variant.body), text: variant.body },
    ...(variant.callToAction ? { action: variant.callToAction } : {}),
    footer: {
      text: relay ? w('update.relay.footer', { network }) : w('update.footer'),
      links: [
        ...(links.relayed ? [{ label: w('link.relayed'), url: links.relayed }] : []),
        { label: w('link.preferences'), url: links.preferences },
        { label: w('link.unsubscribe'), url: links.unsubscribe },
      ],
    },
    language: w.language,
  });
  return {
    to: delivery.email,
    subject: relay ? w('update.relay.subject', { network, subject: variant.subject }) : variant.subject,
    ...body,
    unsubscribeUrl: links.oneClick,
    headers: { 'X-Hub-Delivery': tag, 'X-SES-MESSAGE-TAGS': `hub-delivery=${tag}` },
  };
}
