import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AttachmentStorage } from '../../core/forums/attachments.ts';

/**
 * Attachments on local disk, one folder per table so test runs and hubs never share files.
 * Served only through the API route that checks membership; never from the site's folder.
 */
export function localDiskAttachments(root: string): AttachmentStorage {
  const file = (id: string) => {
    if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new Error(`not an attachment id: ${id}`);
    return path.join(root, id);
  };
  return {
    async write(id, bytes) {
      await mkdir(root, { recursive: true });
      await writeFile(file(id), bytes, { flag: 'wx' });
    },
    async read(id) {
      try {
        return new Uint8Array(await readFile(file(id)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
  };
}
