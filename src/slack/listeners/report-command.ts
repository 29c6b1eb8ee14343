import type { WebClient } from "@slack/web-api";
import { parseReportArgs, type ReportOutput, runHygieneReport } from "../../reports/run-report.js";
import type { Clock } from "../../shared/clock.js";
import type { Logger } from "../../shared/logger.js";
import type { Store } from "../../store/store.js";

/** What `/klaxon report` needs. */
export interface ReportCommandDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly onReport?: ((output: ReportOutput) => void) | undefined;
}

type Respond = (message: { response_type: "ephemeral" | "in_channel"; text: string }) => Promise<unknown>;

/**
 * `/klaxon report [7d|30d] [route|service]`: answers in the channel with the report, then uploads the chart there
 * (a nicety: a failed upload is logged, the numbers are already posted).
 */
export async function answerReportCommand(
  deps: ReportCommandDeps,
  input: {
    readonly text: string;
    readonly channelId: string;
    readonly client: WebClient;
    readonly respond: Respond;
  },
): Promise<void> {
  const args = parseReportArgs(input.text);
  if (!args) {
    await input.respond({
      response_type: "ephemeral",
      text: "Usage: `/klaxon report [7d|30d] [route|service]`, e.g. `/klaxon report 30d payments`.",
    });
    return;
  }
  const output = await runHygieneReport(deps.store, deps.clock(), args.days, args.only);
  deps.onReport?.(output);
  await input.respond({ response_type: "in_channel", text: output.text });
  if (output.report.total.episodes === 0) return;
  try {
    await input.client.filesUploadV2({
      channel_id: input.channelId,
      file: output.png,
      filename: "episodes-per-day.png",
      title: `Episodes per day, last ${args.days} days`,
    });
  } catch (error) {
    deps.logger.info({ err: error, channel: input.channelId }, "report: chart upload failed");
  }
}
