import { z } from 'zod';
import type { BrakeFigures, BrakeReason } from './brake.ts';
import { RuleViolationError, type FieldRefusal } from '../errors.ts';
import { headerValue } from '../mail/message.ts';
import { audienceSchema, countrySchema, languageSchema, topicSchema, type Audience, type Language } from '../partnership/vocabulary.ts';

/**
 * Where a translated variant stands: written out to be translated, translated, or checked by a
 * second reader. An update with a variant still to translate cannot be sent or scheduled.
 */
export const translationStates = ['to-translate', 'translated', 'checked'] as const;
export type TranslationState = (typeof translationStates)[number];

/**
 * What a variant may override; anything left out comes from the base update. A variant is for an
 * audience, for readers of a language (a translation of the update), or for an audience in a language.
 */
export const variantSchema = z.object({
  audience: audienceSchema.optional(),
  language: languageSchema.optional(),
  translation: z.enum(translationStates, 'field.translationState').optional(),
  subject: headerValue.trim().min(1).max(200).optional(),
  intro: z.string().trim().max(1000).optional(),
  body: z.string().trim().min(1).max(50_000).optional(),
  callToAction: z.object({ label: z.string().trim().min(1).max(80), url: z.url({ protocol: /^https?$/ }) }).optional(),
});
export type Variant = z.infer<typeof variantSchema>;

/** Who an update is for: contacts of these audiences, in these countries (any when none), sharing a topic (any when none). */
export const targetsSchema = z.object({
  audiences: z.array(audienceSchema).min(1, 'field.oneAudience'),
  topics: z.array(topicSchema).default([]),
  countries: z.array(countrySchema).default([]),
});

/** How it reaches them: directly, relayed by networks, or both. */
export const routesSchema = z
  .object({ direct: z.boolean(), networks: z.array(z.string().min(1)).default([]) })
  .refine((r) => r.direct || r.networks.length > 0, { message: 'field.routes' });

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
      if (!variant.audience && !variant.language) {
        ctx.addIssue({ code: 'custom', path: ['variants', index, 'audience'], message: 'field.variantTarget' });
        return;
      }
      if (variant.translation && !variant.language) ctx.addIssue({ code: 'custom', path: ['variants', index, 'translation'], message: 'field.variantLanguage' });
      const key = variantKeyOf(variant);
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['variants', index], message: 'field.variantRepeated', params: { variant: key } });
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

/** `base`, `<audience>`, `<audience>:<language>` or `all:<language>`: the name a delivery keeps of its variant. */
export function variantKeyOf(variant: { audience?: Audience | undefined; language?: Language | undefined }): string {
  if (!variant.audience) return `all:${variant.language}`;
  return variant.language ? `${variant.audience}:${variant.language}` : variant.audience;
}

/**
 * The variant a reader gets: their audience in their language; else the update in their language
 * (reading it matters more than a text meant for their audience); else their audience's; else the base.
 */
export function chooseVariant(update: Pick<UpdateContent, 'variants'>, audience: Audience, language: Language): string {
  const fits = [
    (v: Variant) => v.audience === audience && v.language === language,
    (v: Variant) => !v.audience && v.language === language,
    (v: Variant) => v.audience === audience && !v.language,
  ];
  for (const fit of fits) {
    const found = update.variants.find(fit);
    if (found) return variantKeyOf(found);
  }
  return 'base';
}

/** An update goes out only when no variant is still to translate; the refusal names each such variant. */
export function checkTranslated(update: Pick<UpdateContent, 'variants'>): void {
  const waiting = update.variants.flatMap((v, index): FieldRefusal[] => {
    if (v.translation !== 'to-translate') return [];
    const variant = variantKeyOf(v);
    return [{ path: `variants.${index}.translation`, refusal: 'update.variantToTranslate', values: { variant }, variant }];
  });
  if (waiting.length > 0) throw new RuleViolationError('update.toTranslate', { variants: waiting.map((w) => w.variant).join(', ') }, waiting);
}

/** The audience a variant's preview is shown for: its own, else the first the update targets. */
export function previewAudience(update: Pick<UpdateContent, 'variants' | 'targets'>, key: string): Audience {
  return update.variants.find((v) => variantKeyOf(v) === key)?.audience ?? update.targets.audiences[0]!;
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
