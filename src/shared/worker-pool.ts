import { availableParallelism } from "node:os";
import { extname } from "node:path";
import { type ResourceLimits, Worker } from "node:worker_threads";
import { KlaxonError } from "./klaxon-error.js";
import type { Logger } from "./logger.js";
import type { TaskReply, TaskRequest, WorkerMessage } from "./serve-worker-tasks.js";

/** Why a pooled task did not return a value. */
export type WorkerPoolErrorCode =
  | "worker_timeout"
  | "worker_crashed"
  | "worker_closed"
  | "worker_busy"
  | "worker_task_failed";

/**
 * A task that did not complete in its worker. `worker_task_failed` carries the task's own error fields
 * (`remote`), so callers can turn a domain error thrown inside the worker back into their own error class.
 */
export class WorkerPoolError extends KlaxonError {
  override name = "WorkerPoolError";
  override readonly code: WorkerPoolErrorCode;
  readonly remote: TaskReply["error"];

  constructor(code: WorkerPoolErrorCode, message: string, remote?: TaskReply["error"]) {
    super(code, message);
    this.code = code;
    this.remote = remote;
  }
}

/** Options of {@link createWorkerPool}. */
export interface WorkerPoolOptions {
  /** The worker module (see {@link workerEntry}); it must call `serveWorkerTasks`. */
  readonly entry: URL;
  /** Threads at most; default min(2, cores − 1), at least 1. Threads start on demand. */
  readonly size?: number;
  /** A task running longer is failed with `worker_timeout` and its thread replaced; default 30 s. */
  readonly taskTimeoutMs?: number;
  /** Tasks waiting for a thread beyond this are refused with `worker_busy`; default 1000. */
  readonly maxQueue?: number;
  /** Passed to every thread as `workerData`. */
  readonly workerData?: unknown;
  readonly name?: string;
  readonly logger?: Logger;
  /** V8 heap limits of each thread (e.g. a small young generation for a streaming engine). */
  readonly resourceLimits?: ResourceLimits;
}

/** A few threads that run named tasks of one worker module, off the main event loop. */
export interface WorkerPool {
  /** Runs `task` with `input` (structured-cloned both ways) in a free thread. */
  run<T>(task: string, input: unknown): Promise<T>;
  /** Refuses new tasks, fails the queued ones with `worker_closed` and stops every thread. */
  close(): Promise<void>;
}

interface Job {
  readonly id: number;
  readonly task: string;
  readonly input: unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

interface Slot {
  readonly worker: Worker;
  ready: boolean;
  job: Job | undefined;
  timer: NodeJS.Timeout | undefined;
}

/** Default thread count: one core stays free for the event loop, and two threads are plenty for klaxon. */
export function defaultPoolSize(): number {
  return Math.max(1, Math.min(2, availableParallelism() - 1));
}

/**
 * The URL of a worker module next to `base` (pass `import.meta.url`): `name.ts` when running from source (tsx,
 * vitest), `name.js` when running compiled code, so one call works in both.
 */
export function workerEntry(base: string, name: string): URL {
  const ext = extname(new URL(base).pathname) === ".ts" ? ".ts" : ".js";
  return new URL(`./${name}${ext}`, base);
}

/**
 * Starts a worker thread on `entry`. A `.ts` entry (source run by tsx or vitest) gets a bootstrap that registers
 * tsx's loader inside the thread first: Node 20 does not apply the parent's loader hooks, nor an `--import tsx`
 * in `execArgv`, to a worker's own entry module.
 */
export function startWorker(
  entry: URL,
  options: { workerData?: unknown; name?: string; resourceLimits?: ResourceLimits } = {},
): Worker {
  const common = {
    workerData: options.workerData,
    ...(options.name !== undefined && { name: options.name }),
    ...(options.resourceLimits !== undefined && { resourceLimits: options.resourceLimits }),
  };
  if (extname(entry.pathname) !== ".ts") return new Worker(entry, common);
  const tsx = import.meta.resolve("tsx/esm/api");
  const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { ...common, eval: true });
}

/**
 * A small pool of worker threads for CPU-heavy pure functions (pattern grouping, chart PNGs, the local Logs
 * Insights engine), so `/healthz`, SNS answers and Slack acks never wait behind them. Threads start on demand
 * and do not keep the process alive while idle; a task that throws fails with `worker_task_failed`; a task
 * that outlives `taskTimeoutMs` or whose thread dies fails, and the thread is replaced for the next task.
 */
