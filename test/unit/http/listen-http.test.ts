import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createServer as createNetServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createHttpServer, send } from "../../../src/http/create-http-server.js";
import { listenHttp } from "../../../src/http/listen-http.js";
import { silentLogger } from "../../../src/shared/logger.js";
import { sendRaw } from "../../fakes/raw-http.js";

/** Whether this machine can bind the IPv6 loopback at all (containers without IPv6 cannot). */
async function ipv6LoopbackAvailable(): Promise<boolean> {
  const probe = createNetServer();
  return new Promise((resolve) => {
    probe.once("error", () => resolve(false));
    probe.listen(0, "::1", () => probe.close(() => resolve(true)));
  });
}

let server: Server | undefined;
afterEach(async () => {
  const s = server;
  server = undefined;
  if (s?.listening) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

const healthz = "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

describe("listenHttp", () => {
  it("without a host answers on IPv4 loopback, and on IPv6 loopback where the machine has it", async () => {
    const s = createHttpServer(
      [{ method: "GET", path: "/healthz", handler: (_q, res) => send(res, 200, "ok") }],
      silentLogger(),
    );
    server = s;
    const ipv6 = await ipv6LoopbackAvailable();

    await listenHttp(s, 0);
    const port = (s.address() as AddressInfo).port;
    const v4 = await sendRaw(port, healthz, { host: "127.0.0.1" });
    const v6 = ipv6 ? await sendRaw(port, healthz, { host: "::1" }) : undefined;

    expect(v4.status).toBe(200);
    if (ipv6) {
      expect((s.address() as AddressInfo).address).toBe("::");
      expect(v6?.status).toBe(200);
    } else {
      console.log("listen-http: this machine cannot bind ::1; only the IPv4 answer was checked");
    }
  });

  it("with a host listens only there", async () => {
    const s = createHttpServer([], silentLogger());
    server = s;

    await listenHttp(s, 0, "127.0.0.1");

    expect((s.address() as AddressInfo).address).toBe("127.0.0.1");
  });
});
