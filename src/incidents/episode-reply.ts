import type { AlarmState } from "../alarms/alarm.js";
import type { ChangesReport } from "../changes/change.js";
import type { runFirstLook } from "../error-summary/first-look.js";
import type { ChecklistState } from "../runbooks/checklist-state.js";
import type { Transition } from "./episode.js";
import type { TuningSuggestion } from "./tuning-suggestions.js";

/** The first-look error summary of an alarm's service, as the error summary hands it over. */
export type FirstLook = NonNullable<Awaited<ReturnType<typeof runFirstLook>>>;

/** Changes found before an alarm, and the alarm time they are told relative to. */
export interface ChangesFound {
  readonly report: ChangesReport;
  readonly referenceMs: number;
}

/**
 * What an episode's thread reply says, as facts: the outbox turns them into Slack text and blocks when it
 * delivers them (`slack/blocks/episode-replies.ts`), so the core never writes Slack syntax. Durations are in
 * milliseconds; `user` is the Slack user id of who acted.
 */
export type EpisodeReply =
  | { readonly kind: "back_to_ok"; readonly elapsedMs: number }
  | { readonly kind: "back_in_alarm"; readonly elapsedMs: number }
  | { readonly kind: "insufficient_data"; readonly elapsedMs: number; readonly from: AlarmState }
  | { readonly kind: "reopened"; readonly afterMs: number; readonly reopenCount: number }
  | { readonly kind: "acknowledged"; readonly user: string }
  | {
      readonly kind: "resolved_by_hand";
      readonly user: string;
      readonly elapsedMs: number;
      readonly alarmState: AlarmState;
    }
  | { readonly kind: "snoozed"; readonly user: string; readonly hours: number }
  | {
      /** `escalateTo` is the route's config value (`@here`, `subteam:S…`, `U…`), turned into a mention at delivery. */
      readonly kind: "escalated";
      readonly escalateTo: string;
      readonly ageMs: number;
    }
  | {
      /** The one summary posted when an alarm starts flapping. */
      readonly kind: "flapping";
      readonly alarmName: string;
      /** The alarm's state changes within the window, oldest first. */
      readonly flips: readonly Transition[];
      readonly withinMinutes: number;
      readonly suggestions: readonly TuningSuggestion[];
    }
  | {
      /** A runbook checklist as it was when posted; later ticks update the posted message in place. */
      readonly kind: "checklist";
      readonly checklist: ChecklistState;
      readonly runbookUrl?: string | undefined;
    }
  | { readonly kind: "changes"; readonly changes: ChangesFound }
  | {
      /**
       * The first-look error summary, with the changes before the alarm when they were found in time, or
       * `"pending"` when the lookup was still running (they follow as a `changes` reply).
       */
      readonly kind: "first_look";
      readonly look: FirstLook;
      readonly changes?: ChangesFound | "pending";
    };
