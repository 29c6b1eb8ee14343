import { type App, type Logger as BoltLogger, LogLevel } from "@slack/bolt";

// Bolt does not export its extended error handler's argument type; the last `app.error` overload takes it.
type ExtendedErrorHandlerArgs = Parameters<Parameters<App["error"]>[0]>[0];

import type { Logger } from "../shared/logger.js";

const PINO_LEVEL: Readonly<Record<LogLevel, string>> = {
  [LogLevel.ERROR]: "error",
  [LogLevel.WARN]: "warn",
  [LogLevel.INFO]: "info",
  [LogLevel.DEBUG]: "debug",
};

function messageOf(args: readonly unknown[]): { err?: unknown; msg: string } {
  const err = args.find((a) => a instanceof Error);
  const text = args
    .filter((a) => a !== err)
    .map((a) => (typeof a === "string" ? a : safeJson(a)))
    .join(" ");
  return err === undefined ? { msg: text } : { err, msg: text || (err as Error).message };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Bolt's and `@slack/web-api`'s `Logger` over klaxon's pino logger, so everything the Slack libraries say comes out
 * as klaxon's JSON lines (with `component: "slack"` and the library's name) instead of their console format.
 * `setLevel` changes this adapter's child logger only.
 */
export function createSlackLogger(logger: Logger, level: LogLevel = LogLevel.WARN): BoltLogger {
  let current = level;
  let child = logger.child({ component: "slack" }, { level: PINO_LEVEL[level] });
  const write = (method: "debug" | "info" | "warn" | "error", args: readonly unknown[]): void => {
    const { err, msg } = messageOf(args);
    if (err === undefined) child[method](msg);
    else child[method]({ err }, msg);
  };
  return {
    debug: (...msg: unknown[]) => write("debug", msg),
    info: (...msg: unknown[]) => write("info", msg),
    warn: (...msg: unknown[]) => write("warn", msg),
    error: (...msg: unknown[]) => write("error", msg),
    setLevel(next: LogLevel) {
      current = next;
      child.level = PINO_LEVEL[next];
    },
    getLevel: () => current,
    setName(name: string) {
      child = child.child({ name });
    },
  };
}

/** What an `app.error` line says about the request that failed: ids only, never text, tokens or payloads. */
export interface SlackRequestContext {
  readonly command?: string;
  readonly actionIds?: readonly string[];
  readonly callbackId?: string;
  readonly team?: string;
  readonly channel?: string;
  readonly user?: string;
}

type Loose = { readonly [key: string]: unknown };

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const obj = (v: unknown): Loose => (typeof v === "object" && v !== null ? (v as Loose) : {});

/** Picks the request context from a Bolt body (slash command, block action, view) and its context. */
export function slackRequestContext(body: unknown, context: unknown): SlackRequestContext {
  const b = obj(body);
  const c = obj(context);
  const actions = Array.isArray(b.actions)
    ? b.actions.map((a) => str(obj(a).action_id)).filter((a): a is string => a !== undefined)
    : [];
  const picked: Record<string, string | readonly string[] | undefined> = {
    command: str(b.command),
    actionIds: actions.length > 0 ? actions : undefined,
    callbackId: str(b.callback_id) ?? str(obj(b.view).callback_id),
    team: str(b.team_id) ?? str(obj(b.team).id) ?? str(c.teamId),
    channel: str(b.channel_id) ?? str(obj(b.channel).id),
    user: str(b.user_id) ?? str(obj(b.user).id) ?? str(c.userId),
  };
  return Object.fromEntries(Object.entries(picked).filter(([, v]) => v !== undefined)) as SlackRequestContext;
}

/**
 * Logs every error a listener lets escape with the request it came from (command or action ids, team, channel,
 * user), then rethrows so Bolt's receiver still answers the request as failed. Needs `extendedErrorHandler: true`.
 */
export function registerSlackErrorLogging(app: App, logger: Logger): void {
  app.error(async ({ error, body, context }: ExtendedErrorHandlerArgs) => {
    logger.error(
      { err: error, code: (error as { code?: unknown }).code, slack: slackRequestContext(body, context) },
      "A Slack listener failed",
    );
    throw error;
  });
}
