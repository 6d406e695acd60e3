import { z } from 'zod';
import type { BrakeFigures, BrakeReason } from './brake.ts';
import { headerValue } from '../mail/message.ts';
import { audienceSchema, countrySchema, languageSchema, topicSchema, type Audience, type Language } from '../partnership/vocabulary.ts';

/** What a variant may override; anything left out comes from the base update. */
export const variantSchema = z.object({
  audience: audienceSchema,
  language: languageSchema.optional(),
  subject: headerValue.trim().min(1).max(200).optional(),
  intro: z.string().trim().max(1000).optional(),
  body: z.string().trim().min(1).max(50_000).optional(),
  callToAction: z.object({ label: z.string().trim().min(1).max(80), url: z.url({ protocol: /^https?$/ }) }).optional(),
});
export type Variant = z.infer<typeof variantSchema>;

/** Who an update is for: contacts of these audiences, in these countries (any when none), sharing a topic (any when none). */
export const targetsSchema = z.object({
  audiences: z.array(audienceSchema).min(1, 'expects at least one audience'),
  topics: z.array(topicSchema).default([]),
  countries: z.array(countrySchema).default([]),
});

/** How it reaches them: directly, relayed by networks, or both. */
export const routesSchema = z
  .object({ direct: z.boolean(), networks: z.array(z.string().min(1)).default([]) })
  .refine((r) => r.direct || r.networks.length > 0, { message: 'expects direct sending, a network to relay through, or both' });

export const updateInputSchema = z
  .object({
    title: z.string().trim().min(3).max(200),
    subject: headerValue.trim().min(1).max(200),
    intro: z.string().trim().max(1000).optional(),
    body: z.string().trim().min(1).max(50_000),
    callToAction: variantSchema.shape.callToAction,
    variants: z.array(variantSchema).max(40).default([]),
    targets: targetsSchema,
    routes: routesSchema,
  })
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    input.variants.forEach((variant, index) => {
      const key = variantKeyOf(variant);
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['variants', index], message: `repeats the variant ${key}` });
      seen.add(key);
    });
  });
export type UpdateInput = z.input<typeof updateInputSchema>;
export type UpdateContent = z.output<typeof updateInputSchema>;

/**
 * Why an update's deliveries wait, still queued, and until when the worker holds them: the SES
 * account's 24-hour quota is used up (core/deliveries/send-quota.ts). `until` is an estimate; the
 * sweeper hands the deliveries on then, and they wait again if the quota still has no room.
 */
export const sendingWaitSchema = z.object({
  reason: z.enum(['daily-quota']),
  since: z.iso.datetime(),
  until: z.iso.datetime(),
});
export type SendingWait = z.infer<typeof sendingWaitSchema>;

/** Their moves are the table in `lifecycle.ts`. */
export const updateStatuses = ['draft', 'scheduled', 'sending', 'sent', 'paused', 'cancelled'] as const;
export type UpdateStatus = (typeof updateStatuses)[number];

export interface Update extends UpdateContent {
  id: string;
  status: UpdateStatus;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  scheduledAt?: string;
  sendingAt?: string;
  /** When every delivery had been written (the send is planned; only the queue remains). */
  plannedAt?: string;
  recipients?: number;
  /** Why the brake paused the send, with the figures it saw; kept after a resume or a cancel. */
  pause?: { reason: BrakeReason; at: string } & BrakeFigures;
  /** When the secretariat resumed a paused send: the brake does not pull twice on one update. */
  resumedAt?: string;
  cancelledAt?: string;
  /** Set while the account's quota holds its deliveries; removed when sending resumes. */
  waiting?: SendingWait;
}

/** `base`, `<audience>` or `<audience>:<language>`: the name a delivery keeps of its variant. */
export function variantKeyOf(variant: { audience: Audience; language?: Language | undefined }): string {
  return variant.language ? `${variant.audience}:${variant.language}` : variant.audience;
}

/** The variant a reader gets: audience and language, else the audience alone, else the base. */
export function chooseVariant(update: Pick<UpdateContent, 'variants'>, audience: Audience, language: Language): string {
  const exact = update.variants.find((v) => v.audience === audience && v.language === language);
  if (exact) return variantKeyOf(exact);
  const audienceOnly = update.variants.find((v) => v.audience === audience && !v.language);
  return audienceOnly ? variantKeyOf(audienceOnly) : 'base';
}

export interface ResolvedVariant {
  key: string;
  subject: string;
  intro?: string | undefined;
  body: string;
  callToAction?: { label: string; url: string } | undefined;
}

/** The content of one variant, the base filling whatever it leaves out. */
export function resolveVariant(update: UpdateContent, key: string): ResolvedVariant {
  const variant = update.variants.find((v) => variantKeyOf(v) === key);
  return {
    key: variant ? key : 'base',
    subject: variant?.subject ?? update.subject,
    intro: variant?.intro ?? update.intro,
    body: variant?.body ?? update.body,
    callToAction: variant?.callToAction ?? update.callToAction,
  };
}

/** Every variant of an update, base first, for previews. */
export function allVariantKeys(update: UpdateContent): string[] {
  return ['base', ...update.variants.map(variantKeyOf)];
}

/** A readable, unguessable-enough id (the admin routes are guarded; the archive shows sent ones only). */
export function newUpdateId(random: () => string): string {
  return `u-${random()}`;
}
