import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleEntry, entryPoints, projectRoot, type FunctionName } from '../../infra/bundle.ts';

/** What each Lambda carries: built afresh here, so a stale dist/ cannot hide an import that came back. */
describe('function bundles', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'hub-bundles-'));
  const code: Partial<Record<FunctionName, string>> = {};
  beforeAll(async () => {
    for (const name of ['api', 'send-worker', 'inbound-mail'] as const) {
      const file = path.join(work, name, 'index.mjs');
      await bundleEntry(path.join(projectRoot, entryPoints[name]), file);
      code[name] = readFileSync(file, 'utf8');
    }
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('carries the AWS SDK it was tested with: nothing is left to import from the runtime', () => {
    for (const name of ['api', 'send-worker', 'inbound-mail'] as const) expect(code[name]).not.toMatch(/from\s*"@(aws-sdk|smithy)\//);
  });

  it('parses mail (mailparser, its charsets) in the inbound-mail function only', () => {
    expect(code['inbound-mail']).toContain('iconv-lite');
    expect(code.api).not.toContain('iconv-lite');
    expect(code['send-worker']).not.toContain('iconv-lite');
  });

  it('builds MIME without the media-type database: a full media type is an attachment type, anything else is refused', async () => {
    expect(code.api).not.toContain('vnd.3gpp');
    const file = path.join(work, 'mime', 'index.mjs');
    await bundleEntry(path.join(projectRoot, 'functions/adapters/ses/raw-mailer.ts'), file);
    const { toMime } = (await import(pathToFileURL(file).href)) as typeof import('../../functions/adapters/ses/raw-mailer.ts');
    const email = (contentType: string) => ({
      to: 'someone@example.org',
      subject: 'Invitation',
      text: 'See the attachment.',
      html: '<p>See the attachment.</p>',
      attachments: [{ filename: 'invitation.ics', contentType, content: 'BEGIN:VCALENDAR' }],
    });
    expect(toMime(email('text/calendar; charset=utf-8; method=PUBLISH'), 'hub@example.org')).toContain(
      'Content-Type: text/calendar; charset=utf-8; method=PUBLISH; name="invitation.ics"',
    );
    expect(() => toMime(email('calendar'), 'hub@example.org')).toThrow(/invalid content type/);
  });

  it("carries zod's English messages and no other locale", () => {
    expect(code.api).toContain('Invalid input');
    expect(code.api).not.toContain('Entrée invalide');
  });
});
