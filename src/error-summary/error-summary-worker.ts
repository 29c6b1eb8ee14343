import { serveWorkerTasks } from "../shared/serve-worker-tasks.js";
import { renderSpikeChartPng } from "./chart-png.js";
import { type SpikeSummary, type SummarizeSpikeInput, summarizeSpike } from "./summarize-spike.js";

// The worker thread behind `createPooledErrorSummaryWork`: the same pure functions, away from the event loop.
serveWorkerTasks({
  summarizeSpike: (input) => summarizeSpike(input as SummarizeSpikeInput),
  renderSpikeChartPng: (summary) => renderSpikeChartPng(summary as SpikeSummary),
});
