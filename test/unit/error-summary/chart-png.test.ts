import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { renderErrorChartPng } from "../../../src/error-summary/chart-png.js";
import { summarizeErrors } from "../../../src/error-summary/summarize-errors.js";

const NOW = Date.parse("2024-05-01T11:00:00Z");
const HOUR = 3600_000;
const window = (start: number, counts: readonly number[]) => ({
  start: new Date(start),
  end: new Date(start + HOUR),
  bins: counts.map((count, i) => ({ time: new Date(start + i * 300_000), count })),
  messages: [],
  streams: [],
});

interface Chunk {
  readonly type: string;
  readonly data: Buffer;
  readonly crc: number;
}

function chunks(png: Buffer): Chunk[] {
  const out: Chunk[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString("ascii", at + 4, at + 8);
    out.push({ type, data: png.subarray(at + 8, at + 8 + length), crc: png.readUInt32BE(at + 8 + length) });
    at += 12 + length;
  }
  return out;
}

describe("renderErrorChartPng", () => {
  it("writes a PNG whose chunks carry the standard CRC-32", () => {
    // Prepare
    const summary = summarizeErrors({
      current: window(NOW - HOUR, [1, 2, 3, 40, 50, 2, 1, 1, 1, 1, 1, 1]),
      baseline: window(NOW - 2 * HOUR, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
      binSeconds: 300,
    });
    // Act
    const png = renderErrorChartPng(summary);
    // Assess: signature, chunk order, the IEND CRC every PNG shares, and pixel data that inflates.
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const parts = chunks(png);
    expect(parts.map((c) => c.type)).toEqual(["IHDR", "PLTE", "IDAT", "IEND"]);
    expect(parts[3]?.crc).toBe(0xae426082);
    const ihdr = parts[0];
    expect(ihdr?.crc).toBeGreaterThan(0);
    const width = ihdr?.data.readUInt32BE(0) ?? 0;
    const height = ihdr?.data.readUInt32BE(4) ?? 0;
    expect(inflateSync(parts[2]?.data ?? Buffer.alloc(0))).toHaveLength((width + 1) * height);
  });
});
