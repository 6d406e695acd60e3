import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { logHeader, logLineOf, type LoggedRequest, type ViewLogs } from '../../core/visibility/page-views.ts';

/** The local hub's request logs: a folder of finished files, as CloudFront's bucket would hold them. */
export function localViewLogs(root: string): ViewLogs {
  const file = (name: string) => {
    if (!/^[0-9A-Za-z.-]+\.log$/.test(name)) throw new Error(`not a request log: ${name}`);
    return path.join(root, name);
  };
  return {
    async waiting(limit) {
      const names = await readdir(root).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? [] : Promise.reject(error)));
      return names.filter((n) => n.endsWith('.log')).sort().slice(0, limit);
    },
    read: (name) => readFile(file(name), 'utf8'),
    remove: (name) => rm(file(name), { force: true }),
  };
}

export interface ViewRecorder {
  record(request: LoggedRequest & { time: string }): void;
  /** Writes what was recorded since the last flush as one finished file. */
  flush(): Promise<void>;
  /** Flushes and stops the timer. */
  stop(): Promise<void>;
}

/**
 * What CloudFront does for the site on AWS, done by the local hub's server: a line per request in the
 * same format and with the same fields (none naming the reader: no address is written), gathered in
 * memory and written every second as a finished file (written aside, then renamed), so the counting
 * job never reads a file still growing.
 */
export function localViewRecorder(root: string, everyMs = 1000): ViewRecorder {
  let lines: string[] = [];
  let sequence = 0;
  let writing: Promise<void> = Promise.resolve();
  const flush = () => {
    if (lines.length === 0) return writing;
    const batch = lines;
    lines = [];
    const name = `${new Date().toISOString().replace(/[:]/g, '').replace(/\.\d+Z$/, 'Z')}-${process.pid}-${String(sequence++).padStart(6, '0')}.log`;
    writing = writing.then(async () => {
      await mkdir(root, { recursive: true });
      await writeFile(path.join(root, `${name}.part`), logHeader + batch.join('\n') + '\n');
      await rename(path.join(root, `${name}.part`), path.join(root, name));
    });
    return writing;
  };
  const timer = setInterval(() => void flush().catch(() => undefined), everyMs);
  timer.unref();
  return {
    record(request) {
      lines.push(logLineOf(request));
    },
    flush,
    async stop() {
      clearInterval(timer);
      await flush();
    },
  };
}
