import type { App } from "@slack/bolt";
import { servicesNeedUserGroups } from "../../insights/service-access.js";
import type { Clock } from "../../shared/clock.js";
import type { Logger } from "../../shared/logger.js";
import { executeTrace } from "../../trace/execute-trace.js";
import { parseTraceArgs } from "../../trace/parse-trace-args.js";
import { planTrace, type TraceDeps } from "../../trace/run-trace.js";
import { initialTraceState, type TraceState } from "../../trace/trace-state.js";
import { buildTraceAnswer, type TraceMessage } from "../blocks/trace-answer.js";

export interface TraceListenerDeps {
  readonly trace: TraceDeps;
  /** Only for Slack calls that fail after the reply is on its way (an update, the file upload). */
  readonly logger: Logger;
  /** Least gap between in-place updates of the working message; default 1,000 ms. */
  readonly updateIntervalMs?: number | undefined;
  /** The user's Slack user groups, looked up only when a service has `allowedUserGroups`. */
  readonly userGroupsOf?: ((userId: string) => Promise<readonly string[]>) | undefined;
}

/** Slack errors meaning the bot may not post in this channel, so the answer goes through `response_url`. */
const NO_ACCESS = new Set(["not_in_channel", "channel_not_found", "is_archived", "restricted_action"]);

function slackErrorCode(e: unknown): string | undefined {
  if (typeof e !== "object" || e === null || !("data" in e)) return undefined;
  const data: unknown = e.data;
  if (typeof data !== "object" || data === null || !("error" in data)) return undefined;
  return typeof data.error === "string" ? data.error : undefined;
}

/**
 * Sends progress updates at most once per `intervalMs` (measured between the starts of two calls), always the
 * newest state, one call at a time; `finish` drops what is pending and sends the final message last.
 */
function throttledUpdates(
  send: (state: TraceState) => Promise<void>,
  intervalMs: number,
  time: { readonly clock: Clock; readonly sleep: (ms: number) => Promise<void> },
) {
  const now = () => time.clock().getTime();
  // Created right after the working message was posted: that post counts as the first write.
  let last = now();
  let pending: TraceState | undefined;
  let scheduled = false;
  let chain = Promise.resolve();
  const gap = () => time.sleep(Math.max(0, last + intervalMs - now()));
  const sendLatest = async (): Promise<void> => {
    await gap();
    scheduled = false;
    const state = pending;
    pending = undefined;
    if (state === undefined) return;
    last = now();
    await send(state);
  };
  return {
    push(state: TraceState): void {
      pending = state;
      if (scheduled) return;
      scheduled = true;
      chain = chain.then(sendLatest);
    },
    async finish(final: () => Promise<void>): Promise<void> {
      pending = undefined;
      await chain;
      await gap();
      await final();
    },
  };
}

/**
 * `/trace <id> [window] [services=a,b]`: acks at once with nothing, answers usage problems and services this
 * channel or user may not query (`allowedChannels`, `allowedUserGroups`) privately, then
 * posts a "working" message in the channel, updates it in place as services finish (at most once a second)
 * and with the final timeline, and threads the full timeline file under it when the message shows only part.
 * When the bot may not post in the channel, the final answer goes through `response_url` instead.
 */
export function registerTraceCommand(app: App, deps: TraceListenerDeps): void {
  const intervalMs = deps.updateIntervalMs ?? 1000;
  app.command("/trace", async ({ ack, command, respond, client }) => {
    await ack();
    const userGroupIds = servicesNeedUserGroups(Object.values(deps.trace.services))
      ? ((await deps.userGroupsOf?.(command.user_id)) ?? [])
      : [];
    // Usage problems and services this channel or user may not query come back before any query runs.
    const args = parseTraceArgs(command.text);
    const requester = { channelId: command.channel_id, userGroupIds };
    const plan = args.ok ? planTrace(deps.trace, { ...args.value, requester }) : args;
    if (!plan.ok) {
      await respond({ response_type: "ephemeral", text: `:warning: ${plan.error.message}` });
      return;
    }
    const channel = command.channel_id;
    const working = buildTraceAnswer(initialTraceState(plan.value));
    let ts: string | undefined;
    try {
      ts = (await client.chat.postMessage({ channel, text: working.text, blocks: working.blocks })).ts;
    } catch (e) {
      if (!NO_ACCESS.has(slackErrorCode(e) ?? "")) throw e;
    }

    const update = async (message: TraceMessage): Promise<void> => {
      if (ts === undefined) return;
      try {
        await client.chat.update({ channel, ts, text: message.text, blocks: message.blocks });
      } catch (e) {
        deps.logger.warn({ err: e, channel }, "could not update the /trace message");
      }
    };
    const updates = throttledUpdates((state) => update(buildTraceAnswer(state)), intervalMs, deps.trace);
    const final = await executeTrace(deps.trace, plan.value, (state) => updates.push(state));

    if (ts === undefined) {
      const answer = buildTraceAnswer(final, { canUpload: false });
      await respond({ response_type: "in_channel", text: answer.text, blocks: answer.blocks });
      return;
    }
    const answer = buildTraceAnswer(final);
    await updates.finish(() => update(answer));
    if (answer.upload === undefined) return;
    try {
      await client.filesUploadV2({
        channel_id: channel,
        thread_ts: ts,
        filename: answer.upload.filename,
        title: answer.upload.title,
        content: answer.upload.content,
      });
    } catch (e) {
      deps.logger.warn({ err: e, channel }, "could not upload the /trace timeline file");
    }
  });
}
