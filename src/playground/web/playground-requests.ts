import { z } from "zod";
import { err, ok, type Result } from "../../shared/result.js";

/** A slash command typed into the page's command box. */
export interface CommandRequest {
  readonly channelId: string;
  /** With the leading slash, lower-cased: `/trace`. */
  readonly command: string;
  /** Everything after the command, trimmed, as Slack sends it in `text`. */
  readonly text: string;
}

/** A click on a button, a tick on a checkbox or a choice in a select of a message the bot posted. */
export interface ActionRequest {
  readonly channelId: string;
  readonly messageTs: string;
  readonly actionId: string;
  readonly blockId?: string;
  readonly kind: "button" | "checkboxes" | "select";
  /** Checkboxes: the whole ticked selection (Slack sends the selection, not a delta). */
  readonly selectedValues?: readonly string[];
  /** Selects and overflow menus: the chosen option's value. */
  readonly selectedOptionValue?: string;
}

/** A sample alarm button: which sample and which state to fire. */
export interface AlarmRequest {
  readonly name: string;
  readonly state: "ALARM" | "OK";
}

const CHANNEL = z
  .string()
  .regex(
    /^(?:[CGD][A-Z0-9]{2,30}|#?[a-z0-9][a-z0-9._-]{0,79})$/,
    "expected a channel id (C…) or a lower-case channel name like #alerts",
  );
const TS = z.string().regex(/^\d{1,12}\.\d{1,6}$/, "expected a Slack message ts like 1700000000.000100");
const ID = z
  .string()
  .min(1, "must not be empty")
  .max(255, "must be at most 255 characters")
  .regex(/^[^\s]+$/, "must not contain spaces");

const commandSchema = z.object({
  channelId: CHANNEL,
  text: z.string().max(4000, "a command is at most 4,000 characters"),
});

const actionSchema = z.object({
  channelId: CHANNEL,
  messageTs: TS,
  actionId: ID,
  blockId: ID.optional(),
  kind: z.enum(["button", "checkboxes", "select"]),
  selectedValues: z.array(z.string().max(150)).max(10, "checkboxes have at most 10 options").optional(),
  selectedOptionValue: z.string().max(150).optional(),
});

const alarmSchema = z.object({
  name: z.string().min(1, "must not be empty").max(255),
  state: z.enum(["ALARM", "OK"]),
});

const COMMAND = /^(\/[a-z0-9][a-z0-9_-]{0,31})(?:\s+([\s\S]*))?$/i;

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "body"}: ${issue.message}`)
    .join("; ");
}

function parseJson<T>(raw: string, schema: z.ZodType<T>): Result<T, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return err("the request body must be JSON");
  }
  const result = schema.safeParse(parsed);
  return result.success ? ok(result.data) : err(describeIssues(result.error));
}

/**
 * Validates the command box's `{channelId, text}` body and splits `text` into Slack's `command` and `text`
 * (`"/trace abc 1h"` → `/trace` + `abc 1h`). The error string says which field is wrong and what was expected.
 */
export function parseCommandRequest(raw: string): Result<CommandRequest, string> {
  const body = parseJson(raw, commandSchema);
  if (!body.ok) return body;
  const match = COMMAND.exec(body.value.text.trim());
  if (match?.[1] === undefined) {
    return err('text: expected a slash command like "/trace <id> 1h" (a slash, then the command name)');
  }
  return ok({
    channelId: body.value.channelId,
    command: match[1].toLowerCase(),
    text: (match[2] ?? "").trim(),
  });
}

/**
 * Validates a button/checkbox/select interaction body. Checkboxes must carry `selectedValues` and selects
 * `selectedOptionValue`, so the emulator can build the exact `actions` and `state.values` Slack would send.
 */
export function parseActionRequest(raw: string): Result<ActionRequest, string> {
  const body = parseJson(raw, actionSchema);
  if (!body.ok) return body;
  const { selectedValues, selectedOptionValue, blockId, ...rest } = body.value;
  if (rest.kind === "checkboxes" && selectedValues === undefined) {
    return err(
      "selectedValues: a checkboxes change must list every ticked value (an empty list unticks all)",
    );
  }
  if (rest.kind === "select" && selectedOptionValue === undefined) {
    return err("selectedOptionValue: a select change must name the chosen option's value");
  }
  return ok({
    ...rest,
    ...(blockId === undefined ? {} : { blockId }),
    ...(rest.kind === "checkboxes" && selectedValues !== undefined ? { selectedValues } : {}),
    ...(rest.kind === "select" && selectedOptionValue !== undefined ? { selectedOptionValue } : {}),
  });
}

/** Validates a sample-alarm button body: `{name, state: "ALARM" | "OK"}`. */
export function parseAlarmRequest(raw: string): Result<AlarmRequest, string> {
  return parseJson(raw, alarmSchema);
}
