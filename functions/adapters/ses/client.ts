import { SESClient } from '@aws-sdk/client-ses';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Config } from '../config.ts';
import { awsClientOptions } from '../aws-options.ts';

/** SES v1 carries SendRawEmail (scoped by IAM to one identity); v2 answers the account probe. */
export function createSesClients(config: Config) {
  const options = awsClientOptions(config, config.SES_ENDPOINT);
  return { ses: new SESClient(options), sesv2: new SESv2Client(options) };
}
export type SesClients = ReturnType<typeof createSesClients>;
