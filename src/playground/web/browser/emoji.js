// @ts-check
/** The emoji codes klaxon's messages use, shown as characters the way Slack would. */

/** @type {Readonly<Record<string, string>>} */
const EMOJI = {
  rotating_light: "🚨",
  white_check_mark: "✅",
  heavy_check_mark: "✔️",
  warning: "⚠️",
  red_circle: "🔴",
  large_green_circle: "🟢",
  large_yellow_circle: "🟡",
  white_circle: "⚪",
  eyes: "👀",
  fire: "🔥",
  x: "❌",
  mag: "🔍",
  hourglass: "⌛",
  hourglass_flowing_sand: "⏳",
  bell: "🔔",
  memo: "📝",
  link: "🔗",
  repeat: "🔁",
  chart_with_upwards_trend: "📈",
  zzz: "💤",
  books: "📚",
  book: "📖",
  sparkles: "✨",
  bulb: "💡",
  information_source: "ℹ️",
  clock1: "🕐",
  stopwatch: "⏱️",
  tada: "🎉",
  thumbsup: "👍",
  "+1": "👍",
  wave: "👋",
  clipboard: "📋",
  no_entry: "⛔",
  no_entry_sign: "🚫",
  pushpin: "📌",
  hammer_and_wrench: "🛠️",
  stop_sign: "🛑",
};

/**
 * Replaces the `:name:` emoji codes klaxon uses with their characters; others stay as typed.
 * @param {unknown} text
 */
export function emojify(text) {
  return String(text).replace(/:([a-z0-9_+-]+):/g, (whole, name) =>
    Object.hasOwn(EMOJI, name) ? (EMOJI[name] ?? whole) : whole,
  );
}
