import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleEntry, entryPoints, projectRoot, type BundleSize, type FunctionName } from '../../infra/bundle.ts';

/** What each Lambda carries: built afresh here, so a stale dist/ cannot hide an import that came back. */
describe('function bundles', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'hub-bundles-'));
  const code: Partial<Record<FunctionName, string>> = {};
  const sizes: Partial<Record<FunctionName, BundleSize>> = {};
  beforeAll(async () => {
    for (const name of ['api', 'send-worker', 'ses-events', 'inbound-mail'] as const) {
      const file = path.join(work, name, 'index.mjs');
      sizes[name] = await bundleEntry(path.join(projectRoot, entryPoints[name]), file);
      // The entry and every chunk it may load: what the function carries, wherever it sits.
      const chunks = path.join(work, name, 'chunks');
      code[name] = [file, ...(existsSync(chunks) ? readdirSync(chunks).filter((f) => f.endsWith('.mjs')).map((f) => path.join(chunks, f)) : [])].map((f) => readFileSync(f, 'utf8')).join('\n');
    }
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('carries the AWS SDK it was tested with: nothing is left to import from the runtime', () => {
    for (const name of ['api', 'send-worker', 'inbound-mail'] as const) expect(code[name]).not.toMatch(/from\s*"@(aws-sdk|smithy)\//);
  });

  it('loads S3, SQS and Scheduler at their first use, not when the API starts', () => {
    const api = sizes.api!;
    const of = (inputs: string[], pkg: string) => inputs.some((input) => input.includes(`node_modules/${pkg}/`));
    for (const pkg of ['@aws-sdk/client-s3', '@aws-sdk/s3-request-presigner', '@aws-sdk/client-sqs', '@aws-sdk/client-scheduler']) {
      expect(of(api.inputs, pkg), `${pkg} in the bundle`).toBe(true);
      expect(of(api.startInputs, pkg), `${pkg} loaded at start`).toBe(false);
    }
    // DynamoDB and SES through their own protocols (aws-request.ts): no SDK client of theirs in the API.
    for (const pkg of ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', '@aws-sdk/client-sesv2']) expect(of(api.inputs, pkg), `${pkg} in the bundle`).toBe(false);
    expect(api.bytes).toBeLessThan(api.totalBytes);
  });

  it('loads the routers, the OpenAPI generator, SES and the mail renderers at their first use, not when the API starts', () => {
    const api = sizes.api!;
    const packages = ['@hono/zod-openapi', '@asteasolutions/zod-to-openapi', 'mimetext', 'marked', 'xss', 'csv-parse', 'csv-stringify', 'ical-generator'];
    for (const pkg of packages) {
      expect(api.inputs.some((input) => input.includes(`node_modules/${pkg}/`)), `${pkg} in the bundle`).toBe(true);
      expect(api.startInputs.filter((input) => input.includes(`node_modules/${pkg}/`)), `${pkg} loaded at start`).toEqual([]);
    }
    // The hub's own: every route and service, the document's answers, the mail's words and the workers.
    const modules = ['functions/api/routes/', 'functions/api/services/', 'functions/api/openapi.ts', 'functions/api/middleware/session.ts', 'functions/core/mail/words/', 'functions/core/deliveries/worker.ts', 'functions/core/outbox/worker.ts'];
    for (const module of modules) {
      expect(api.inputs.some((input) => input.startsWith(module)), `${module} in the bundle`).toBe(true);
      expect(api.startInputs.filter((input) => input.startsWith(module)), `${module} loaded at start`).toEqual([]);
    }
  });

  it("starts the API with Hono and the edge's middleware alone: zod, the refusals' words, the configuration and the stores load with the first request", () => {
    const api = sizes.api!;
    const hub = api.startInputs.filter((input) => !input.startsWith('node_modules/hono/'));
    expect(hub.filter((input) => input.startsWith('node_modules/')), 'packages other than Hono at start').toEqual([]);
    const start = ['functions/adapters/on-first-use.ts', 'functions/api/app.ts', 'functions/api/middleware/answers.ts', 'functions/api/middleware/body-limit.ts', 'functions/api/middleware/origin-check.ts', 'functions/api/middleware/origin-verify.ts', 'functions/handlers/api.ts'];
    expect(hub.sort()).toEqual(start.sort());
    for (const module of ['functions/adapters/config.ts', 'functions/core/refusals.ts', 'functions/adapters/dynamodb/document-client.ts']) expect(api.inputs, `${module} in the bundle`).toContain(module);
  });

  it('builds in the send worker and the SES events function the stores they use, and no other', () => {
    // What a store's module puts in a function's start; one it never builds leaves at most a
    // module-level constant behind, which esbuild cannot prove unused.
    const bytes = (fn: FunctionName, name: string) => sizes[fn]!.startBytesOf[`functions/adapters/dynamodb/${name}.ts`] ?? 0;
    const uses = { 'send-worker': ['delivery-store', 'outbox-store', 'update-store', 'ledger-store'], 'ses-events': ['delivery-store', 'update-store', 'ledger-store', 'contact-store', 'partnership-store'] };
    for (const [fn, stores] of Object.entries(uses) as [FunctionName, string[]][]) {
      for (const name of stores) expect(bytes(fn, name), `${fn} ${name}`).toBeGreaterThan(1000);
      for (const name of ['forum-store', 'expert-store', 'registration-store', 'auth-store', 'job-store', 'privacy-store']) expect(bytes(fn, name), `${fn} ${name}`).toBeLessThan(100);
    }
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

  it("carries zod's English and French messages, the languages the hub refuses in, and no other locale", () => {
    // esbuild writes the bundles in ASCII: phrases without accents.
    expect(code.api).toContain('Invalid input');
    expect(code.api).toContain('Option invalide : une valeur parmi');
    expect(code.api).not.toContain('erwartet, dass');
  });
});
