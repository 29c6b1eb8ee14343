import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The baseline: a hello-world Node HTTP server that reads the whole request body and answers 200 with `body`
 * ("ok" unless told; the slash-ack bench answers empty, as klaxon's ack does). What klaxon does on top (verify,
 * parse, route, store durably) is the difference between the two figures.
 */
export async function startHelloServer(
  options: { readonly body?: string } = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const body = options.body ?? "ok";
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
