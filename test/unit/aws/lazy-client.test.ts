import { describe, expect, it } from "vitest";
import { lazyClient } from "../../../src/aws/lazy-client.js";

/** A stand-in SDK client that records what it was sent and whether it was destroyed. */
function fakeClient(name: string) {
  const sent: unknown[] = [];
  let destroyed = false;
  return {
    sent,
    destroyed: () => destroyed,
    async send(command: never, _options?: never): Promise<unknown> {
      sent.push(command);
      return `${name}:${String(command)}`;
    },
    destroy() {
      destroyed = true;
    },
  };
}

describe("lazyClient", () => {
  it("creates nothing until the first call, then one client for every call", async () => {
    // Prepare
    const created: ReturnType<typeof fakeClient>[] = [];
    const lazy = lazyClient(async () => {
      const c = fakeClient(`c${created.length}`);
      created.push(c);
      return c;
    });
    expect(created).toHaveLength(0);

    // Act
    const answers = await Promise.all([lazy.send("a" as never), lazy.send("b" as never)]);
    const same = await lazy.client();

    // Assess
    expect(answers).toEqual(["c0:a", "c0:b"]);
    expect(created).toHaveLength(1);
    expect(same).toBe(created[0]);
  });

  it("tries again after a failed creation", async () => {
    // Prepare
    let attempts = 0;
    const lazy = lazyClient(async () => {
      attempts++;
      if (attempts === 1) throw new Error("package failed to load");
      return fakeClient("ok");
    });

    // Act
    const first = lazy.send("x" as never);

    // Assess
    await expect(first).rejects.toThrow("package failed to load");
    expect(await lazy.send("y" as never)).toBe("ok:y");
    expect(attempts).toBe(2);
  });

  it("destroys a created client, and one still being created once it arrives", async () => {
    // Prepare
    const made: ReturnType<typeof fakeClient>[] = [];
    const lazy = lazyClient(async () => {
      const c = fakeClient("c");
      made.push(c);
      return c;
    });
    await lazy.client();

    // Act
    lazy.destroy();
    const pending = lazy.client();
    lazy.destroy();
    await pending;
    await Promise.resolve();

    // Assess
    expect(made.map((c) => c.destroyed())).toEqual([true, true]);
  });
});
