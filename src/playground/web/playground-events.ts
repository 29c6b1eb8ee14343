import type { IncomingMessage, ServerResponse } from "node:http";
import type { SlackEmulator } from "../slack-emulator/slack-emulator.js";

/** How often an idle event stream sends a comment, so proxies and browsers keep it open. */
export const HEARTBEAT_MS = 15_000;

/**
 * Serves `GET /playground/events` as Server-Sent Events: one `change` event (with the change's type) for
 * every emulator change, and a comment line every `heartbeatMs`. The emulator listener and the timer are
 * removed when the browser goes away, so closed tabs leak nothing.
 */
export function serveEvents(
  emulator: SlackEmulator,
  req: IncomingMessage,
  res: ServerResponse,
  heartbeatMs: number = HEARTBEAT_MS,
): void {
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-store",
    connection: "keep-alive",
    "x-accel-buffering": "no",
  });
  res.write("retry: 2000\n\n");
  const unsubscribe = emulator.onChange((change) => {
    res.write(`event: change\ndata: ${JSON.stringify({ type: change.type })}\n\n`);
  });
  const heartbeat = setInterval(() => res.write(": heartbeat\n\n"), heartbeatMs);
  heartbeat.unref();
  let closed = false;
  const cleanUp = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    unsubscribe();
  };
  req.on("close", cleanUp);
  res.on("close", cleanUp);
  res.on("error", cleanUp);
}
