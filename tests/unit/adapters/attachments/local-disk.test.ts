import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localDiskAttachments } from '../../../../functions/adapters/attachments/local-disk.ts';

describe('local-disk attachment storage: bytes received whole', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'attachments-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('stores the bytes under the id, to be downloaded like an upload', async () => {
    // Prepare
    const storage = localDiskAttachments(path.join(root, 'table'));
    const bytes = new TextEncoder().encode('%PDF-1.4 minutes');
    // Act
    await storage.store('AbCdEf0123456789', { bytes, contentType: 'application/pdf' });
    // Assess
    expect(await storage.storedSize('AbCdEf0123456789')).toBe(bytes.byteLength);
    expect(await storage.download('AbCdEf0123456789', { filename: 'minutes.pdf', contentType: 'application/pdf' })).toEqual({ bytes });
  });

  it('replaces the bytes when the same id is stored again, leaving one file and nothing half-written', async () => {
    // Prepare
    const storage = localDiskAttachments(root);
    await storage.store('AbCdEf0123456789', { bytes: new TextEncoder().encode('first try, cut short'), contentType: 'text/plain' });
    // Act
    await storage.store('AbCdEf0123456789', { bytes: new TextEncoder().encode('again'), contentType: 'text/plain' });
    // Assess
    expect(await readdir(root)).toEqual(['AbCdEf0123456789']);
    expect(await storage.read('AbCdEf0123456789')).toBe('again');
  });

  it('refuses an id that could name another path', async () => {
    await expect(localDiskAttachments(root).store('../escape', { bytes: new Uint8Array(1), contentType: 'text/plain' })).rejects.toThrow(/not an attachment id/);
    expect(await readdir(root)).toEqual([]);
  });
});
