import type { Clock } from "../../shared/clock.js";
import type { EmulatorState } from "./emulator-state.js";
import {
  EMULATOR_IDENTITY,
  type EmulatorChange,
  type JsonObject,
  type RecordedResponse,
} from "./emulator-types.js";
import { boolArg, stringArg } from "./method-args.js";
import { validateBlocks } from "./validate-blocks.js";

/** Where a `response_url` leads back to: the command or action that minted it. */
export interface ResponseTarget {
  readonly origin: "slash_command" | "block_actions";
  readonly channel: string;
  readonly user: string;
  readonly messageTs?: string;
}

/** The HTTP answer to a `response_url` POST. */
export interface ResponseUrlAnswer {
  readonly status: number;
  readonly body: JsonObject;
}

/**
 * The `response_url`s handed to the bot and what it sent through them (or in a slash command's HTTP ack).
 * `in_channel` responses become channel messages (in a thread when `thread_ts` is given), ephemeral ones are
 * kept per user, and for block actions `replace_original`/`delete_original` act on the source message.
 */
export class ResponseUrls {
  private readonly targets = new Map<string, ResponseTarget>();
  private readonly recorded: RecordedResponse[] = [];

  constructor(
    private readonly state: EmulatorState,
    private readonly clock: Clock,
    private readonly emit: (change: EmulatorChange) => void,
  ) {}

  /** Registers a target and returns the id to put in `${url}/response/<id>`. */
  mint(target: ResponseTarget): string {
    const id = `R${this.state.nextId()}`;
    this.targets.set(id, target);
    return id;
  }

  responses(id?: string): RecordedResponse[] {
    return this.recorded.filter((r) => id === undefined || r.id === id);
  }

  /** Applies one message the bot sent for target `id`. */
  deliver(id: string, payload: JsonObject, source: RecordedResponse["source"]): ResponseUrlAnswer {
    const target = this.targets.get(id);
    if (target === undefined) return { status: 404, body: { ok: false, error: "expired_url" } };
    const check = validateBlocks(payload.blocks);
    if (!check.ok) return { status: 400, body: { ok: false, error: check.error, errors: check.errors } };
    const text = stringArg(payload, "text");
    const threadTs = stringArg(payload, "thread_ts");
    const response: RecordedResponse = {
      id,
      at: this.clock(),
      source,
      origin: target.origin,
      channel: target.channel,
      user: target.user,
      response_type: payload.response_type === "in_channel" ? "in_channel" : "ephemeral",
      replace_original: boolArg(payload, "replace_original"),
      delete_original: boolArg(payload, "delete_original"),
      ...(text === undefined ? {} : { text }),
      ...(check.blocks === undefined ? {} : { blocks: check.blocks }),
      ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
    };
    this.apply(target, response);
    this.recorded.push(response);
    this.emit({ type: "response", response });
    return { status: 200, body: { ok: true } };
  }

  private apply(target: ResponseTarget, response: RecordedResponse): void {
    const { state } = this;
    const original =
      target.messageTs === undefined ? undefined : state.findMessage(target.channel, target.messageTs);
    // Slack only replaces or deletes the message an interaction came from, never a slash command's.
    if (original !== undefined && response.delete_original) {
      state.deleteMessage(original.channel, original.ts);
      return;
    }
    if (original !== undefined && response.replace_original) {
      state.updateMessage(original.channel, original.ts, {
        text: response.text ?? "",
        blocks: response.blocks ?? [],
      });
      return;
    }
    const content = {
      text: response.text ?? "",
      ...(response.blocks === undefined ? {} : { blocks: response.blocks }),
    };
    if (response.response_type === "in_channel") {
      const parent =
        response.thread_ts === undefined ? undefined : state.findMessage(target.channel, response.thread_ts);
      state.postMessage(target.channel, {
        ...content,
        user: EMULATOR_IDENTITY.botUserId,
        fromBot: true,
        ...(parent === undefined ? {} : { threadTs: parent.ts }),
      });
      return;
    }
    state.addEphemeral({
      ...content,
      channel: target.channel,
      user: target.user,
      ts: state.nextTs(),
      source: response.source,
      ...(response.thread_ts === undefined ? {} : { thread_ts: response.thread_ts }),
    });
  }
}
