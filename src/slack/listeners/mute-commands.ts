import { randomUUID } from "node:crypto";
import type { Route } from "../../config/schema.js";
import type { MuteRegistry } from "../../mutes/mute-registry.js";
import { describeMatch, type MuteWindow } from "../../mutes/mute-window.js";
import { parseMuteArgs, requiredMuteGroups } from "../../mutes/parse-mute-args.js";
import type { Clock } from "../../shared/clock.js";
import type { Logger } from "../../shared/logger.js";
import { renderMuteLine } from "../blocks/mute-messages.js";
import { safeInline } from "../safe-text.js";

/** What the mute commands need. */
export interface MuteCommandDeps {
  readonly mutes: MuteRegistry;
  readonly routes: readonly Route[];
  readonly clock: Clock;
  readonly logger: Logger;
  readonly userGroupsOf: (userId: string) => Promise<readonly string[]>;
  /** Called after a mute was added or ended (to refresh views). */
  readonly onChange?: (() => void) | undefined;
}

interface Answer {
  readonly response_type: "ephemeral" | "in_channel";
  readonly text: string;
}

const ephemeral = (text: string): Answer => ({ response_type: "ephemeral", text });

/**
 * `/klaxon mute|unmute|mutes`: a mute is announced in the channel (who, until when, why) so everyone there sees
 * that alarms are held back, and recorded in the store with who and when; problems answer privately.
 */
export async function muteCommandAnswer(
  deps: MuteCommandDeps,
  sub: "mute" | "unmute" | "mutes",
  args: string,
  userId: string,
): Promise<Answer> {
  const now = deps.clock();
  if (sub === "mutes") {
    const active = await deps.mutes.active(now);
    if (active.length === 0) return ephemeral("No mute windows are active. `/klaxon mute` adds one.");
    return ephemeral([`*Active mute windows* (${active.length})`, ...active.map(renderMuteLine)].join("\n"));
  }
  if (sub === "unmute") {
    const id = args.trim().split(/\s+/)[0] ?? "";
    if (id === "") return ephemeral("Usage: `/klaxon unmute <id>`; `/klaxon mutes` lists the ids.");
    const current = (await deps.mutes.active(now)).find((w) => w.id === id);
    if (current && current.createdBy === "config")
      return ephemeral(`\`${safeInline(id, 60)}\` comes from klaxon.yaml (\`mutes:\`); change it there.`);
    if (current && !(await mayMute(deps, current, userId))) return ephemeral(refusal(current));
    const ended = await deps.mutes.end(id, userId);
    if (!ended)
      return ephemeral(`No active mute \`${safeInline(id, 60)}\`. \`/klaxon mutes\` lists the active ones.`);
    deps.logger.info({ mute: id, by: userId }, "mute window ended early");
    deps.onChange?.();
    return {
      response_type: "in_channel",
      text: `:bell: <@${userId}> ended mute \`${ended.id}\` on ${describeMatch(ended.match)}; what fired during it follows shortly.`,
    };
  }
  const parsed = parseMuteArgs(args, deps.routes, now);
  if (!parsed.ok) return ephemeral(parsed.error);
  const window: MuteWindow = {
    id: `m-${randomUUID().slice(0, 8)}`,
    match: parsed.value.match,
    startsAt: now.toISOString(),
    endsAt: parsed.value.endsAt.toISOString(),
    ...(parsed.value.reason !== undefined && { reason: parsed.value.reason }),
    createdBy: userId,
    createdAt: now.toISOString(),
  };
  if (!(await mayMute(deps, window, userId))) return ephemeral(refusal(window));
  await deps.mutes.add(window);
  deps.logger.info(
    { mute: window.id, by: userId, match: window.match, endsAt: window.endsAt, reason: window.reason },
    "mute window added",
  );
  deps.onChange?.();
  return {
    response_type: "in_channel",
    text: `:no_bell: <@${userId}> muted ${describeMatch(window.match)} until ${window.endsAt.slice(0, 16).replace("T", " ")} UTC (id \`${window.id}\`)${window.reason !== undefined ? `: ${safeInline(window.reason, 200)}` : ""}. Alarms are stored but not posted; when the window ends, this channel gets a list of what fired. \`/klaxon unmute ${window.id}\` ends it early.`,
  };
}

async function mayMute(deps: MuteCommandDeps, w: MuteWindow, userId: string): Promise<boolean> {
  const required = requiredMuteGroups(w.match, deps.routes);
  if (required.length === 0) return true;
  const groups = await deps.userGroupsOf(userId);
  return required.every((allowed) => allowed.some((g) => groups.includes(g)));
}

function refusal(w: MuteWindow): string {
  return `You may not mute ${describeMatch(w.match)}: a route it covers sets \`muteUserGroups\` in klaxon.yaml and you are not in those user groups. Ask someone in them, or an admin to add you.`;
}
