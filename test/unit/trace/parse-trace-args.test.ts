import { describe, expect, it } from "vitest";
import { parseTraceArgs } from "../../../src/trace/parse-trace-args.js";

describe("parseTraceArgs", () => {
  it("splits the ID, the window words and a services= filter given anywhere after the ID", () => {
    // Act
    const r = parseTraceArgs("  req-7f3a9c2e41b8 since services=a,b 09:30 ");

    // Assess
    expect(r).toEqual({
      ok: true,
      value: { id: "req-7f3a9c2e41b8", window: "since 09:30", services: ["a", "b"] },
    });
  });

  it("leaves the window and services out when not given", () => {
    expect(parseTraceArgs("abcd")).toEqual({ ok: true, value: { id: "abcd" } });
  });

  it("refuses empty text, help and a malformed service list with the usage", () => {
    // Act
    const codes = ["", "help", "abcd services=", "abcd services=a;b"].map((t) => {
      const r = parseTraceArgs(t);
      return r.ok ? "ok" : r.error.code;
    });

    // Assess
    expect(codes).toEqual(["trace_usage", "trace_usage", "trace_usage", "trace_usage"]);
  });
});
