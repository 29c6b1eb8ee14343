import { createHash } from "node:crypto";
import type { Clock } from "../../shared/clock.js";
import { type BlockActionInput, buildActions } from "./block-action-payload.js";
import { publicMessage } from "./chat-methods.js";
import type { EmulatorState } from "./emulator-state.js";
import { EMULATOR_IDENTITY, type JsonObject } from "./emulator-types.js";
import type { ResponseUrls } from "./response-urls.js";
import { signSlackRequest } from "./sign-slack-request.js";

/** What the emulator needs to act as Slack towards the bot. */
export interface BotRequestDeps {
  readonly state: EmulatorState;
  readonly responseUrls: ResponseUrls;
  readonly clock: Clock;
  readonly signingSecret: string;
  readonly baseUrl: string;
  readonly botEndpoint: string | undefined;
  readonly selections: Map<string, JsonObject>;
}

/** A slash command as a user would type it in a channel. */
export interface SlashCommandInput {
  readonly command: string;
  readonly text: string;
  readonly channelId: string;
  readonly userId: string;
  readonly userName?: string;
}

/** A click or tick on a message the bot posted. */
export interface BlockActionRequest {
  readonly channelId: string;
  readonly userId: string;
  readonly messageTs: string;
  readonly actions: readonly BlockActionInput[];
  readonly threadTs?: string;
  readonly userName?: string;
}

/** The bot's HTTP answer, plus the ids minted for the request so tests can follow up. */
export interface BotAnswer {
  readonly status: number;
  readonly body: string;
  readonly elapsedMs: number;
  readonly responseId: string;
  readonly triggerId: string;
}

function triggerId(deps: BotRequestDeps): string {
  const id = deps.state.nextId();
  return `${deps.clock().getTime()}.${id}.${createHash("md5").update(id).digest("hex")}`;
}

async function postSigned(
  deps: BotRequestDeps,
  rawBody: string,
  contentType = "application/x-www-form-urlencoded",
): Promise<{ status: number; body: string; elapsedMs: number }> {
  if (deps.botEndpoint === undefined) {
    throw new Error(
      "Slack emulator: no bot endpoint set; pass botEndpoint or call setBotEndpoint(url) first",
    );
  }
  const timestamp = Math.floor(deps.clock().getTime() / 1000);
  const started = performance.now();
  const response = await fetch(deps.botEndpoint, {
    method: "POST",
    headers: {
      "content-type": contentType,
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": signSlackRequest(deps.signingSecret, timestamp, rawBody),
    },
    body: rawBody,
  });
  const body = await response.text();
  return { status: response.status, body, elapsedMs: performance.now() - started };
}

function ensureUser(state: EmulatorState, userId: string, userName: string | undefined): string {
  const existing = state.user(userId);
  if (existing !== undefined && userName === undefined) return existing.name;
  return state.addUser({ id: userId, name: userName ?? existing?.name ?? userId.toLowerCase() }).name;
}

/** Slack treats a JSON body in the command's 200 answer as a message, and plain text as its `text`. */
function ackPayload(body: string): JsonObject | undefined {
  const trimmed = body.trim();
  if (trimmed === "") return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
      const payload = parsed as JsonObject;
      return payload.text === undefined && payload.blocks === undefined ? undefined : payload;
    }
  } catch {
    // Not JSON: Slack shows the plain text to the user.
  }
  return { text: trimmed };
}

/**
 * Sends a signed `application/x-www-form-urlencoded` slash command to the bot, with a `response_url` leading
 * back to the emulator and a fresh `trigger_id`. A message in the bot's HTTP answer is applied like Slack does.
 */
