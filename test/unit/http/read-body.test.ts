import type { IncomingMessage } from "node:http";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { readBody } from "../../../src/http/read-body.js";

function request(chunks: readonly Buffer[], headers: Record<string, string> = {}): IncomingMessage {
  const stream = new PassThrough();
  const req = Object.assign(stream, { headers }) as unknown as IncomingMessage;
  setImmediate(() => {
    for (const c of chunks) stream.write(c);
    stream.end();
  });
  return req;
}

describe("readBody", () => {
  it("joins chunks before decoding, so a character split across two chunks stays whole", async () => {
    // Prepare: "é" is two bytes in UTF-8, sent in two chunks.
    const bytes = Buffer.from('{"name":"café"}', "utf8");
    const cut = bytes.indexOf(0xc3) + 1;
    // Act
    const body = await readBody(request([bytes.subarray(0, cut), bytes.subarray(cut)]), 1024);
    // Assess
    expect(body).toEqual({ ok: true, value: '{"name":"café"}' });
  });

  it("refuses a body larger than the limit as soon as the limit is crossed", async () => {
    const body = await readBody(request([Buffer.alloc(600), Buffer.alloc(600)]), 1000);
    expect(body).toEqual({ ok: false, error: "too_large" });
  });

  it("refuses a declared content-length over the limit without reading the body", async () => {
    const body = await readBody(request([Buffer.alloc(10)], { "content-length": "5000" }), 1000);
    expect(body).toEqual({ ok: false, error: "too_large" });
  });

  it("fails when the request stream breaks before its end", async () => {
    const stream = new PassThrough();
    const req = Object.assign(stream, { headers: {} }) as unknown as IncomingMessage;
    setImmediate(() => stream.destroy(new Error("aborted")));
    await expect(readBody(req, 1000)).rejects.toThrow("aborted");
  });
});
