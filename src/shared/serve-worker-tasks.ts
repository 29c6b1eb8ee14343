import { setPriority } from "node:os";
import { parentPort } from "node:worker_threads";

/** What the pool sends a worker thread. */
export interface TaskRequest {
  readonly id: number;
  readonly task: string;
  readonly input: unknown;
}

/** What a worker thread answers: the value, or the error's fields (errors do not survive cloning whole). */
export interface TaskReply {
  readonly id: number;
  readonly value?: unknown;
  readonly error?: {
    readonly name: string;
    readonly message: string;
    readonly code?: string;
    readonly retryable?: boolean;
  };
}

/** What a worker thread posts: that it is ready for tasks, then one reply per task. */
export type WorkerMessage = { readonly ready: true } | TaskReply;

/** A task's implementation inside the worker thread. */
export type TaskHandler = (input: unknown) => unknown;

/**
 * The worker side of `createWorkerPool`: answers each request by running the named handler (sync or async)
 * and posting its value, or its error's name, message, `code` and `retryable`. An unknown task name is an
 * error answer, not a crash. Says it is ready first, so the pool's task timeouts do not count thread start-up.
 */
export function serveWorkerTasks(handlers: Readonly<Record<string, TaskHandler>>): void {
  const port = parentPort;
  if (port === null) throw new Error("serveWorkerTasks must run inside a worker thread.");
  lowerThreadPriority();
  port.on("message", async (request: TaskRequest) => {
    let reply: TaskReply;
    try {
      const handler = Object.hasOwn(handlers, request.task) ? handlers[request.task] : undefined;
      if (handler === undefined) throw new Error(`No task called ${request.task} in this worker.`);
      reply = { id: request.id, value: await handler(request.input) };
    } catch (error) {
      reply = { id: request.id, error: errorFields(error) };
    }
    port.postMessage(reply);
  });
  const ready: WorkerMessage = { ready: true };
  port.postMessage(ready);
}

function errorFields(error: unknown): NonNullable<TaskReply["error"]> {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const extra = error as Error & { code?: unknown; retryable?: unknown };
  return {
    name: error.name,
    message: error.message,
    ...(typeof extra.code === "string" && { code: extra.code }),
    ...(typeof extra.retryable === "boolean" && { retryable: extra.retryable }),
  };
}

/**
 * Lets the event loop thread win the CPU over this worker: on Linux every thread has its own nice value, and
 * setting it for "pid 0" changes only the calling thread. Elsewhere that call would slow the whole process, so
 * it is skipped; a refusal (containers without the capability) is harmless.
 */
function lowerThreadPriority(): void {
  if (process.platform !== "linux") return;
  try {
    setPriority(10);
  } catch {
    // Equal priority only costs a little latency.
  }
}