export async function sendSlashCommand(deps: BotRequestDeps, input: SlashCommandInput): Promise<BotAnswer> {
  const { state } = deps;
  const channel = state.ensureChannel(input.channelId);
  const userName = ensureUser(state, input.userId, input.userName);
  const responseId = deps.responseUrls.mint({
    origin: "slash_command",
    channel: channel.id,
    user: input.userId,
  });
  const trigger = triggerId(deps);
  const rawBody = new URLSearchParams({
    token: EMULATOR_IDENTITY.verificationToken,
    team_id: EMULATOR_IDENTITY.teamId,
    team_domain: EMULATOR_IDENTITY.teamDomain,
    channel_id: channel.id,
    channel_name: channel.name,
    user_id: input.userId,
    user_name: userName,
    command: input.command,
    text: input.text,
    api_app_id: EMULATOR_IDENTITY.appId,
    is_enterprise_install: "false",
    response_url: `${deps.baseUrl}/response/${responseId}`,
    trigger_id: trigger,
  }).toString();
  const answer = await postSigned(deps, rawBody);
  const payload = answer.status === 200 ? ackPayload(answer.body) : undefined;
  if (payload !== undefined) deps.responseUrls.deliver(responseId, payload, "ack");
  return { ...answer, responseId, triggerId: trigger };
}

/**
 * Sends a signed `payload=` form POST shaped like Slack's `block_actions` for a message in the emulator: the
 * message with its current blocks, `container`, `channel`, `state.values` for stateful elements and a
 * `response_url` whose `replace_original` edits that message. Throws when the message does not exist.
 */
export async function sendBlockAction(deps: BotRequestDeps, input: BlockActionRequest): Promise<BotAnswer> {
  const { state } = deps;
  const message = state.findMessage(input.channelId, input.messageTs);
  const channel = state.channel(input.channelId);
  if (message === undefined || channel === undefined) {
    throw new Error(`sendBlockAction: no message ${input.messageTs} in channel ${input.channelId}`);
  }
  const userName = ensureUser(state, input.userId, input.userName);
  const keyPrefix = `${channel.id}/${message.ts}`;
  const built = buildActions(message.blocks ?? [], input.actions, deps.selections, keyPrefix, state.nextTs());
  const responseId = deps.responseUrls.mint({
    origin: "block_actions",
    channel: channel.id,
    user: input.userId,
    messageTs: message.ts,
  });
  const trigger = triggerId(deps);
  const threadTs = input.threadTs ?? message.thread_ts;
  const payload = {
    type: "block_actions",
    user: { id: input.userId, username: userName, name: userName, team_id: EMULATOR_IDENTITY.teamId },
    api_app_id: EMULATOR_IDENTITY.appId,
    token: EMULATOR_IDENTITY.verificationToken,
    container: {
      type: "message",
      message_ts: message.ts,
      channel_id: channel.id,
      is_ephemeral: false,
      ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
    },
    trigger_id: trigger,
    team: { id: EMULATOR_IDENTITY.teamId, domain: EMULATOR_IDENTITY.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel.id, name: channel.name },
    message: publicMessage(message),
    state: { values: built.stateValues },
    response_url: `${deps.baseUrl}/response/${responseId}`,
    actions: built.actions,
  };
  const rawBody = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const answer = await postSigned(deps, rawBody);
  return { ...answer, responseId, triggerId: trigger };
}

/**
 * Sends a signed Events API `event_callback` carrying `app_home_opened` for the user's Home tab, as Slack does when
 * someone opens the app's Home.
 */
export async function sendAppHomeOpened(
  deps: BotRequestDeps,
  userId: string,
): Promise<{ status: number; body: string; elapsedMs: number }> {
  ensureUser(deps.state, userId, undefined);
  const now = deps.clock().getTime();
  const rawBody = JSON.stringify({
    token: EMULATOR_IDENTITY.verificationToken,
    team_id: EMULATOR_IDENTITY.teamId,
    api_app_id: EMULATOR_IDENTITY.appId,
    type: "event_callback",
    event_id: `Ev${deps.state.nextId()}`,
    event_time: Math.floor(now / 1000),
    event: {
      type: "app_home_opened",
      user: userId,
      channel: `D${userId.slice(1)}`,
      tab: "home",
      event_ts: `${Math.floor(now / 1000)}.000100`,
    },
  });
  return postSigned(deps, rawBody, "application/json");
}
