import type { Clock } from "../../shared/clock.js";
import {
  EMULATOR_IDENTITY,
  type EmulatorChange,
  type EmulatorChannel,
  type EmulatorFile,
  type EmulatorMessage,
  type EmulatorUser,
  type EphemeralMessage,
  type JsonObject,
  type TopLevelMessage,
} from "./emulator-types.js";

/** Fields a new message may carry; the state fills in ts, channel and thread bookkeeping. */
export interface NewMessage {
  readonly user: string;
  readonly text: string;
  readonly blocks?: JsonObject[];
  readonly threadTs?: string;
  readonly files?: EmulatorFile[];
  readonly metadata?: JsonObject;
  readonly fromBot: boolean;
}

/** An uploaded (or announced) file and its bytes, once the upload POST arrived. */
export interface StoredFile {
  readonly file: EmulatorFile;
  content?: Buffer;
}

const SLACK_ID = /^[CGD][A-Z0-9]{2,}$/;

/**
 * The in-memory workspace of the Slack emulator: channels, messages with threads, ephemeral messages, users,
 * user groups and files. Timestamps are unique and increasing (`seconds.micros`) and derive from the injected
 * clock, so a frozen test clock still yields distinct, ordered `ts` values like Slack's.
 */
export class EmulatorState {
  private readonly channelsById = new Map<string, EmulatorChannel>();
  private readonly messagesByChannel = new Map<string, EmulatorMessage[]>();
  private readonly ephemerals: EphemeralMessage[] = [];
  private readonly users = new Map<string, EmulatorUser>();
  private readonly usergroups = new Map<string, string[]>();
  private readonly homeViews = new Map<string, JsonObject>();
  private readonly files = new Map<string, StoredFile>();
  private lastMicros = 0;
  private counter = 0;

  constructor(
    private readonly clock: Clock,
    private readonly emit: (change: EmulatorChange) => void,
  ) {
    this.addUser({ id: EMULATOR_IDENTITY.botUserId, name: EMULATOR_IDENTITY.botUserName, isBot: true });
  }

  /** A unique, strictly increasing Slack timestamp. */
  nextTs(): string {
    this.lastMicros = Math.max(this.clock().getTime() * 1000, this.lastMicros + 1);
    const seconds = Math.floor(this.lastMicros / 1_000_000);
    return `${seconds}.${String(this.lastMicros % 1_000_000).padStart(6, "0")}`;
  }

  /** A fresh opaque suffix for ids (file ids, response ids, trigger ids). */
  nextId(): string {
    this.counter += 1;
    return this.counter.toString(36).toUpperCase().padStart(6, "0");
  }

  channels(): EmulatorChannel[] {
    return [...this.channelsById.values()];
  }

  channel(id: string): EmulatorChannel | undefined {
    return this.channelsById.get(id);
  }

  /** Finds a channel by id, `#name` or bare name, creating it on first use as Slack playgrounds expect. */
  ensureChannel(idOrName: string): EmulatorChannel {
    const existing = this.findChannel(idOrName);
    if (existing !== undefined) return existing;
    if (SLACK_ID.test(idOrName)) return this.createChannel(this.channelNameFor(idOrName), idOrName);
    return this.createChannel(this.channelNameFor(idOrName));
  }

