import { describe, expect, it } from "vitest";
import { topStreams } from "../../../src/error-summary/top-streams.js";

describe("topStreams", () => {
  it("orders streams by count and shares them out of the window total", () => {
    const counts = [
      { stream: "dynamoai-api-56fcf74495-rf2pj.dynamoai-api", count: 30 },
      { stream: "dynamoai-api-56fcf74495-x8k2m.dynamoai-api", count: 60 },
      { stream: "dynamoai-api-56fcf74495-aa11b.dynamoai-api", count: 10 },
    ];

    const top = topStreams(counts, { max: 2, total: 200 });

    expect(top).toEqual([
      { stream: "dynamoai-api-56fcf74495-x8k2m.dynamoai-api", count: 60, share: 0.3 },
      { stream: "dynamoai-api-56fcf74495-rf2pj.dynamoai-api", count: 30, share: 0.15 },
    ]);
  });

  it("merges duplicate streams, drops empty ones and never shares above 100%", () => {
    const top = topStreams(
      [
        { stream: "a", count: 2 },
        { stream: "a", count: 3 },
        { stream: "b", count: 0 },
      ],
      { total: 1 },
    );

    expect(top).toEqual([{ stream: "a", count: 5, share: 1 }]);
  });
});
