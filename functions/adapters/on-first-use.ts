/** A value made at its first use, once; a making that failed is tried again at the next use. */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () =>
    (made ??= make().catch((error: unknown) => {
      made = undefined;
      throw error;
    }));
}

/**
 * A port whose adapter, and the AWS client package under it, is loaded at the port's first call.
 * `load` imports the adapter's module dynamically, so the bundler puts it in a chunk of its own: a
 * function that never calls the port never loads it (the API answers most requests without S3, SQS
 * or Scheduler). `methods` are the port's operations, each answering a promise; `fixed` its plain fields.
 */
export function onFirstUse<T extends object, M extends keyof T>(load: () => Promise<T>, methods: readonly M[], fixed: Omit<T, M>): T {
  const port = once(load);
  const calls = Object.fromEntries(methods.map((name) => [name, async (...args: unknown[]) => ((await port())[name] as (...a: unknown[]) => unknown)(...args)]));
  return { ...fixed, ...calls } as T;
}
