/**
 * Formats an alarm period in the largest whole unit: `60` → "1 min", `300` → "5 min", `3600` → "1 h",
 * `86400` → "24 h", `90` → "90 s". Periods are whole seconds, and a unit that divides evenly reads best.
 */
export function formatPeriod(seconds: number): string {
  if (seconds > 0 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds > 0 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