  /** The existing channel an id, `#name` or bare name refers to. */
  findChannel(idOrName: string): EmulatorChannel | undefined {
    return this.channelsById.get(idOrName) ?? this.byName(idOrName.replace(/^#/, ""));
  }

  /** The name of the channel `idOrName` refers to, whether or not it exists yet (a stable per-channel key). */
  channelNameFor(idOrName: string): string {
    const existing = this.findChannel(idOrName);
    if (existing !== undefined) return existing.name;
    return SLACK_ID.test(idOrName) ? idOrName.toLowerCase() : idOrName.replace(/^#/, "");
  }

  createChannel(name: string, id = `C0EMU${this.nextId()}`): EmulatorChannel {
    const channel: EmulatorChannel = {
      id,
      name,
      is_channel: true,
      is_private: false,
      is_archived: false,
      created: Math.floor(this.clock().getTime() / 1000),
      is_member: true,
    };
    this.channelsById.set(id, channel);
    this.messagesByChannel.set(id, []);
    this.emit({ type: "channel_created", channel });
    return channel;
  }

  private byName(name: string): EmulatorChannel | undefined {
    return [...this.channelsById.values()].find((c) => c.name === name);
  }

  /** Stores a message; a reply also updates its parent's `reply_count`, `latest_reply` and `reply_users`. */
  postMessage(channelId: string, input: NewMessage): EmulatorMessage {
    const list = this.messagesByChannel.get(channelId) ?? [];
    this.messagesByChannel.set(channelId, list);
    const ts = this.nextTs();
    const message: EmulatorMessage = {
      type: "message",
      channel: channelId,
      ts,
      user: input.user,
      text: input.text,
    };
    if (input.blocks !== undefined) message.blocks = input.blocks;
    if (input.files !== undefined) message.files = input.files;
    if (input.metadata !== undefined) message.metadata = input.metadata;
    if (input.fromBot) {
      message.bot_id = EMULATOR_IDENTITY.botId;
      message.app_id = EMULATOR_IDENTITY.appId;
    }
    const parent = input.threadTs === undefined ? undefined : this.findMessage(channelId, input.threadTs);
    if (parent !== undefined) {
      const root = parent.thread_ts !== undefined ? this.findMessage(channelId, parent.thread_ts) : parent;
      const threadRoot = root ?? parent;
      threadRoot.thread_ts = threadRoot.ts;
      threadRoot.reply_count = (threadRoot.reply_count ?? 0) + 1;
      threadRoot.latest_reply = ts;
      threadRoot.reply_users = [...new Set([...(threadRoot.reply_users ?? []), input.user])];
      message.thread_ts = threadRoot.ts;
      message.parent_user_id = threadRoot.user;
    }
    list.push(message);
    this.emit({ type: "message", message });
    return message;
  }

  findMessage(channelId: string, ts: string): EmulatorMessage | undefined {
    return this.messagesByChannel.get(channelId)?.find((m) => m.ts === ts);
  }

  /** Replaces text and, when given, blocks (Slack keeps the old blocks when `blocks` is omitted). */
  updateMessage(
    channelId: string,
    ts: string,
    patch: { text?: string; blocks?: JsonObject[] },
  ): EmulatorMessage {
    const message = this.findMessage(channelId, ts);
    if (message === undefined) throw new Error(`no message ${ts} in ${channelId}`);
    if (patch.text !== undefined) message.text = patch.text;
    if (patch.blocks !== undefined) message.blocks = patch.blocks;
    message.edited = { user: message.user, ts: this.nextTs() };
    this.emit({ type: "message_changed", message });
    return message;
  }

  deleteMessage(channelId: string, ts: string): boolean {
    const list = this.messagesByChannel.get(channelId);
    const index = list?.findIndex((m) => m.ts === ts) ?? -1;
    if (list === undefined || index < 0) return false;
    list.splice(index, 1);
    this.emit({ type: "message_deleted", channel: channelId, ts });
    return true;
  }

  /** Top-level messages of a channel, oldest first, each with its replies. */
  topLevel(channelId: string): TopLevelMessage[] {
    const all = this.messagesByChannel.get(channelId) ?? [];
    return all
      .filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts)
      .map((m) => ({ ...m, replies: all.filter((r) => r.thread_ts === m.ts && r.ts !== m.ts) }));
  }

  /** The parent followed by its replies, oldest first; empty when the parent does not exist. */
  thread(channelId: string, ts: string): EmulatorMessage[] {
    const all = this.messagesByChannel.get(channelId) ?? [];
    const parent = all.find((m) => m.ts === ts);
    if (parent === undefined) return [];
    return [parent, ...all.filter((m) => m.thread_ts === ts && m.ts !== ts)];
  }

  addEphemeral(message: EphemeralMessage): void {
    this.ephemerals.push(message);
    this.emit({ type: "ephemeral", message });
  }

  ephemeralMessages(channelId?: string): EphemeralMessage[] {
    return this.ephemerals.filter((m) => channelId === undefined || m.channel === channelId);
  }

  addUser(user: { id: string; name: string; realName?: string; isBot?: boolean }): EmulatorUser {
    const stored: EmulatorUser = {
      id: user.id,
      name: user.name,
      realName: user.realName ?? user.name,
      isBot: user.isBot ?? false,
    };
    this.users.set(user.id, stored);
    return stored;
  }

  user(id: string): EmulatorUser | undefined {
    return this.users.get(id);
  }

  setUserGroup(id: string, userIds: readonly string[]): void {
    this.usergroups.set(id, [...userIds]);
  }

  userGroup(id: string): string[] | undefined {
    return this.usergroups.get(id);
  }

  /** Records the Home tab a user sees (`views.publish`). */
  setHomeView(userId: string, view: JsonObject): void {
    this.homeViews.set(userId, view);
    this.emit({ type: "home_view", userId, view });
  }

  homeView(userId: string): JsonObject | undefined {
    return this.homeViews.get(userId);
  }

  /** Every user group with its members, for `usergroups.list`. */
  userGroups(): { id: string; users: string[] }[] {
    return [...this.usergroups].map(([id, users]) => ({ id, users: [...users] }));
  }

  addFile(file: EmulatorFile): StoredFile {
    const stored: StoredFile = { file };
    this.files.set(file.id, stored);
    return stored;
  }

  file(id: string): StoredFile | undefined {
    return this.files.get(id);
  }
}
