import type { ServerResponse } from "node:http";
import type { Clock } from "../../shared/clock.js";
import type { SlackEmulator } from "../slack-emulator/slack-emulator.js";
import { withFreshStateTime } from "./fresh-alarm.js";
import { describeFailure, sendError, sendJson } from "./playground-http.js";
import { parseActionRequest, parseAlarmRequest, parseCommandRequest } from "./playground-requests.js";
import { findElement, type SelectionMemory } from "./playground-state.js";

/** What the command, action and alarm handlers need. */
export interface HandlerDeps {
  readonly emulator: SlackEmulator;
  readonly fireAlarm: (alarmMessage: object) => Promise<{ ok: boolean; detail: string }>;
  readonly sampleAlarms: readonly { readonly name: string; readonly alarm: object; readonly ok: object }[];
  readonly userId: string;
  readonly clock: Clock;
  readonly selections: SelectionMemory;
}

type BlockActionInput = Parameters<SlackEmulator["sendBlockAction"]>[0]["actions"][number];

const ELEMENT_KINDS: Readonly<Record<string, "button" | "checkboxes" | "select">> = {
  button: "button",
  checkboxes: "checkboxes",
  static_select: "select",
  overflow: "select",
  radio_buttons: "select",
};

function botAnswerBody(answer: { status: number; body: string; elapsedMs: number }): object {
  const ok = answer.status === 200;
  const snippet = answer.body.replace(/\s+/g, " ").trim().slice(0, 200);
  return {
    ok,
    status: answer.status,
    elapsedMs: Math.round(answer.elapsedMs),
    detail: ok
      ? `the bot answered in ${Math.round(answer.elapsedMs)} ms`
      : `the bot answered HTTP ${answer.status}${snippet === "" ? "" : `: ${snippet}`}`,
  };
}

/** `POST /playground/command`: forwards a typed slash command to the bot as a signed Slack request. */
export async function handleCommand(deps: HandlerDeps, raw: string, res: ServerResponse): Promise<void> {
  const request = parseCommandRequest(raw);
  if (!request.ok) return sendError(res, 400, request.error);
  const { channelId, command, text } = request.value;
  if (command === "/home") {
    // Not a Slack command: the playground's way to open klaxon's App Home tab (sends `app_home_opened`).
    try {
      const answer = await deps.emulator.openAppHome(deps.userId);
      sendJson(res, 200, botAnswerBody({ ...answer, elapsedMs: 0 }));
    } catch (error) {
      sendError(res, 502, `could not open the App Home: ${describeFailure(error)}`);
    }
    return;
  }
  try {
    const answer = await deps.emulator.sendSlashCommand({ command, text, channelId, userId: deps.userId });
    sendJson(res, 200, botAnswerBody(answer));
  } catch (error) {
    sendError(res, 502, `could not deliver ${command} to the bot: ${describeFailure(error)}`);
  }
}

/**
 * `POST /playground/action`: checks the message and element exist (and that the element is what the page
 * says it clicked), then has the emulator send Slack's `block_actions` payload with the message's current
 * blocks; the emulator fills `actions` and `state.values`.
 */
export async function handleAction(deps: HandlerDeps, raw: string, res: ServerResponse): Promise<void> {
  const request = parseActionRequest(raw);
  if (!request.ok) return sendError(res, 400, request.error);
  const action = request.value;
  const message = deps.emulator.findMessage(action.channelId, action.messageTs);
  if (message === undefined) {
    return sendError(
      res,
      404,
      `no message ${action.messageTs} in channel ${action.channelId}; reload the page`,
    );
  }
  const found = findElement(message.blocks ?? [], action.actionId, action.blockId);
  if (found === undefined) {
    return sendError(res, 400, `actionId: the message has no element with action_id "${action.actionId}"`);
  }
  const kind = ELEMENT_KINDS[String(found.element.type)];
  if (kind !== action.kind) {
    return sendError(
      res,
      400,
      `kind: "${action.actionId}" is a ${String(found.element.type)}, not a ${action.kind}`,
    );
  }
  const input: BlockActionInput = {
    action_id: action.actionId,
    ...(action.blockId === undefined ? {} : { block_id: action.blockId }),
    ...(action.selectedValues === undefined ? {} : { selected_values: action.selectedValues }),
    ...(action.selectedOptionValue === undefined
      ? {}
      : { selected_option_value: action.selectedOptionValue }),
  };
  // The emulator remembers a selection before it calls the bot, whatever the bot answers; so does the page.
  const chosen =
    action.selectedValues ??
    (action.selectedOptionValue === undefined ? undefined : [action.selectedOptionValue]);
  if (chosen !== undefined) {
    deps.selections.remember(message.channel, message.ts, found.blockId, action.actionId, chosen);
  }
  try {
    const answer = await deps.emulator.sendBlockAction({
      channelId: message.channel,
      messageTs: message.ts,
      userId: deps.userId,
      actions: [input],
    });
    sendJson(res, 200, botAnswerBody(answer));
  } catch (error) {
    sendError(res, 502, `could not deliver the click to the bot: ${describeFailure(error)}`);
  }
}

/**
 * `POST /playground/alarm`: fires a sample's ALARM or OK payload into the bot, stamped with the current time
 * so each click is a fresh state change.
 */
export async function handleAlarm(deps: HandlerDeps, raw: string, res: ServerResponse): Promise<void> {
  const request = parseAlarmRequest(raw);
  if (!request.ok) return sendError(res, 400, request.error);
  const sample = deps.sampleAlarms.find((s) => s.name === request.value.name);
  if (sample === undefined) {
    const names = deps.sampleAlarms.map((s) => `"${s.name}"`).join(", ");
    return sendError(
      res,
      400,
      `name: no sample alarm "${request.value.name}"; expected one of ${names || "(none)"}`,
    );
  }
  const payload = withFreshStateTime(
    request.value.state === "ALARM" ? sample.alarm : sample.ok,
    deps.clock(),
  );
  try {
    const result = await deps.fireAlarm(payload);
    sendJson(res, 200, { ok: result.ok, detail: result.detail });
  } catch (error) {
    sendError(res, 500, `firing "${sample.name}" failed: ${describeFailure(error)}`);
  }
}
