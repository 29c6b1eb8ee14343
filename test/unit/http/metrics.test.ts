import { describe, expect, it } from "vitest";
import { createMetrics } from "../../../src/http/metrics.js";

describe("createMetrics", () => {
  it("exports Node's default process metrics under their standard names", async () => {
    // Act
    const text = await createMetrics().registry.metrics();
    // Assess
    expect(text).toMatch(/^process_cpu_seconds_total /m);
    expect(text).toMatch(/^process_resident_memory_bytes /m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes /m);
    expect(text).not.toMatch(/^klaxon_process_|^klaxon_nodejs_/m);
  });

  it("keeps klaxon's own metrics under the klaxon_ prefix", async () => {
    const metrics = createMetrics(false);
    metrics.snsDeliveries.inc({ outcome: "accepted" });
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^klaxon_sns_deliveries_total\{outcome="accepted"\} 1$/m);
    expect(text).not.toMatch(/^process_/m);
  });
});
