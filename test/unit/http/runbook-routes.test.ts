import { createHash } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpServer } from "../../../src/http/create-http-server.js";
import { runbookRoutes } from "../../../src/http/runbook-routes.js";
import type { Runbook } from "../../../src/runbooks/runbook-schema.js";
import { silentLogger } from "../../../src/shared/logger.js";

const runbook: Runbook = {
  name: "high-latency",
  file: "runbooks/high-latency.md",
  title: "High latency",
  match: {},
  links: [{ label: "Dashboard", url: "https://grafana.example.com/d/1" }],
  checklist: [{ id: "ack", text: "Acknowledge" }],
  queries: {},
  body: "# Steps\n\nCheck the [load balancer](https://console.aws.amazon.com/).\n",
};

let server: Server;
let base: string;
beforeAll(async () => {
  server = createHttpServer(runbookRoutes([runbook]), silentLogger());
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

/** Every inline `<style>` element's sha256 as a CSP source expression. */
function styleHashes(html: string): string[] {
  return [...html.matchAll(/<style>([^<]*)<\/style>/g)].map(
    (m) =>
      `'sha256-${createHash("sha256")
        .update(m[1] ?? "")
        .digest("base64")}'`,
  );
}

describe("runbook pages", () => {
  it.each(["/runbooks/high-latency", "/runbooks"])(
    "%s sends a strict Content-Security-Policy that allows exactly its own inline style, and nosniff",
    async (path) => {
      const res = await fetch(`${base}${path}`);
      const html = await res.text();
      const csp = res.headers.get("content-security-policy") ?? "";

      expect(res.status).toBe(200);
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toContain("unsafe-inline");
      expect(csp).toMatch(/script-src 'none'|^(?!.*script-src)/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(styleHashes(html).length).toBeGreaterThan(0);
      for (const hash of styleHashes(html)) expect(csp).toContain(hash);
      expect(html).not.toMatch(/ style="/);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    },
  );

  it("answers 404 for an unknown name and a traversal attempt alike", async () => {
    const unknown = await fetch(`${base}/runbooks/nope`);
    const traversal = await fetch(`${base}/runbooks/..%2F..%2Fpackage.json`);

    expect(unknown.status).toBe(404);
    expect(traversal.status).toBe(404);
    expect(await traversal.text()).not.toContain("devDependencies");
  });
});
