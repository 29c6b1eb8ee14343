import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type Clock, systemClock } from "../../shared/clock.js";
import {
  type BlockActionRequest,
  type BotAnswer,
  type SlashCommandInput,
  sendAppHomeOpened,
  sendBlockAction,
  sendSlashCommand,
} from "./bot-requests.js";
import { createRequestHandler } from "./emulator-router.js";
import { EmulatorState } from "./emulator-state.js";
import {
  EMULATOR_IDENTITY,
  type EmulatorChange,
  type EmulatorChannel,
  type EmulatorMessage,
  type EmulatorUser,
  type EphemeralMessage,
  type JsonObject,
  type RecordedCall,
  type RecordedResponse,
  type TopLevelMessage,
} from "./emulator-types.js";
import { type Fault, FaultInjector } from "./fault-injector.js";
import { ChannelRateLimiter } from "./rate-limiter.js";
import { ResponseUrls } from "./response-urls.js";

/** The bot token the emulator accepts unless another one is configured. */
export const DEFAULT_EMULATOR_BOT_TOKEN = "xoxb-emulator-token";

/** How to start the emulator. `clock` drives message ts, rate-limit windows, outages and request signing. */
export interface SlackEmulatorOptions {
  readonly port?: number;
  readonly host?: string;
  readonly botToken?: string;
  readonly signingSecret: string;
  readonly botEndpoint?: string;
  readonly rateLimit?: { readonly postsPerChannelPerSecond: number };
  readonly clock?: Clock;
}

/** A running local Slack Web API emulator and its inspection and scripting handles. */
export interface SlackEmulator {
  readonly url: string;
  readonly apiUrl: string;
  readonly botToken: string;
  readonly botUserId: string;
  calls(): RecordedCall[];
  callsTo(method: string): RecordedCall[];
  channels(): EmulatorChannel[];
  createChannel(name: string): EmulatorChannel;
  messages(channel: string): TopLevelMessage[];
  thread(channel: string, ts: string): EmulatorMessage[];
  findMessage(channel: string, ts: string): EmulatorMessage | undefined;
  ephemerals(channel?: string): EphemeralMessage[];
  fileContent(fileId: string): Buffer | undefined;
  addUser(user: { id: string; name: string; realName?: string }): EmulatorUser;
  postUserMessage(input: {
    channelId: string;
    userId: string;
    text: string;
    threadTs?: string;
  }): EmulatorMessage;
  setUserGroup(id: string, userIds: readonly string[]): void;
  failNext(method: string, fault: Fault & { readonly count?: number }): void;
  failFor(ms: number, fault: Fault): void;
  setBotEndpoint(url: string): void;
  sendSlashCommand(input: SlashCommandInput): Promise<BotAnswer>;
  /** Opens the app's Home tab for a user: sends `app_home_opened` to the bot. */
  openAppHome(userId: string): Promise<{ status: number; body: string }>;
  /** The Home tab view last published for a user (`views.publish`). */
  homeView(userId: string): JsonObject | undefined;
  sendBlockAction(input: BlockActionRequest): Promise<BotAnswer>;
  responses(id?: string): RecordedResponse[];
  onChange(listener: (change: EmulatorChange) => void): () => void;
  close(): Promise<void>;
}

/**
 * Starts a local Slack Web API emulator faithful enough for the real `@slack/web-api` `WebClient` and Bolt
 * (point them at `apiUrl`): messages with threads, updates, ephemeral messages, files v2 uploads, users and
 * user groups, Slack's error codes, the `chat.postMessage` per-channel rate limit (429 + `Retry-After`),
 * scripted 429/5xx failures and calls carried out but answered late or with a reset connection. Towards the bot it plays Slack too: signed slash commands and block actions
 * whose `response_url` leads back here. It serves the tests' Slack fake and the local playground page.
 */
export async function startSlackEmulator(options: SlackEmulatorOptions): Promise<SlackEmulator> {
  const clock = options.clock ?? systemClock;
  const botToken = options.botToken ?? DEFAULT_EMULATOR_BOT_TOKEN;
  const listeners = new Set<(change: EmulatorChange) => void>();
  const emit = (change: EmulatorChange): void => {
    for (const listener of listeners) listener(change);
  };
  const state = new EmulatorState(clock, emit);
  const responseUrls = new ResponseUrls(state, clock, emit);
  const faults = new FaultInjector(clock);
  const selections = new Map<string, JsonObject>();
  const recorded: RecordedCall[] = [];
  let botEndpoint = options.botEndpoint;
  let baseUrl = "";
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer(
    createRequestHandler({
      state,
      responseUrls,
      faults,
      limiter:
        options.rateLimit === undefined
          ? undefined
          : new ChannelRateLimiter(options.rateLimit.postsPerChannelPerSecond, clock),
      botToken,
      clock,
      baseUrl: () => baseUrl,
      record: (call) => {
        recorded.push(call);
        emit({ type: "call", call });
      },
      later: (ms, fn) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          fn();
        }, ms);
        timers.add(timer);
      },
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  baseUrl = `http://${address.includes(":") ? `[${address}]` : address}:${port}`;
  const botDeps = () => ({
    state,
    responseUrls,
    clock,
    signingSecret: options.signingSecret,
    baseUrl,
    botEndpoint,
    selections,
  });

  return {
    url: baseUrl,
    apiUrl: `${baseUrl}/api/`,
    botToken,
    botUserId: EMULATOR_IDENTITY.botUserId,
    calls: () => [...recorded],
    callsTo: (method) => recorded.filter((c) => c.method === method),
    channels: () => state.channels(),
    createChannel: (name) => state.ensureChannel(name),
    messages: (channel) => state.topLevel(channel),
    thread: (channel, ts) => state.thread(channel, ts),
    findMessage: (channel, ts) => state.findMessage(channel, ts),
    ephemerals: (channel) => state.ephemeralMessages(channel),
    fileContent: (fileId) => state.file(fileId)?.content,
    addUser: (user) => state.addUser(user),
    postUserMessage: ({ channelId, userId, text, threadTs }) =>
      state.postMessage(state.ensureChannel(channelId).id, {
        user: userId,
        text,
        fromBot: false,
        ...(threadTs === undefined ? {} : { threadTs }),
      }),
    setUserGroup: (id, userIds) => state.setUserGroup(id, userIds),
    failNext: (method, fault) => faults.failNext(method, fault),
    failFor: (ms, fault) => faults.failFor(ms, fault),
    setBotEndpoint: (url) => {
      botEndpoint = url;
    },
    sendSlashCommand: (input) => sendSlashCommand(botDeps(), input),
    openAppHome: (userId) => sendAppHomeOpened(botDeps(), userId),
    homeView: (userId) => state.homeView(userId),
    sendBlockAction: (input) => sendBlockAction(botDeps(), input),
    responses: (id) => responseUrls.responses(id),
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}
