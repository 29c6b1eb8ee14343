import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpsFetchCert } from "../../../../src/ingest/sns/sns-https-fetch-cert.js";
import { TEST_SIGNING_CERT_PEM } from "../../../fakes/sns-signer.js";

let server: Server;
let base = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    switch (req.url) {
      case "/cert.pem":
        res.end(TEST_SIGNING_CERT_PEM);
        return;
      case "/big-declared":
        res.writeHead(200, { "content-length": "20000" });
        res.end("x".repeat(20000));
        return;
      case "/big-chunked":
        res.writeHead(200);
        for (let i = 0; i < 20; i += 1) res.write("x".repeat(1000));
        res.end();
        return;
      case "/redirect":
        res.writeHead(302, { location: "/cert.pem" }).end();
        return;
      case "/hang":
        return;
      default:
        res.writeHead(503).end("Service Unavailable");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("createHttpsFetchCert", () => {
  const fetchCert = createHttpsFetchCert({ timeoutMs: 300, maxBytes: 10 * 1024 });

  it("returns the PEM text of a 200 answer", async () => {
    expect(await fetchCert(`${base}/cert.pem`)).toBe(TEST_SIGNING_CERT_PEM);
  });

  it("fails on a non-200 answer", async () => {
    await expect(fetchCert(`${base}/missing`)).rejects.toThrow("HTTP 503");
  });

  it("fails on a declared body over the size cap", async () => {
    await expect(fetchCert(`${base}/big-declared`)).rejects.toThrow("byte cap");
  });

  it("fails on a streamed body over the size cap", async () => {
    await expect(fetchCert(`${base}/big-chunked`)).rejects.toThrow("byte cap");
  });

  it("does not follow redirects", async () => {
    await expect(fetchCert(`${base}/redirect`)).rejects.toThrow();
  });

  it("gives up on a server that never answers within the timeout", async () => {
    const started = Date.now();
    await expect(fetchCert(`${base}/hang`)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
