import type { Server } from "node:http";

/** Errors saying the machine has no IPv6 (kernel without it, or `::` not assignable in this container). */
const NO_IPV6 = new Set(["EAFNOSUPPORT", "EADDRNOTAVAIL", "EINVAL"]);

function listenOnce(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once("error", onError);
    server.listen(port, host, () => {
      server.removeListener("error", onError);
      resolve();
    });
  });
}

/**
 * Starts `server` on `port`. With a `host` it listens there only. Without one it listens on `::`, which on a
 * dual-stack machine takes IPv6 and IPv4 (as IPv4-mapped addresses) on one socket, and falls back to `0.0.0.0`
 * where IPv6 is unavailable, so klaxon answers on both families wherever the machine has them.
 */
export async function listenHttp(server: Server, port: number, host?: string): Promise<void> {
  if (host !== undefined) return listenOnce(server, port, host);
  try {
    await listenOnce(server, port, "::");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (!NO_IPV6.has(code)) throw error;
    await listenOnce(server, port, "0.0.0.0");
  }
}
