import type { IncomingMessage } from "node:http";
import type { Result } from "../shared/result.js";
import { err, ok } from "../shared/result.js";

/**
 * Reads a request body as UTF-8 up to `maxBytes`. Larger bodies are refused as soon as the limit is crossed,
 * without buffering the rest, so a hostile client cannot exhaust memory.
 */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Result<string, "too_large">> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > maxBytes) {
    req.resume();
    return err("too_large");
  }
  // Stream events, not `for await`: the async iterator costs more than the rest of reading a small body, and
  // this runs for every SNS delivery.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: Result<string, "too_large"> | Error): void => {
      if (settled) return;
      settled = true;
      req.off("data", onData);
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        finish(err("too_large"));
        req.resume();
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => finish(ok(Buffer.concat(chunks).toString("utf8"))));
    req.once("error", (error) => finish(error));
    req.once("close", () => finish(new Error("the request closed before its body was read")));
  });
}
