import { encodePalettePng } from "../error-summary/chart-png.js";

const BAR = 12;
const STEP = 16;
const MARGIN = 10;
const PLOT_HEIGHT = 120;
// Palette indexes of the shared chart palette: background, axis, current bars.
const [BG, AXIS, BARS] = [0, 1, 3] as const;

/**
 * Episodes per day as a small bar chart PNG (no text: the report beside it carries the numbers), with the
 * dependency-free writer the error charts use. Long windows get narrower bars so the image stays small.
 */
export function renderEpisodesPerDayPng(perDay: readonly number[]): Buffer {
  const step = perDay.length > 40 ? 4 : STEP;
  const bar = perDay.length > 40 ? 3 : BAR;
  const width = MARGIN * 2 + Math.max(1, perDay.length) * step;
  const height = MARGIN * 2 + PLOT_HEIGHT;
  const pixels = new Uint8Array(width * height).fill(BG);
  const max = Math.max(1, ...perDay);
  const baseY = MARGIN + PLOT_HEIGHT;
  perDay.forEach((count, i) => {
    const h = count > 0 ? Math.max(1, Math.round((count / max) * PLOT_HEIGHT)) : 0;
    const x = MARGIN + i * step;
    for (let y = baseY - h; y < baseY; y++) pixels.fill(BARS, y * width + x, y * width + x + bar);
  });
  pixels.fill(AXIS, baseY * width + MARGIN, baseY * width + width - MARGIN);
  return encodePalettePng(width, height, pixels);
}
