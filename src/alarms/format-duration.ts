/**
 * Formats an alarm period in the largest whole unit: `60` → "1 min", `300` → "5 min", `3600` → "1 h",
 * `86400` → "24 h", `90` → "90 s". Periods are whole seconds, and a unit that divides evenly reads best.
 */
export function formatPeriod(seconds: number): string {
  if (seconds > 0 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds > 0 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

const DURATION_UNITS: readonly (readonly [string, number])[] = [
  ["d", 86_400],
  ["h", 3600],
  ["min", 60],
  ["s", 1],
];

/**
 * Formats an elapsed time for people, two units at most: `45` → "45 s", `750` → "12 min 30 s",
 * `5400` → "1 h 30 min", `183600` → "2 d 3 h". Used for incident durations ("resolved after …").
 */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const largest = DURATION_UNITS.find(([, size]) => seconds >= size);
  if (largest === undefined) return "0 s";
  const [label, size] = largest;
  const count = Math.floor(seconds / size);
  const next = DURATION_UNITS[DURATION_UNITS.indexOf(largest) + 1];
  if (next === undefined) return `${count} ${label}`;
  const nextCount = Math.floor((seconds - count * size) / next[1]);
  return nextCount > 0 ? `${count} ${label} ${nextCount} ${next[0]}` : `${count} ${label}`;
}
