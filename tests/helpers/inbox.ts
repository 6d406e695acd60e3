import { simpleParser, type ParsedMail } from 'mailparser';
import type { RawEmail } from '../../functions/local/engines/ses.ts';

/** Reads what the SES emulator received, through the recording proxy (full MIME text). */
export function inbox(baseUrl: string) {
  const all = async (): Promise<RawEmail[]> => {
    const response = await fetch(`${baseUrl}/raw`);
    return ((await response.json()) as { emails: RawEmail[] }).emails;
  };
  const to = async (address: string) => (await all()).filter((email) => email.to.includes(address.toLowerCase()));
  return {
    all,
    to,
    /** Waits until `address` has at least `count` emails (background sends), then parses them. */
    async waitFor(address: string, count = 1, timeoutMs = 10_000): Promise<ParsedMail[]> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = await to(address);
        if (found.length >= count) return Promise.all(found.map((email) => simpleParser(email.raw)));
        if (Date.now() > deadline) throw new Error(`expected ${count} email(s) to ${address}, found ${found.length}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}

/** A header's value exactly as sent (mailparser folds List-* headers into a structure). */
export function header(mail: ParsedMail, name: string): string | undefined {
  const line = mail.headerLines.find((h) => h.key === name.toLowerCase())?.line;
  return line?.slice(line.indexOf(':') + 1).trim();
}
