import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anchorId } from "../../../src/trace/anchor-id.js";
import { decodeKsuidTime, decodeUlidTime, decodeUuidTime } from "../../../src/trace/id-time.js";

const NOW_2025 = new Date("2025-10-28T09:00:00Z");

function anchored(id: string, now: Date = NOW_2025) {
  const r = anchorId(id, now);
  if (!r.ok) throw new Error(`expected ${id} to be accepted: ${r.error.message}`);
  return r.value;
}

describe("anchorId", () => {
  it("decodes the DynamoAI seed UUIDv1 to its exact request time", () => {
    const a = anchored("19e555d0-b349-11f0-9ee0-09606a1108f9");

    expect(a.kind).toBe("uuid-v1");
    expect(a.time?.toISOString()).toBe("2025-10-27T15:24:59.693Z");
    expect(a.timeConfidence).toBe("exact");
    expect(a.searchValues).toEqual(["19e555d0-b349-11f0-9ee0-09606a1108f9"]);
  });

  it("decodes the RFC 9562 UUIDv6 and UUIDv7 examples to 2022-02-22T19:22:22Z", () => {
    expect(decodeUuidTime("1EC9414C-232A-6B00-B3C8-9F6BDECED846")).toBe(Date.UTC(2022, 1, 22, 19, 22, 22));
    expect(decodeUuidTime("017F22E2-79B0-7CC3-98C4-DC0C0C07398F")).toBe(Date.UTC(2022, 1, 22, 19, 22, 22));
    expect(anchored("017F22E2-79B0-7CC3-98C4-DC0C0C07398F").kind).toBe("uuid-v7");
  });

  it("accepts a UUIDv4 as an ID without a time", () => {
    const a = anchored("8372eac7-5f43-4d76-beca-0a94cfb311d0");

    expect(a.kind).toBe("uuid");
    expect(a.time).toBeUndefined();
  });

  it("reads the X-Ray epoch and also searches the W3C spelling of the same trace", () => {
    const a = anchored("1-5759e988-bd862e3fe1be46a994272793", new Date("2016-06-10T00:00:00Z"));

    expect(a.kind).toBe("xray");
    expect(a.time?.toISOString()).toBe("2016-06-09T22:11:20.000Z");
    expect(a.searchValues).toEqual([
      "1-5759e988-bd862e3fe1be46a994272793",
      "5759e988bd862e3fe1be46a994272793",
    ]);
  });

  it("takes the Root of a pasted X-Amzn-Trace-Id header", () => {
    const a = anchored(
      "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
      new Date("2016-06-10T00:00:00Z"),
    );

    expect(a.id).toBe("1-5759e988-bd862e3fe1be46a994272793");
  });

  it("reads a W3C trace id as an X-Ray epoch only when that epoch is recent", () => {
    const recent = anchored("5759e988bd862e3fe1be46a994272793", new Date("2016-06-10T00:00:00Z"));
    const old = anchored("5759e988bd862e3fe1be46a994272793", NOW_2025);
    const dynamo = anchored("b672ccf48683b392891c5cb4163d4b51", NOW_2025);

    expect(recent.timeConfidence).toBe("probable");
    expect(recent.time?.toISOString()).toBe("2016-06-09T22:11:20.000Z");
    expect(recent.searchValues).toContain("1-5759e988-bd862e3fe1be46a994272793");
    expect(old.time).toBeUndefined();
    expect(dynamo.kind).toBe("w3c");
    expect(dynamo.time).toBeUndefined();
  });

  it("takes the trace id out of a traceparent header", () => {
    expect(anchored("00-b672ccf48683b392891c5cb4163d4b51-2148d8e067ad9b8a-01").id).toBe(
      "b672ccf48683b392891c5cb4163d4b51",
    );
  });

  it("decodes the ULID spec vector, upper or lower case", () => {
    const now = new Date("2016-08-01T00:00:00Z");

    expect(decodeUlidTime("01ARYZ6S41TSV4RRFFQ69G5FAV")).toBe(1469918176385);
    expect(anchored("01ARYZ6S41TSV4RRFFQ69G5FAV", now).time?.getTime()).toBe(1469918176385);
    expect(anchored("01aryz6s41tsv4rrffq69g5fav", now).kind).toBe("ulid");
  });

  it("decodes the segmentio KSUID example (Timestamp 107608047 → 2017-10-10T04:00:47Z)", () => {
    const a = anchored("0ujtsYcgvSTl8PAuAdqWYSMnLOv", new Date("2017-10-11T00:00:00Z"));

    expect(a.kind).toBe("ksuid");
    expect(a.time?.toISOString()).toBe("2017-10-10T04:00:47.000Z");
  });

  it("treats 27 base-62 characters above 160 bits as a generic ID, not a KSUID", () => {
    expect(decodeKsuidTime("zzzzzzzzzzzzzzzzzzzzzzzzzzz")).toBeUndefined();
    expect(anchored("zzzzzzzzzzzzzzzzzzzzzzzzzzz").kind).toBe("generic");
  });

  it("ignores an embedded time before 2000 or more than a day ahead, and says so", () => {
    const zero = anchored("00000000-0000-1000-8000-000000000000");
    const future = anchored("01ARYZ6S41TSV4RRFFQ69G5FAV", new Date("2010-01-01T00:00:00Z"));

    expect(zero.time).toBeUndefined();
    expect(zero.note).toMatch(/implausible/);
    expect(future.time).toBeUndefined();
  });

  it("accepts generic IDs and strips quotes or backticks pasted around them", () => {
    expect(anchored("req-7f3a9c2e41b8")).toEqual({
      id: "req-7f3a9c2e41b8",
      kind: "generic",
      searchValues: ["req-7f3a9c2e41b8"],
    });
    expect(anchored(" `req-abc123` ").id).toBe("req-abc123");
    expect(anchored("'job:42.retry_1'").id).toBe("job:42.retry_1");
  });

  it.each([
    ["abc' | stats count(*)", "character 4 is `'`"],
    ["id/with/slash", "character 3 is `/`"],
    ["tab\there", "U+0009"],
    ["ab", "too short"],
    ["x".repeat(129), "at most 128"],
  ])("refuses %j with a reason (%s)", (raw, reason) => {
    const r = anchorId(raw, NOW_2025);

    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("trace_id_invalid");
      expect(r.error.message).toContain(reason);
    }
  });

  it("asks for an ID when none is given", () => {
    const r = anchorId("   ", NOW_2025);

    expect(r.ok ? undefined : r.error.code).toBe("trace_id_missing");
  });

  it("never lets a quote, pipe, slash, backslash or whitespace into a search value", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 140 }), (raw) => {
        const r = anchorId(raw, NOW_2025);
        if (r.ok) for (const v of r.value.searchValues) expect(v).toMatch(/^[A-Za-z0-9._:-]{4,128}$/);
      }),
      { numRuns: 2000 },
    );
  });
});
