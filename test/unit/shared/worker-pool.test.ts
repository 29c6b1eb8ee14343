import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { threadId } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import {
  createWorkerPool,
  type WorkerPool,
  WorkerPoolError,
  workerEntry,
} from "../../../src/shared/worker-pool.js";

const ENTRY = workerEntry(import.meta.url, "fixtures/pool-test-worker");

let pool: WorkerPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

async function failure(promise: Promise<unknown>): Promise<WorkerPoolError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof WorkerPoolError))
    throw new Error(`expected a WorkerPoolError, got ${String(error)}`);
  return error;
}

describe("workerEntry", () => {
  it("keeps the extension of the module it is called from", () => {
    expect(
      workerEntry("file:///app/src/error-summary/error-summary-work.ts", "error-summary-worker").href,
    ).toBe("file:///app/src/error-summary/error-summary-worker.ts");
    expect(
      workerEntry("file:///app/dist/error-summary/error-summary-work.js", "error-summary-worker").href,
    ).toBe("file:///app/dist/error-summary/error-summary-worker.js");
  });
});

describe("createWorkerPool", () => {
  it("runs a task of a TypeScript worker module on another thread and returns its value", async () => {
    // Prepare
    pool = createWorkerPool({ entry: ENTRY, size: 1 });

    // Act
    const answer = await pool.run<{ input: unknown; threadId: number }>("echo", {
      at: new Date(0),
      n: [1, 2],
    });

    // Assess
    expect(answer.input).toEqual({ at: new Date(0), n: [1, 2] });
    expect(answer.threadId).not.toBe(threadId);
  });

  it("starts a compiled JavaScript worker module as it is, without the TypeScript loader", async () => {
    // Prepare: a plain ES module speaking the pool's protocol, as the build output does.
    const dir = mkdtempSync(join(tmpdir(), "klaxon-pool-js-"));
    const file = join(dir, "echo-worker.mjs");
    writeFileSync(
      file,
      `import { parentPort } from "node:worker_threads";
       parentPort.on("message", (r) => parentPort.postMessage({ id: r.id, value: { plain: r.input } }));
       parentPort.postMessage({ ready: true });`,
    );
    pool = createWorkerPool({ entry: pathToFileURL(file), size: 1 });

    // Act
    const answer = await pool.run("echo", 42);

    // Assess
    expect(answer).toEqual({ plain: 42 });
    rmSync(dir, { recursive: true, force: true });
  });

  it("leaves the event loop free while a task holds its thread", async () => {
    pool = createWorkerPool({ entry: ENTRY, size: 1 });
    await pool.run("echo", null);
    const order: string[] = [];

    const task = pool.run("spin", 300).then(() => order.push("task"));
    setImmediate(() => order.push("event loop"));
    await task;

    expect(order).toEqual(["event loop", "task"]);
  });

  it("fails a task that throws with the thrown error's code, and keeps the thread", async () => {
    pool = createWorkerPool({ entry: ENTRY, size: 1 });
    const before = await pool.run<{ threadId: number }>("echo", null);

    const error = await failure(pool.run("fail", null));
    const after = await pool.run<{ threadId: number }>("echo", null);

    expect(error.code).toBe("worker_task_failed");
    expect(error.remote).toMatchObject({
      code: "fixture_failed",
      message: "the fixture task failed on purpose",
    });
    expect(after.threadId).toBe(before.threadId);
  });

  it("stops a task that outlives its timeout and runs the next task on a fresh thread", async () => {
    pool = createWorkerPool({ entry: ENTRY, size: 1, taskTimeoutMs: 500 });
    const before = await pool.run<{ threadId: number }>("echo", null);

    const error = await failure(pool.run("hang", null));
    const after = await pool.run<{ threadId: number }>("echo", "again");

    expect(error.code).toBe("worker_timeout");
    expect(after.threadId).not.toBe(before.threadId);
  });

  it("fails the task of a thread that dies and replaces the thread", async () => {
    pool = createWorkerPool({ entry: ENTRY, size: 1 });

    const error = await failure(pool.run("crash", null));
    const after = await pool.run<{ input: unknown }>("echo", "still here");

    expect(error.code).toBe("worker_crashed");
    expect(after.input).toBe("still here");
  });

  it("runs tasks side by side on its threads", async () => {
    // Prepare
    pool = createWorkerPool({ entry: ENTRY, size: 2 });
    const shared = new SharedArrayBuffer(8);
    const flags = new Int32Array(shared);

    // Act: two tasks that each hold a thread until both have started.
    const held = [pool.run<number>("hold", shared), pool.run<number>("hold", shared)];
    while (Atomics.load(flags, 1) < 2) await new Promise((r) => setTimeout(r, 10));
    Atomics.store(flags, 0, 1);
    Atomics.notify(flags, 0);
    const threads = await Promise.all(held);

    // Assess
    expect(new Set(threads).size).toBe(2);
  });

  it("fails the waiting tasks when its worker module cannot start, without retrying forever", async () => {
    pool = createWorkerPool({ entry: workerEntry(import.meta.url, "fixtures/no-such-worker"), size: 1 });

    const error = await failure(pool.run("echo", null));

    expect(error.code).toBe("worker_crashed");
    expect(error.message).toMatch(/could not start/);
  });

  it("on close fails running and queued tasks and refuses new ones", async () => {
    const closing = createWorkerPool({ entry: ENTRY, size: 1 });
    const running = failure(closing.run("spin", 5_000));
    const queued = failure(closing.run("echo", null));

    await closing.close();

    expect((await running).code).toBe("worker_closed");
    expect((await queued).code).toBe("worker_closed");
    expect((await failure(closing.run("echo", null))).code).toBe("worker_closed");
  });

  it("refuses tasks beyond the queue limit", async () => {
    pool = createWorkerPool({ entry: ENTRY, size: 1, maxQueue: 1 });
    await pool.run("echo", null);
    const first = pool.run("spin", 200);
    const second = pool.run("echo", null);

    const error = await failure(pool.run("echo", null));

    expect(error.code).toBe("worker_busy");
    await Promise.all([first, second]);
  });
});
