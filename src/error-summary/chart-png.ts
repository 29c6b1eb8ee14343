import { crc32, deflateSync } from "node:zlib";
import type { ErrorSummary } from "./summarize-errors.js";

/** Colours by palette index: background, axis, baseline bars, current bars, spike bars. */
const PALETTE = [
  [255, 255, 255],
  [200, 200, 200],
  [170, 170, 170],
  [54, 122, 206],
  [214, 48, 49],
] as const;
const [BG, AXIS, BEFORE, NOW, SPIKE] = [0, 1, 2, 3, 4] as const;
const BAR = 8;
const STEP = 10;
const GAP = 20;
const MARGIN = 10;
const PLOT_HEIGHT = 120;

/**
 * Draws the summary as a small bar chart PNG: baseline bins in grey, a gap, current bins in blue with the
 * spike's bins in red, on one scale. Written by hand (palette PNG, zlib deflate) so a chart needs no image
 * library; bars only, no text, since the message beside it carries the numbers.
 */
export function renderErrorChartPng(summary: ErrorSummary): Buffer {
  const before = summary.baselineSeries.counts;
  const now = summary.series.counts;
  const width = MARGIN * 2 + before.length * STEP + GAP + now.length * STEP;
  const height = MARGIN * 2 + PLOT_HEIGHT;
  const pixels = new Uint8Array(width * height).fill(BG);
  const max = Math.max(1, ...before, ...now);
  const spikeStart = summary.spike?.start.getTime() ?? Number.POSITIVE_INFINITY;
  const spikeEnd = summary.spike?.end.getTime() ?? Number.NEGATIVE_INFINITY;
  const baseY = MARGIN + PLOT_HEIGHT;
  const bar = (x: number, count: number, colour: number): void => {
    const h = count > 0 ? Math.max(1, Math.round((count / max) * PLOT_HEIGHT)) : 0;
    for (let y = baseY - h; y < baseY; y++) pixels.fill(colour, y * width + x, y * width + x + BAR);
  };
  before.forEach((count, i) => {
    bar(MARGIN + i * STEP, count, BEFORE);
  });
  const nowX = MARGIN + before.length * STEP + GAP;
  now.forEach((count, i) => {
    const t = summary.series.start.getTime() + i * summary.series.binSeconds * 1000;
    bar(nowX + i * STEP, count, t >= spikeStart && t < spikeEnd ? SPIKE : NOW);
  });
  pixels.fill(AXIS, baseY * width + MARGIN, baseY * width + width - MARGIN);
  return encodePalettePng(width, height, pixels);
}

/** Encodes palette-indexed pixels (indexes into the chart palette) as a PNG. */
export function encodePalettePng(width: number, height: number, pixels: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 3, 0, 0, 0], 8); // 8-bit palette indexes, deflate, no filter method, no interlace
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0; // filter type None on every scanline
    raw.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("PLTE", Buffer.from(PALETTE.flat())),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "ascii");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
