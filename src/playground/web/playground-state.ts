import type {
  EmulatorFile,
  EmulatorMessage,
  EphemeralMessage,
  JsonObject,
  RecordedResponse,
} from "../slack-emulator/emulator-types.js";
import type { SlackEmulator } from "../slack-emulator/slack-emulator.js";

/** Selections the page's user made, per block id and action id: ticked checkbox values or the chosen option. */
export type MessageSelections = Record<string, Record<string, readonly string[]>>;

/** A file on a message with the same-origin address the page links to. */
export interface FileView extends EmulatorFile {
  readonly playground_url: string;
}

/** A message as the page renders it. */
export interface MessageView extends Omit<EmulatorMessage, "files"> {
  files?: FileView[];
  selections?: MessageSelections;
}

/** A top-level message with its replies. */
export interface TopLevelView extends MessageView {
  readonly replies: MessageView[];
}

/** One channel with everything the page's user can see in it. */
export interface ChannelView {
  readonly id: string;
  readonly name: string;
  readonly messages: TopLevelView[];
  readonly ephemerals: EphemeralMessage[];
}

/** The whole `GET /playground/state` answer. */
export interface PlaygroundState {
  readonly userId: string;
  readonly botUserId: string;
  readonly channels: ChannelView[];
  readonly responses: RecordedResponse[];
}

const MAX_RESPONSES = 50;

/**
 * What the page user ticked or chose, remembered per message so a re-render shows it. The emulator keeps the
 * same memory for the `state.values` it sends the bot, so the page and the bot agree on what is ticked.
 */
export class SelectionMemory {
  private readonly byMessage = new Map<string, MessageSelections>();

  remember(
    channelId: string,
    ts: string,
    blockId: string,
    actionId: string,
    values: readonly string[],
  ): void {
    const key = `${channelId}/${ts}`;
    const selections = this.byMessage.get(key) ?? {};
    selections[blockId] = { ...(selections[blockId] ?? {}), [actionId]: [...values] };
    this.byMessage.set(key, selections);
  }

  forMessage(channelId: string, ts: string): MessageSelections | undefined {
    return this.byMessage.get(`${channelId}/${ts}`);
  }
}

/** The same-origin path the page uses for a file's bytes. */
export function playgroundFileUrl(fileId: string): string {
  return `/playground/files/${encodeURIComponent(fileId)}`;
}

function messageView(message: EmulatorMessage, memory: SelectionMemory): MessageView {
  const { files, ...rest } = message;
  const selections = memory.forMessage(message.channel, message.ts);
  return {
    ...rest,
    ...(files === undefined
      ? {}
      : { files: files.map((f) => ({ ...f, playground_url: playgroundFileUrl(f.id) })) }),
    ...(selections === undefined ? {} : { selections }),
  };
}

/**
 * Builds the page's view of the emulated workspace: channels sorted by name, each with its top-level
 * messages and their thread replies, files linked through the playground, the ephemeral messages meant for
 * `userId`, and the latest responses the bot sent that user through `response_url` or its acks.
 */
export function playgroundState(
  emulator: SlackEmulator,
  userId: string,
  memory: SelectionMemory,
): PlaygroundState {
  const channels = emulator
    .channels()
    .slice()
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((channel) => ({
      id: channel.id,
      name: channel.name,
      messages: emulator.messages(channel.id).map((top) => ({
        ...messageView(top, memory),
        replies: top.replies.map((reply) => messageView(reply, memory)),
      })),
      ephemerals: emulator.ephemerals(channel.id).filter((e) => e.user === userId),
    }));
  // The App Home tab (after `/home` or a refresh) shows as a channel of its own with the view as one message.
  const home = emulator.homeView(userId);
  if (home !== undefined) {
    const blocks = Array.isArray(home.blocks) ? (home.blocks as JsonObject[]) : [];
    channels.unshift({
      id: "APPHOME",
      name: "klaxon-app-home",
      messages: [
        {
          type: "message",
          channel: "APPHOME",
          ts: "0.000001",
          user: emulator.botUserId,
          text: "klaxon App Home",
          blocks,
          bot_id: "BAPPHOME",
          selections: {},
          replies: [],
        },
      ],
      ephemerals: [],
    });
  }
  const responses = emulator
    .responses()
    .filter((r) => r.user === userId)
    .slice(-MAX_RESPONSES);
  return { userId, botUserId: emulator.botUserId, channels, responses };
}

/** Finds a file by id on any message, for its name and type. */
export function findFile(emulator: SlackEmulator, fileId: string): EmulatorFile | undefined {
  for (const channel of emulator.channels()) {
    for (const top of emulator.messages(channel.id)) {
      for (const message of [top, ...top.replies]) {
        const file = message.files?.find((f) => f.id === fileId);
        if (file !== undefined) return file;
      }
    }
  }
  return undefined;
}

/** The interactive element with `actionId` (in block `blockId` when given) of a message's blocks. */
export function findElement(
  blocks: readonly JsonObject[],
  actionId: string,
  blockId: string | undefined,
): { readonly blockId: string; readonly element: JsonObject } | undefined {
  for (const block of blocks) {
    const id = typeof block.block_id === "string" ? block.block_id : "";
    if (blockId !== undefined && id !== blockId) continue;
    const candidates = [
      ...(Array.isArray(block.elements) ? block.elements : []),
      block.accessory,
      block.element,
    ];
    for (const element of candidates) {
      if (typeof element === "object" && element !== null && !Array.isArray(element)) {
        const el = element as JsonObject;
        if (el.action_id === actionId) return { blockId: id, element: el };
      }
    }
  }
  return undefined;
}
