import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AttachmentStorage } from '../../core/forums/attachments.ts';

const missing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Attachments on local disk, one folder per table so test runs and hubs never share files.
 * The browser PUTs the bytes to the hub's own route (a bucket would take them directly), and
 * they are served only through the API route that checks membership; never from the site's folder.
 */
export function localDiskAttachments(root: string): AttachmentStorage & { read(id: string): Promise<string | undefined>; keep(id: string, text: string): Promise<void> } {
  const file = (id: string) => {
    if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new Error(`not an attachment id: ${id}`);
    return path.join(root, id);
  };
  return {
    async uploadTarget(id, { contentType }) {
      file(id);
      return { method: 'PUT', url: `/api/attachments/${id}/content`, headers: { 'Content-Type': contentType } };
    },
    async receive(id, body, maxBytes) {
      const target = file(id);
      await mkdir(root, { recursive: true });
      // `wx`: a second upload of the same id fails (EEXIST) instead of replacing the first.
      const handle = await open(target, 'wx');
      const reader = body.getReader();
      let bytes = 0;
      let kept = false;
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          bytes += value.byteLength;
          // Counted before writing: the file never holds more than the cap, and the rest is not read.
          if (bytes > maxBytes) {
            await reader.cancel().catch(() => undefined);
            return { tooLarge: true };
          }
          await handle.write(value);
        }
        kept = true;
        return { bytes };
      } finally {
        await handle.close();
        // A refused or broken upload leaves nothing behind, not even a partial file.
        if (!kept) await rm(target, { force: true });
      }
    },
    async store(id, { bytes }) {
      const target = file(id);
      await mkdir(root, { recursive: true });
      // Written beside, then renamed over: a crash leaves the earlier file or none, never half of one.
      const partial = path.join(root, `.${id}.part`);
      await writeFile(partial, bytes);
      await rename(partial, target);
    },
    async keep(id, text) {
      await mkdir(root, { recursive: true });
      await writeFile(file(id), text, { flag: 'wx' });
    },
    async discard(id) {
      await rm(file(id), { force: true });
    },
    async storedSize(id) {
      try {
        return (await stat(file(id))).size;
      } catch (error) {
        if (missing(error)) return undefined;
        throw error;
      }
    },
    async read(id) {
      try {
        return await readFile(file(id), 'utf-8');
      } catch (error) {
        if (missing(error)) return undefined;
        throw error;
      }
    },
    async download(id) {
      try {
        return { bytes: new Uint8Array(await readFile(file(id))) };
      } catch (error) {
        if (missing(error)) return undefined;
        throw error;
      }
    },
  };
}
