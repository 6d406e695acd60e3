import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { MAX_INBOUND_BYTES } from '../core/forums/reply-by-email.ts';
import type { Deps } from '../api/deps.ts';
import { receiveReplyMail, type InboundOutcome } from '../api/services/inbound-mail.ts';

export interface RunningSmtp {
  url: string;
  stop(): Promise<void>;
}

/** The 250 line's words: what became of the message, for the script or client that sent it. */
function smtpAnswer(result: InboundOutcome): string {
  if (result.outcome === 'posted') return 'Posted in the thread';
  if (result.outcome === 'duplicate') return 'Already received';
  return result.answered ? 'Received, not posted (the sender is told why)' : 'Received, not posted';
}

const smtpError = (message: string, responseCode: number) => Object.assign(new Error(message), { responseCode });

/**
 * The local stand-in for SES receiving: an SMTP listener on 127.0.0.1 that takes mail for the reply
 * domain (and refuses any other recipient, as SES's receipt rule would not match it) and hands each
 * message to the same service the inbound-mail Lambda calls. No TLS and no sign-in: it listens on the
 * loopback only, for a mail client or a script on this machine.
 */
export async function startSmtpListener(deps: Deps, options: { port: number; host?: string }): Promise<RunningSmtp> {
  const domain = deps.config.REPLY_DOMAIN;
  const server = new SMTPServer({
    name: 'partnership-hub.localhost',
    banner: 'Partnership Hub: replies by email',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: MAX_INBOUND_BYTES,
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const ours = domain !== undefined && address.address.toLowerCase().endsWith(`@${domain}`);
      callback(ours ? null : smtpError(`Only mail to @${domain ?? '(no REPLY_DOMAIN set)'} is taken here.`, 550));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(smtpError('The message is larger than 10 MB.', 552));
        const mailFrom = session.envelope.mailFrom;
        receiveReplyMail(deps, Buffer.concat(chunks), {
          mailFrom: mailFrom ? mailFrom.address : undefined,
          recipients: session.envelope.rcptTo.map((r) => r.address),
        }).then(
          // Taken either way, as SES takes it: a refusal is answered by email where that is safe.
          (result) => callback(null, smtpAnswer(result)),
          () => callback(smtpError('The hub could not take the message now; try again later.', 451)),
        );
      });
    },
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A client that goes away mid-session is its own affair; the listener keeps serving.
  server.on('error', () => undefined);
  const port = (server.server.address() as { port: number }).port;
  return { url: `smtp://${host}:${port}`, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
