import type { AccountSendQuota } from '../../core/deliveries/send-quota.ts';
import type { Probe } from '../health.ts';
import type { SesClients } from './client.ts';

/**
 * The account's sending limits, read with SES v2 GetAccount (the call the health probe makes too).
 * Locally the SES endpoint is the recording proxy, which answers it as SES does.
 */
export function accountSendQuota(clients: SesClients): () => Promise<AccountSendQuota> {
  return async () => {
    const { SendQuota: quota } = await clients.sesv2.getAccount();
    if (quota?.MaxSendRate === undefined || quota.Max24HourSend === undefined || quota.SentLast24Hours === undefined) {
      throw new Error('GetAccount answered without a complete SendQuota');
    }
    return { maxSendRate: quota.MaxSendRate, max24HourSend: quota.Max24HourSend, sentLast24Hours: quota.SentLast24Hours };
  };
}

/** A real round trip to SES: the account answers and may send. */
export function sesProbe(clients: SesClients): Probe {
  return async () => {
    const account = await clients.sesv2.getAccount();
    if (account.SendingEnabled === false) throw new Error('sending is disabled on the SES account');
  };
}
