import { describe, expect, it } from "vitest";
import {
  parseActionRequest,
  parseCommandRequest,
} from "../../../../src/playground/web/playground-requests.js";

describe("parseCommandRequest", () => {
  it("splits the command from its text like Slack does", () => {
    expect(
      parseCommandRequest(JSON.stringify({ channelId: "C0EMU1", text: "/insights\n errors service=api  " })),
    ).toEqual({
      ok: true,
      value: { channelId: "C0EMU1", command: "/insights", text: "errors service=api" },
    });
  });

  it("accepts a bare command with no text", () => {
    expect(parseCommandRequest(JSON.stringify({ channelId: "#alerts", text: "/runbook" }))).toMatchObject({
      ok: true,
      value: { command: "/runbook", text: "" },
    });
  });

  it("names every missing field", () => {
    const result = parseCommandRequest("{}");
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.error).toMatch(/channelId: .*; text: /);
  });
});

describe("parseActionRequest", () => {
  const base = { channelId: "C0EMU1", messageTs: "1700000000.000100", actionId: "runbook_check" };

  it("requires the whole selection for a checkboxes change", () => {
    const result = parseActionRequest(JSON.stringify({ ...base, kind: "checkboxes" }));
    expect(result).toEqual({ ok: false, error: expect.stringContaining("selectedValues:") });
  });

  it("requires the chosen value for a select change", () => {
    const result = parseActionRequest(JSON.stringify({ ...base, kind: "select" }));
    expect(result).toEqual({ ok: false, error: expect.stringContaining("selectedOptionValue:") });
  });

  it("drops selection fields that do not belong to the kind", () => {
    const result = parseActionRequest(
      JSON.stringify({ ...base, kind: "button", selectedValues: ["a"], blockId: "b1" }),
    );
    expect(result).toEqual({ ok: true, value: { ...base, kind: "button", blockId: "b1" } });
  });
});
