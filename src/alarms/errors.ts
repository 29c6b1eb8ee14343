import { KlaxonError } from "../shared/klaxon-error.js";

/** A notification whose body is not an alarm klaxon can read at all (not even as an unknown shape). */
export class AlarmParseError extends KlaxonError {
  override name = "AlarmParseError";

  constructor(message: string, options?: { cause?: unknown }) {
    super("alarm_unparseable", message, options);
  }
}
