import { publicMessage } from "./chat-methods.js";
import {
  EMULATOR_IDENTITY,
  type EmulatorChannel,
  type EmulatorMessage,
  type EmulatorUser,
  type JsonObject,
} from "./emulator-types.js";
import { boolArg, errorBody, intArg, type MethodHandler, okBody, presentArg } from "./method-args.js";

function encodeCursor(offset: number): string {
  return Buffer.from(`next_offset:${offset}`).toString("base64");
}

function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const match = /^next_offset:(\d+)$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
  return match?.[1] === undefined ? 0 : Number.parseInt(match[1], 10);
}

/** One page of a list plus Slack's cursor envelope. */
function paginate<T>(items: readonly T[], args: JsonObject, defaultLimit: number) {
  const offset = decodeCursor(presentArg(args, "cursor"));
  const limit = Math.max(1, Math.min(intArg(args, "limit", defaultLimit), 1000));
  const page = items.slice(offset, offset + limit);
  const hasMore = offset + limit < items.length;
  return {
    page,
    hasMore,
    response_metadata: { next_cursor: hasMore ? encodeCursor(offset + limit) : "" },
  };
}

function channelInfo(channel: EmulatorChannel): JsonObject {
  return { ...channel, is_group: false, is_im: false, name_normalized: channel.name };
}

/** Slack hides metadata payloads unless the reader asks for `include_all_metadata`. */
function forReader(message: EmulatorMessage, includeMetadata: boolean): JsonObject {
  const body = publicMessage(message);
  if (message.metadata !== undefined && !includeMetadata) {
    body.metadata = { event_type: message.metadata.event_type };
  }
  return body;
}

function inRange(ts: string, args: JsonObject): boolean {
  const value = Number(ts);
  const inclusive = boolArg(args, "inclusive");
  const oldest = presentArg(args, "oldest");
  const latest = presentArg(args, "latest");
  if (oldest !== undefined && (inclusive ? value < Number(oldest) : value <= Number(oldest))) return false;
  if (latest !== undefined && (inclusive ? value > Number(latest) : value >= Number(latest))) return false;
  return true;
}

function userInfo(user: EmulatorUser): JsonObject {
  return {
    id: user.id,
    team_id: EMULATOR_IDENTITY.teamId,
    name: user.name,
    real_name: user.realName,
    deleted: false,
    is_bot: user.isBot,
    tz: "Etc/UTC",
    tz_offset: 0,
    profile: { real_name: user.realName, display_name: user.name },
  };
}

const authTest: MethodHandler = (_args, { baseUrl }) =>
  okBody({
    url: `${baseUrl}/`,
    team: "Klaxon Playground",
    user: EMULATOR_IDENTITY.botUserName,
    team_id: EMULATOR_IDENTITY.teamId,
    user_id: EMULATOR_IDENTITY.botUserId,
    bot_id: EMULATOR_IDENTITY.botId,
    is_enterprise_install: false,
  });

const list: MethodHandler = (args, { state }) => {
  const { page, response_metadata } = paginate(state.channels(), args, 100);
  return okBody({ channels: page.map(channelInfo), response_metadata });
};

const info: MethodHandler = (args, { state }) => {
  const channel = state.channel(presentArg(args, "channel") ?? "");
  return channel === undefined ? errorBody("channel_not_found") : okBody({ channel: channelInfo(channel) });
};

const join: MethodHandler = (args, { state }) => {
  const channel = state.channel(presentArg(args, "channel") ?? "");
  if (channel === undefined) return errorBody("channel_not_found");
  const alreadyMember = channel.is_member;
  channel.is_member = true;
  const warning = alreadyMember ? { warning: "already_in_channel" } : {};
  return okBody({ channel: channelInfo(channel), ...warning });
};

const history: MethodHandler = (args, { state }) => {
  const channelId = presentArg(args, "channel") ?? "";
  if (state.channel(channelId) === undefined) return errorBody("channel_not_found");
  const includeMetadata = boolArg(args, "include_all_metadata");
  const newestFirst = state
    .topLevel(channelId)
    .map(({ replies: _replies, ...message }) => message)
    .filter((m) => inRange(m.ts, args))
    .reverse();
  const { page, hasMore, response_metadata } = paginate(newestFirst, args, 100);
  return okBody({
    messages: page.map((m) => forReader(m, includeMetadata)),
    has_more: hasMore,
    pin_count: 0,
    response_metadata,
  });
};

const replies: MethodHandler = (args, { state }) => {
  const channelId = presentArg(args, "channel") ?? "";
  if (state.channel(channelId) === undefined) return errorBody("channel_not_found");
  const thread = state.thread(channelId, presentArg(args, "ts") ?? "");
  if (thread.length === 0) return errorBody("thread_not_found");
  const includeMetadata = boolArg(args, "include_all_metadata");
  const { page, hasMore, response_metadata } = paginate(
    thread.filter((m, i) => i === 0 || inRange(m.ts, args)),
    args,
    1000,
  );
  return okBody({
    messages: page.map((m) => forReader(m, includeMetadata)),
    has_more: hasMore,
    response_metadata,
  });
};

const usersInfo: MethodHandler = (args, { state }) => {
  const user = state.user(presentArg(args, "user") ?? "");
  return user === undefined ? errorBody("user_not_found") : okBody({ user: userInfo(user) });
};

const usergroupUsers: MethodHandler = (args, { state }) => {
  const users = state.userGroup(presentArg(args, "usergroup") ?? "");
  return users === undefined ? errorBody("no_such_subteam") : okBody({ users });
};

const usergroupsList: MethodHandler = (args, { state }) => {
  const withUsers = boolArg(args, "include_users");
  return okBody({
    usergroups: state.userGroups().map((g) => ({ id: g.id, ...(withUsers && { users: g.users }) })),
  });
};

/** `auth.test`, `conversations.*`, `users.info`, `usergroups.list` and `usergroups.users.list`. */
export const conversationMethods: Readonly<Record<string, MethodHandler>> = {
  "auth.test": authTest,
  "conversations.list": list,
  "conversations.info": info,
  "conversations.join": join,
  "conversations.history": history,
  "conversations.replies": replies,
  "users.info": usersInfo,
  "usergroups.users.list": usergroupUsers,
  "usergroups.list": usergroupsList,
};
