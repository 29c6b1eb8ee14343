import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  crashCorpus,
  hostileRequest,
  LEAK_MARKS,
  OUTSIDE_SENTINEL,
  rawRequest,
} from "../fakes/hostile-requests.js";
import { sendRaw } from "../fakes/raw-http.js";
import { type Harness, startHarness } from "../support/harness.js";

const RUNBOOK = `---
title: High latency
---
Check the load balancer.
`;

function portOf(h: Harness): number {
  return h.bot.port;
}

describe("klaxon's HTTP server facing hostile raw requests", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ files: { "runbooks/high-latency.md": RUNBOOK } });
    writeFileSync(join(h.dir, "secret.txt"), OUTSIDE_SENTINEL);
  });
  afterAll(async () => {
    await h.close();
  });

  it("answers the crash corpus with no 5xx, leaks nothing outside runbooks/, and keeps answering /healthz", async () => {
    const statuses: (number | undefined)[] = [];
    for (const request of crashCorpus()) {
      const answer = await sendRaw(portOf(h), request);
      statuses.push(answer.status);
      expect(answer.status ?? 0, request.slice(0, 120)).toBeLessThan(500);
      for (const mark of LEAK_MARKS) expect(answer.text).not.toContain(mark);
    }

    const health = await sendRaw(portOf(h), rawRequest("GET", "/healthz"));
    const runbook = await fetch(`http://127.0.0.1:${portOf(h)}/runbooks/high-latency`);

    expect(health.status).toBe(200);
    expect(runbook.status).toBe(200);
    expect(await runbook.text()).toContain("Check the load balancer.");
    expect(statuses.filter((s) => s !== undefined).length).toBeGreaterThan(0);
  });

  it("answers random raw requests with no 5xx and no file from outside runbooks/", async () => {
    await fc.assert(
      fc.asyncProperty(hostileRequest, async (request) => {
        const answer = await sendRaw(portOf(h), request);
        expect(answer.status ?? 0).toBeLessThan(500);
        for (const mark of LEAK_MARKS) expect(answer.text).not.toContain(mark);
      }),
      { numRuns: 300, seed: 20261206 },
    );

    const health = await sendRaw(portOf(h), rawRequest("GET", "/healthz"));
    expect(health.status).toBe(200);
  });
});
