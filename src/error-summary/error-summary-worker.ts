import { serveWorkerTasks } from "../shared/serve-worker-tasks.js";
import { renderErrorChartPng } from "./chart-png.js";
import { type ErrorSummary, type SummarizeErrorsInput, summarizeErrors } from "./summarize-errors.js";

// The worker thread behind `createPooledErrorSummaryWork`: the same pure functions, away from the event loop.
serveWorkerTasks({
  summarizeErrors: (input) => summarizeErrors(input as SummarizeErrorsInput),
  renderErrorChartPng: (summary) => renderErrorChartPng(summary as ErrorSummary),
});
