import { afterEach, describe, expect, it } from "vitest";
import {
  hostAllowed,
  LOOPBACK_HOSTS,
  playgroundAllowedHosts,
} from "../../../../src/playground/web/playground-http.js";
import { sendRaw } from "../../../fakes/raw-http.js";
import { type PlaygroundHarness, startPlaygroundHarness } from "./playground-harness.js";

let h: PlaygroundHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const portOf = (url: string): number => Number(new URL(url).port);

function get(path: string, host: string): string {
  return `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`;
}

function postCommand(host: string): string {
  const body = JSON.stringify({ channel: "C0EXAMPLE", text: "/klaxon help" });
  return `POST /playground/command HTTP/1.1\r\nHost: ${host}\r\nOrigin: http://${host}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

describe("playground: DNS rebinding", () => {
  it.each(["evil.example", "evil.example:3000", "127.0.0.1.nip.io", "localhost.evil.example", "attacker"])(
    "refuses every playground route addressed to Host %s with 421 and a message saying what to open",
    async (host) => {
      h = await startPlaygroundHarness({ sampleAlarms: [], exampleCommands: [] });
      const port = portOf(h.baseUrl);

      const page = await sendRaw(port, get("/", host));
      const state = await sendRaw(port, get("/playground/state", host));
      const command = await sendRaw(port, postCommand(host));

      expect([page.status, state.status, command.status]).toEqual([421, 421, 421]);
      expect(page.text).toContain("localhost");
      expect(h.botRequests).toHaveLength(0);
    },
  );

  it("answers the loopback names with any port", async () => {
    h = await startPlaygroundHarness({ sampleAlarms: [], exampleCommands: [] });
    const port = portOf(h.baseUrl);

    const answers = await Promise.all(
      ["localhost", `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, "LOCALHOST"].map((host) =>
        sendRaw(port, get("/playground/state", host)),
      ),
    );

    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
  });

  it("answers the extra names it is given (a container's configured host), or any name for *", async () => {
    h = await startPlaygroundHarness({
      sampleAlarms: [],
      exampleCommands: [],
      allowedHosts: [...LOOPBACK_HOSTS, "klaxon.internal"],
    });
    const port = portOf(h.baseUrl);

    const named = await sendRaw(port, get("/", "klaxon.internal:8080"));
    const other = await sendRaw(port, get("/", "evil.example"));

    expect(named.status).toBe(200);
    expect(other.status).toBe(421);
    expect(hostAllowed("anything.example:1", ["*"])).toBe(true);
  });

  it.each([
    [undefined, false],
    ["", false],
    ["localhost:", false],
    ["localhost:abc", false],
    ["[::1]x", false],
    ["127.0.0.1:65535", true],
  ])("judges Host %j as allowed=%s", (host, allowed) => {
    expect(hostAllowed(host, LOOPBACK_HOSTS)).toBe(allowed);
  });

  it.each([
    [undefined, LOOPBACK_HOSTS],
    ["127.0.0.1", LOOPBACK_HOSTS],
    ["0.0.0.0", LOOPBACK_HOSTS],
    ["::", LOOPBACK_HOSTS],
    ["192.168.1.20", [...LOOPBACK_HOSTS, "192.168.1.20"]],
    ["fd00::5", [...LOOPBACK_HOSTS, "[fd00::5]"]],
    ["Klaxon.Internal", [...LOOPBACK_HOSTS, "klaxon.internal"]],
  ])("bound to %j answers to %j", (bindHost, names) => {
    expect(playgroundAllowedHosts(bindHost)).toEqual(names);
  });
});
