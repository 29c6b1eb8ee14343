import { describe, expect, it } from "vitest";
import { sparkline } from "../../../src/slack/sparkline.js";

describe("sparkline", () => {
  it("scales from zero to the maximum", () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe("▁▂▃▄▅▆▇█");
  });

  it("keeps zero as the floor, so small wobbles at a high level stay high", () => {
    expect(sparkline([6, 7, 6, 7])).toBe("▇█▇█");
  });

  it("returns an empty string for no values", () => {
    expect(sparkline([])).toBe("");
  });

  it("draws a flat line for all zeros", () => {
    expect(sparkline([0, 0, 0])).toBe("▁▁▁");
  });

  it("shows missing values (NaN, Infinity) as gaps", () => {
    expect(sparkline([0, Number.NaN, 7, Number.POSITIVE_INFINITY])).toBe("▁ █ ");
  });

  it("returns gaps only when nothing is finite", () => {
    expect(sparkline([Number.NaN, Number.NaN])).toBe("  ");
  });

  it("handles negative values by scaling from the minimum", () => {
    expect(sparkline([-7, 0])).toBe("▁█");
  });
});
