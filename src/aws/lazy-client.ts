/** What klaxon needs of an AWS SDK client: `send` (with its options) and `destroy`. */
export interface SdkClient {
  send(command: never, options?: never): Promise<unknown>;
  destroy(): void;
}

// The SDK packages are CommonJS: their exports object is the `default` of `import()`, under Node and in the
// bundle alike (esbuild gives a CommonJS module loaded with `import()` a default export only, no named ones).

/**
 * An SDK client whose package is imported on its first call. Loading an `@aws-sdk/client-*` package costs
 * 0.3–0.8 s of CPU, and most are needed only by the first command or alarm that uses them (CloudTrail, ECS,
 * graphs, other regions), never to be ready: creating them at start made every start pay for all of them.
 */
export interface LazyClient<C extends SdkClient> {
  /** The client's own `send`: loads the package and creates the client first when needed. */
  readonly send: C["send"];
  /** The client itself, created on first use. */
  client(): Promise<C>;
  /** Destroys the client if it was created; a later call creates a new one. */
  destroy(): void;
}

/**
 * Wraps `create` (which imports the SDK package with `(await import(pkg)).default` and constructs the client) so
 * that it runs once, on the first `send` or `client()`. A failed creation is not remembered: the next call tries
 * again.
 */
export function lazyClient<C extends SdkClient>(create: () => Promise<C>): LazyClient<C> {
  interface Slot {
    readonly promise: Promise<C>;
    created?: C;
    destroyed?: boolean;
  }
  let slot: Slot | undefined;
  const client = (): Promise<C> => {
    if (slot) return slot.promise;
    const promise = create();
    const current: Slot = { promise };
    slot = current;
    promise.then(
      (c) => {
        // Destroyed while it was being created: nobody holds it any more.
        if (current.destroyed) c.destroy();
        else current.created = c;
      },
      () => {
        if (slot === current) slot = undefined;
      },
    );
    return promise;
  };
  const send = async (command: never, options?: never): Promise<unknown> =>
    (slot?.created ?? (await client())).send(command, options);
  return {
    send: send as C["send"],
    client,
    destroy() {
      if (!slot) return;
      slot.destroyed = true;
      slot.created?.destroy();
      slot = undefined;
    },
  };
}
