import { connect } from "node:net";

/** What came back on a raw connection: the status code of the first response line, if any, and the raw text. */
export interface RawAnswer {
  readonly status: number | undefined;
  readonly text: string;
}

/**
 * Writes `request` byte for byte to `host:port` over a plain TCP socket (no HTTP client in between, so malformed
 * request lines, bad escapes and broken chunked bodies reach the server as written), half-closes, and collects
 * what the server answers until it closes the connection or `timeoutMs` passes.
 */
export function sendRaw(
  port: number,
  request: string | Buffer,
  options: { host?: string; timeoutMs?: number } = {},
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: options.host ?? "127.0.0.1" });
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString("latin1");
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      resolve({ status: status === undefined ? undefined : Number(status), text });
    };
    const timer = setTimeout(finish, options.timeoutMs ?? 3_000);
    socket.on("data", (d: Buffer) => chunks.push(d));
    socket.on("error", finish);
    socket.on("close", finish);
    socket.on("connect", () => socket.end(request));
  });
}
