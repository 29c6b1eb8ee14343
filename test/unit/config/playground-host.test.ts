import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/load-config.js";

describe("KLAXON_PLAYGROUND_HOST", () => {
  it("defaults to loopback, so a playground is never reachable from the network by accident", () => {
    // Act
    const config = loadConfig({});

    // Assess
    expect(config.env.KLAXON_PLAYGROUND_HOST).toBe("127.0.0.1");
  });

  it("takes 0.0.0.0 for trying the playground inside a container", () => {
    // Act
    const config = loadConfig({ KLAXON_PLAYGROUND_HOST: "0.0.0.0" });

    // Assess
    expect(config.env.KLAXON_PLAYGROUND_HOST).toBe("0.0.0.0");
  });

  it("refuses something that is not an address, naming the variable", () => {
    // Act
    const load = () => loadConfig({ KLAXON_PLAYGROUND_HOST: "http://0.0.0.0/" });

    // Assess
    expect(load).toThrow(/env KLAXON_PLAYGROUND_HOST: expected an address to listen on/);
  });
});
