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
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > maxBytes) {
      req.resume();
      return err("too_large");
    }
    chunks.push(buf);
  }
  return ok(Buffer.concat(chunks).toString("utf8"));
}
