/** A parsed JSON object, as request arguments and Block Kit blocks arrive. */
export type JsonObject = Record<string, unknown>;

/** The fixed identity of the emulated workspace and the bot installed in it. */
export const EMULATOR_IDENTITY = {
  teamId: "T0EMULATOR",
  teamDomain: "klaxon-playground",
  botUserId: "U0KLAXONBOT",
  botUserName: "klaxon",
  botId: "B0KLAXON",
  appId: "A0KLAXON",
  verificationToken: "emulator-verification-token",
} as const;

/** A file as listed on a message (`files:[…]`) and returned by `files.completeUploadExternal`. */
export interface EmulatorFile {
  readonly id: string;
  readonly name: string;
  readonly title: string;
  readonly mimetype: string;
  readonly size: number;
  readonly url_private: string;
}

/** One stored message: top-level or thread reply, as Slack returns it from history/replies. */
export interface EmulatorMessage {
  type: "message";
  channel: string;
  ts: string;
  user: string;
  text: string;
  blocks?: JsonObject[];
  bot_id?: string;
  app_id?: string;
  subtype?: string;
  thread_ts?: string;
  parent_user_id?: string;
  reply_count?: number;
  latest_reply?: string;
  reply_users?: string[];
  files?: EmulatorFile[];
  metadata?: JsonObject;
  edited?: { user: string; ts: string };
}

/** A top-level message together with its thread replies, oldest first. */
export interface TopLevelMessage extends EmulatorMessage {
  readonly replies: EmulatorMessage[];
}

/** A channel of the emulated workspace. */
export interface EmulatorChannel {
  readonly id: string;
  readonly name: string;
  readonly is_channel: true;
  readonly is_private: false;
  readonly is_archived: false;
  readonly created: number;
  is_member: boolean;
}

/** An ephemeral message: visible to one user only, never in history. */
export interface EphemeralMessage {
  readonly channel: string;
  readonly user: string;
  readonly ts: string;
  readonly text: string;
  readonly blocks?: JsonObject[];
  readonly thread_ts?: string;
  readonly source: "chat.postEphemeral" | "response_url" | "ack";
}

/** A user of the emulated workspace. */
export interface EmulatorUser {
  readonly id: string;
  readonly name: string;
  readonly realName: string;
  readonly isBot: boolean;
}

/** One HTTP call the emulator received, kept so tests can count and inspect calls (rejected ones included). */
export interface RecordedCall {
  readonly method: string;
  readonly args: JsonObject;
  readonly at: Date;
  readonly status: number;
  readonly ok: boolean;
  readonly error?: string;
}

/** What the bot sent back for a slash command or block action: through `response_url` or in its HTTP ack. */
export interface RecordedResponse {
  readonly id: string;
  readonly at: Date;
  readonly source: "response_url" | "ack";
  readonly origin: "slash_command" | "block_actions";
  readonly channel: string;
  readonly user: string;
  readonly response_type: "in_channel" | "ephemeral";
  readonly text?: string;
  readonly blocks?: JsonObject[];
  readonly replace_original: boolean;
  readonly delete_original: boolean;
  readonly thread_ts?: string;
}

/** A change notification for live views (the playground page). */
export type EmulatorChange =
  | { readonly type: "call"; readonly call: RecordedCall }
  | { readonly type: "channel_created"; readonly channel: EmulatorChannel }
  | { readonly type: "message"; readonly message: EmulatorMessage }
  | { readonly type: "message_changed"; readonly message: EmulatorMessage }
  | { readonly type: "message_deleted"; readonly channel: string; readonly ts: string }
  | { readonly type: "ephemeral"; readonly message: EphemeralMessage }
  | { readonly type: "response"; readonly response: RecordedResponse }
  | { readonly type: "home_view"; readonly userId: string; readonly view: JsonObject };
