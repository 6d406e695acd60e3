import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Config } from '../config.ts';
import { awsClientOptions } from '../aws-options.ts';

/**
 * The one SES client, SES v2: SendEmail with raw content carries every email (authorized, as v1's call
 * was, by `ses:SendRawEmail`, scoped by IAM to one identity), GetAccount the probe and the account's limits.
 */
export function createSesClients(config: Config) {
  return { sesv2: new SESv2Client(awsClientOptions(config, config.SES_ENDPOINT)) };
}
export type SesClients = ReturnType<typeof createSesClients>;
