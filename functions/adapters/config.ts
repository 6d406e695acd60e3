import { z } from 'zod';
import { defaultRetention, type Retention } from '../core/privacy/retention.ts';

/**
 * The hub's whole configuration, read from environment variables and validated once at start-up.
 * The same variables drive Lambda and the local hub: locally they point the SDK clients at
 * DynamoDB Local and the SES emulator; on AWS the endpoints are left unset.
 */
const port = (fallback: number) =>
  z.coerce
    .number({ error: 'expects a port number' })
    .int('expects a whole port number')
    .min(1, 'expects a port from 1 to 65535')
    .max(65535, 'expects a port from 1 to 65535')
    .default(fallback);

const period = (fallback: number, unit: string) =>
  z.coerce
    .number({ error: `expects a number of ${unit}` })
    .positive(`expects a positive number of ${unit}`)
    .default(fallback);

const optionalUrl = z
  .url({ protocol: /^https?$/, error: 'expects an absolute http(s) URL, e.g. http://127.0.0.1:8000' })
  .optional();

export const configSchema = z.object({
  TABLE_NAME: z
    .string({ error: 'expects the DynamoDB table name' })
    .regex(/^[A-Za-z0-9_.-]{3,255}$/, 'expects 3-255 characters: letters, digits, _ . -'),
  SENDER: z.email({ error: 'expects the sender address, e.g. updates@example.org' }),
  BASE_URL: z
    .url({ protocol: /^https?$/, error: 'expects the public base URL of the hub, e.g. https://hub.example.org' })
    .transform((url) => url.replace(/\/+$/, '')),
  AWS_REGION: z
    .string({ error: 'expects an AWS region, e.g. eu-west-1' })
    .regex(/^[a-z0-9-]+$/, 'expects an AWS region, e.g. eu-west-1'),
  DYNAMODB_ENDPOINT: optionalUrl,
  SES_ENDPOINT: optionalUrl,
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  SES_MAX_SEND_RATE: z.coerce
    .number({ error: 'expects emails per second, e.g. 14' })
    .positive('expects a positive number of emails per second')
    .default(14),
  // How many send workers may run at once (on AWS the send queue's maximum concurrency; locally one):
  // each keeps under its share of the account's MaxSendRate, as SES_MAX_SEND_RATE is already its share.
  SEND_WORKERS: z.coerce
    .number({ error: 'expects a whole number of send workers, e.g. 2' })
    .int('expects a whole number of send workers')
    .positive('expects at least one send worker')
    .default(1),
  // The local SES's account limits, which its GetAccount answers (functions/local/engines/ses.ts);
  // unused on AWS, where SES says what the account has. The rate defaults to SES_MAX_SEND_RATE.
  SES_LOCAL_MAX_SEND_RATE: z.coerce
    .number({ error: 'expects emails per second, e.g. 14' })
    .positive('expects a positive number of emails per second')
    .optional(),
  SES_LOCAL_MAX_24H_SEND: z.coerce
    .number({ error: 'expects a number of emails per 24 hours, e.g. 50000, or -1 for no limit' })
    .int('expects a whole number of emails')
    .min(-1, 'expects a number of emails per 24 hours, or -1 for no limit')
    .default(50_000),
  // The SQS queue deliveries are enqueued to on AWS; unset locally, where the worker is fed in-process.
  SEND_QUEUE_URL: z.url({ error: 'expects the send queue URL' }).optional(),
  // The SQS queue job chunks (contact imports) are enqueued to on AWS; unset locally, where they run in-process.
  JOB_QUEUE_URL: z.url({ error: 'expects the job queue URL' }).optional(),
  // On AWS: where a scheduled update's one-time EventBridge Scheduler schedule goes (its group), what
  // it invokes (the scheduler Lambda) and the role it invokes it with. Unset locally, where the local
  // scheduler runs scheduled-updates every minute instead.
  UPDATE_SCHEDULE_GROUP: z.string().min(1).optional(),
  UPDATE_SCHEDULE_TARGET_ARN: z.string().startsWith('arn:', 'expects the scheduler function ARN').optional(),
  UPDATE_SCHEDULE_ROLE_ARN: z.string().startsWith('arn:', 'expects the schedule role ARN').optional(),
  // Reply by email (docs/forums.md): forum notifications carry a Reply-To at this domain, and mail to
  // it becomes the recipient's reply. Unset: notifications carry no Reply-To and no mail is taken.
  REPLY_DOMAIN: z
    .string()
    .regex(/^(?=.{3,200}$)[a-z0-9-]+(?:\.[a-z0-9-]+)+$/, 'expects a mail domain in lower case, e.g. reply.hub.example.org')
    .optional(),
  // On AWS: the private bucket SES's receipt rule writes inbound replies to (under INBOUND_MAIL_PREFIX).
  INBOUND_MAIL_BUCKET: z.string().min(3).optional(),
  INBOUND_MAIL_PREFIX: z.string().regex(/^[A-Za-z0-9_./-]*$/, 'expects an S3 key prefix, e.g. replies/').default('replies/'),
  // The private bucket attachments are uploaded to and fetched from with presigned URLs.
  ATTACHMENTS_BUCKET: z.string().min(3).optional(),
  // The private bucket CloudFront's standard logs are delivered to, for the visibility counts; unset
  // locally, where the hub's server writes the same log lines to .data/views/.
  VIEW_LOGS_BUCKET: z.string().min(3).optional(),
  // On AWS: the value CloudFront's X-Hub-Origin-Verify header carries (a generated secret); any request
  // without it came around CloudFront and is refused. Unset locally, where no edge stands in front.
  ORIGIN_VERIFY: z.string().min(32, 'expects the generated origin secret (32 characters or more)').optional(),
  // Retention (docs/personal-data.md, "Retention"): each period ends in a DynamoDB TTL.
  RETENTION_SIGN_IN_MINUTES: period(defaultRetention.signInMinutes, 'minutes'),
  RETENTION_SESSION_DAYS: period(defaultRetention.sessionDays, 'days'),
  // A session unused this long ends, whatever is left of RETENTION_SESSION_DAYS.
  SESSION_IDLE_HOURS: period(72, 'hours'),
  // Sign-in requests one client address may make in 15 minutes, across addresses. An office whose
  // people all reach the hub through one address (a ministry's proxy) may need more.
  SIGN_IN_PER_CLIENT: z.coerce
    .number({ error: 'expects a number of sign-in requests, e.g. 30' })
    .int('expects a whole number')
    .min(1, 'expects at least 1')
    .max(10_000, 'expects at most 10000')
    .default(30),
  // The sign-in answer waits at least this long, so that mailing a member (an SES call) and not
  // mailing a stranger take the same time from outside. 0 turns the wait off (tests).
  SIGN_IN_ANSWER_MS: z.coerce
    .number({ error: 'expects milliseconds, e.g. 400' })
    .int('expects whole milliseconds')
    .min(0, 'expects 0 or more milliseconds')
    .max(5000, 'expects at most 5000 milliseconds')
    .default(400),
  RETENTION_DELIVERY_DAYS: period(defaultRetention.deliveryDays, 'days'),
  RETENTION_AUDIT_DAYS: period(defaultRetention.auditDays, 'days'),
  RETENTION_PRIVACY_REQUEST_DAYS: period(defaultRetention.privacyRequestDays, 'days'),
  RETENTION_PRIVACY_LINK_HOURS: period(defaultRetention.privacyLinkHours, 'hours'),
  PORT: port(8080),
  DYNAMODB_PORT: port(8000),
  SES_PORT: port(8005),
  INBOX_PORT: port(8006),
  // The local hub's SMTP listener for replies by email (npm start prints smtp://127.0.0.1:SMTP_PORT).
  SMTP_PORT: port(2525),
});