export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const size = Math.max(1, options.size ?? defaultPoolSize());
  const timeoutMs = options.taskTimeoutMs ?? 30_000;
  const maxQueue = options.maxQueue ?? 1000;
  const slots: Slot[] = [];
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;

  function spawn(): Slot {
    const worker = startWorker(options.entry, {
      workerData: options.workerData,
      ...(options.name !== undefined && { name: options.name }),
      ...(options.resourceLimits !== undefined && { resourceLimits: options.resourceLimits }),
    });
    worker.unref();
    const slot: Slot = { worker, ready: false, job: undefined, timer: undefined };
    worker.on("message", (message: WorkerMessage) => {
      if ("ready" in message) {
        slot.ready = true;
        pump();
      } else finish(slot, message);
    });
    worker.on("error", (error) => {
      options.logger?.warn({ err: error, pool: options.name }, "worker thread failed; replacing it");
      drop(slot, new WorkerPoolError("worker_crashed", `The worker thread failed: ${error.message}`));
    });
    worker.on("exit", (code) => {
      if (closed) return;
      drop(slot, new WorkerPoolError("worker_crashed", `The worker thread exited with code ${code}.`));
    });
    slots.push(slot);
    return slot;
  }

  function dispatch(slot: Slot, job: Job): void {
    slot.job = job;
    slot.worker.ref();
    slot.timer = setTimeout(() => {
      options.logger?.warn({ pool: options.name, task: job.task, timeoutMs }, "worker task timed out");
      drop(
        slot,
        new WorkerPoolError(
          "worker_timeout",
          `Task ${job.task} took longer than ${timeoutMs} ms and was stopped.`,
        ),
      );
      void slot.worker.terminate();
    }, timeoutMs);
    const request: TaskRequest = { id: job.id, task: job.task, input: job.input };
    slot.worker.postMessage(request);
  }

  function release(slot: Slot): Job | undefined {
    const job = slot.job;
    if (slot.timer !== undefined) clearTimeout(slot.timer);
    slot.job = undefined;
    slot.timer = undefined;
    return job;
  }

  function finish(slot: Slot, reply: TaskReply): void {
    if (slot.job?.id !== reply.id) return;
    const job = release(slot);
    slot.worker.unref();
    if (job === undefined) return;
    if (reply.error === undefined) job.resolve(reply.value);
    else {
      const message = `Task ${job.task} failed: ${reply.error.message}`;
      job.reject(new WorkerPoolError("worker_task_failed", message, reply.error));
    }
    pump();
  }

  /**
   * Takes a dead or stuck thread out of the pool and fails its task; queued tasks go to a fresh thread. A thread
   * that dies before it is ready would die again, so the queued tasks fail with it instead.
   */
  function drop(slot: Slot, error: WorkerPoolError): void {
    const index = slots.indexOf(slot);
    if (index < 0) return;
    slots.splice(index, 1);
    release(slot)?.reject(error);
    slot.worker.removeAllListeners("message");
    if (!slot.ready) {
      const message = `The worker thread could not start: ${error.message}`;
      for (const job of queue.splice(0)) job.reject(new WorkerPoolError("worker_crashed", message));
    }
    pump();
  }

  function pump(): void {
    while (!closed && queue.length > 0) {
      const idle = slots.find((s) => s.ready && s.job === undefined);
      const job = idle === undefined ? undefined : queue.shift();
      if (idle !== undefined && job !== undefined) {
        dispatch(idle, job);
        continue;
      }
      const starting = slots.filter((s) => !s.ready).length;
      if (slots.length >= size || starting >= queue.length) return;
      spawn();
    }
  }

  return {
    run<T>(task: string, input: unknown): Promise<T> {
      if (closed)
        return Promise.reject(new WorkerPoolError("worker_closed", "The worker pool is shut down."));
      if (queue.length >= maxQueue) {
        return Promise.reject(
          new WorkerPoolError("worker_busy", `${maxQueue} tasks are already waiting for a worker thread.`),
        );
      }
      return new Promise<T>((resolve, reject) => {
        queue.push({ id: nextId++, task, input, resolve: (v) => resolve(v as T), reject });
        pump();
      });
    },

    async close() {
      closed = true;
      for (const job of queue.splice(0)) {
        job.reject(new WorkerPoolError("worker_closed", "The worker pool is shut down."));
      }
      const stopping = slots.splice(0).map((slot) => {
        release(slot)?.reject(new WorkerPoolError("worker_closed", "The worker pool is shut down."));
        return slot.worker.terminate();
      });
      await Promise.all(stopping);
    },
  };
}
