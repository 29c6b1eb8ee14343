import { EMULATOR_IDENTITY, type EmulatorMessage, type JsonObject } from "./emulator-types.js";
import {
  errorBody,
  jsonArg,
  type MethodContext,
  type MethodHandler,
  okBody,
  presentArg,
  stringArg,
} from "./method-args.js";
import { validateBlocks } from "./validate-blocks.js";

const MAX_TEXT = 40_000;

/** A message as the Web API returns it (no `channel` field inside the message object). */
export function publicMessage(message: EmulatorMessage): JsonObject {
  const { channel: _channel, ...rest } = message;
  return { ...rest, team: EMULATOR_IDENTITY.teamId };
}

type Content =
  | { readonly ok: true; readonly text: string; readonly blocks: JsonObject[] | undefined }
  | { readonly ok: false; readonly body: JsonObject };

/** Validates `text`/`blocks` together as Slack does: one of them required, Block Kit limits, length cap. */
function readContent(args: JsonObject, requireContent: boolean): Content {
  const text = stringArg(args, "text") ?? "";
  const check = validateBlocks(args.blocks);
  if (!check.ok) {
    const messages = check.errors.map((e) => `[ERROR] ${e}`);
    return {
      ok: false,
      body: errorBody(check.error, { errors: check.errors, response_metadata: { messages } }),
    };
  }
  const hasBlocks = (check.blocks?.length ?? 0) > 0;
  if (requireContent && text === "" && !hasBlocks && args.attachments === undefined) {
    return { ok: false, body: errorBody("no_text") };
  }
  if (text.length > MAX_TEXT) return { ok: false, body: errorBody("msg_too_long") };
  return { ok: true, text, blocks: check.blocks };
}

function metadataOf(args: JsonObject): JsonObject | undefined {
  const value = jsonArg(args, "metadata");
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
}

const postMessage: MethodHandler = (args, { state }) => {
  const channelArg = presentArg(args, "channel");
  if (channelArg === undefined) return errorBody("channel_not_found");
  const content = readContent(args, true);
  if (!content.ok) return content.body;
  const channel = state.ensureChannel(channelArg);
  const threadTs = presentArg(args, "thread_ts");
  if (threadTs !== undefined && state.findMessage(channel.id, threadTs) === undefined) {
    return errorBody("thread_not_found");
  }
  const metadata = metadataOf(args);
  const message = state.postMessage(channel.id, {
    user: EMULATOR_IDENTITY.botUserId,
    text: content.text,
    fromBot: true,
    ...(content.blocks === undefined ? {} : { blocks: content.blocks }),
    ...(threadTs === undefined ? {} : { threadTs }),
    ...(metadata === undefined ? {} : { metadata }),
  });
  return okBody({ channel: channel.id, ts: message.ts, message: publicMessage(message) });
};

const update: MethodHandler = (args, { state }) => {
  const channel = presentArg(args, "channel") ?? "";
  const ts = presentArg(args, "ts") ?? "";
  const existing = state.findMessage(channel, ts);
  if (existing === undefined) return errorBody("message_not_found");
  if (existing.bot_id !== EMULATOR_IDENTITY.botId) return errorBody("cant_update_message");
  const content = readContent(args, args.blocks === undefined);
  if (!content.ok) return content.body;
  const message = state.updateMessage(channel, ts, {
    ...(args.text === undefined ? {} : { text: content.text }),
    ...(content.blocks === undefined ? {} : { blocks: content.blocks }),
  });
  return okBody({ channel, ts, text: message.text, message: publicMessage(message) });
};

const deleteMessage: MethodHandler = (args, { state }) => {
  const channel = presentArg(args, "channel") ?? "";
  const ts = presentArg(args, "ts") ?? "";
  const existing = state.findMessage(channel, ts);
  if (existing === undefined) return errorBody("message_not_found");
  if (existing.bot_id !== EMULATOR_IDENTITY.botId) return errorBody("cant_delete_message");
  state.deleteMessage(channel, ts);
  return okBody({ channel, ts });
};

const postEphemeral: MethodHandler = (args, { state }) => {
  const channelArg = presentArg(args, "channel");
  if (channelArg === undefined) return errorBody("channel_not_found");
  const user = presentArg(args, "user");
  if (user === undefined) return errorBody("user_not_found");
  const content = readContent(args, true);
  if (!content.ok) return content.body;
  const channel = state.ensureChannel(channelArg);
  const threadTs = presentArg(args, "thread_ts");
  const ts = state.nextTs();
  state.addEphemeral({
    channel: channel.id,
    user,
    ts,
    text: content.text,
    source: "chat.postEphemeral",
    ...(content.blocks === undefined ? {} : { blocks: content.blocks }),
    ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
  });
  return okBody({ message_ts: ts });
};

/** Permalink in Slack's shape (`/archives/<channel>/p<ts without dot>`, thread replies carry `thread_ts`). */
export function permalinkFor(ctx: MethodContext, message: EmulatorMessage): string {
  const base = `${ctx.baseUrl}/archives/${message.channel}/p${message.ts.replace(".", "")}`;
  if (message.thread_ts === undefined || message.thread_ts === message.ts) return base;
  return `${base}?thread_ts=${message.thread_ts}&cid=${message.channel}`;
}

const getPermalink: MethodHandler = (args, ctx) => {
  const channel = presentArg(args, "channel") ?? "";
  if (ctx.state.channel(channel) === undefined) return errorBody("channel_not_found");
  const message = ctx.state.findMessage(channel, presentArg(args, "message_ts") ?? "");
  if (message === undefined) return errorBody("message_not_found");
  return okBody({ channel, permalink: permalinkFor(ctx, message) });
};

/** The `chat.*` methods of the emulator. */
export const chatMethods: Readonly<Record<string, MethodHandler>> = {
  "chat.postMessage": postMessage,
  "chat.update": update,
  "chat.delete": deleteMessage,
  "chat.postEphemeral": postEphemeral,
  "chat.getPermalink": getPermalink,
};