export type Config = z.infer<typeof configSchema>;

/** The retention periods of a configuration, as core names them. */
export function retentionOf(config: Config): Retention {
  return {
    signInMinutes: config.RETENTION_SIGN_IN_MINUTES,
    sessionDays: config.RETENTION_SESSION_DAYS,
    deliveryDays: config.RETENTION_DELIVERY_DAYS,
    auditDays: config.RETENTION_AUDIT_DAYS,
    privacyRequestDays: config.RETENTION_PRIVACY_REQUEST_DAYS,
    privacyLinkHours: config.RETENTION_PRIVACY_LINK_HOURS,
  };
}

/** Thrown when an environment variable is missing or malformed; its message names each variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: { variable: string; expected: string }[]) {
    super(
      'Configuration is not valid:\n' +
        problems.map((p) => `  ${p.variable}: ${p.expected}`).join('\n'),
    );
  }
}

/** Variables whose value is a secret: a refusal says how long the value was, never the value (the API logs it at each request). */
const secretVariables = new Set(['ORIGIN_VERIFY']);

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? '?');
      const given = env[variable];
      if (issue.code === 'invalid_type' && given === undefined) return { variable, expected: `missing; ${issue.message}` };
      return { variable, expected: `${issue.message} (got ${secretVariables.has(variable) ? `${given?.length ?? 0} characters` : JSON.stringify(given)})` };
    }),
  );
}
