import type { Config } from '../config.ts';
import { awsClientOptions } from '../aws-options.ts';
import { awsClient, AwsError, errorAnswer } from '../aws-request.ts';

/** What SES v2's GetAccount answers, as far as the hub reads it. */
export interface SesAccount {
  SendingEnabled?: boolean;
  SendQuota?: { Max24HourSend?: number; MaxSendRate?: number; SentLast24Hours?: number };
}

/**
 * The one SES client, SES v2 through its REST API, signed as the DynamoDB client's calls are
 * (`../aws-request.ts`): SendEmail with raw content carries every email (authorized, as v1's call
 * was, by `ses:SendRawEmail`, scoped by IAM to one identity), GetAccount the probe and the account's
 * limits. An error is named by SES's error type (`MessageRejected`, `TooManyRequestsException`, …),
 * which the send worker sorts (`core/deliveries/sending.ts`).
 */
export function createSesClients(config: Config) {
  const client = awsClient('ses', { ...awsClientOptions(config, config.SES_ENDPOINT), defaultHost: `email.${config.AWS_REGION}.amazonaws.com`, errorOf: sesError });
  return {
    sesv2: {
      async sendEmail(raw: string, configurationSet?: string): Promise<{ MessageId?: string }> {
        const body = JSON.stringify({ Content: { Raw: { Data: Buffer.from(raw).toString('base64') } }, ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}) });
        return JSON.parse(await client.call({ method: 'POST', path: '/v2/email/outbound-emails', headers: { 'content-type': 'application/json' }, body })) as { MessageId?: string };
      },
      async getAccount(): Promise<SesAccount> {
        return JSON.parse(await client.call({ method: 'GET', path: '/v2/email/account', headers: {}, body: '' })) as SesAccount;
      },
    },
  };
}
export type SesClients = ReturnType<typeof createSesClients>;

/** SES v2's error answer, as the error of its type, which the send worker sorts. */
function sesError(status: number, text: string, headers: Record<string, string | string[] | undefined>): AwsError {
  const { name, message } = errorAnswer(status, text, headers);
  return new AwsError(name, message, status);
}
