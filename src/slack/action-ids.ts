/**
 * Every `action_id` klaxon puts on a button, shared by the block builders and the listeners so a renamed id
 * cannot silently orphan a button. Ids are stable: old messages in Slack still carry them.
 */
export const ACTION_IDS = {
  ack: "ack",
  snooze1h: "snooze_1h",
  snooze4h: "snooze_4h",
  resolve: "resolve",
  runFirstLook: "run_first_look",
  timeline: "timeline",
  runbookCheck: "runbook_check",
  runbookRunQuery: "runbook_run_query",
  openConsole: "open_console",
  openRunbook: "open_runbook",
  openLink: "open_link",
} as const;

/** One of the {@link ACTION_IDS} values. */
export type ActionId = (typeof ACTION_IDS)[keyof typeof ACTION_IDS];

/**
 * Matches the action ids of link buttons. Slack still sends a `block_actions` payload when a URL button is
 * clicked, and it must be acknowledged, so the listener registers this pattern with a no-op handler.
 */
export const LINK_ACTION_ID_PATTERN = /^open_(?:console|runbook|link)(?:_\d+)?$/;
