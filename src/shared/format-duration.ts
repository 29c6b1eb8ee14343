/**
 * A duration as on-call people say it: "45 s", "12 min", "2 h 5 min", "3 d 4 h". Two units at most, because
 * "3 d 4 h 12 min 9 s" is noise in a resolved message. Negative or non-finite input reads as "0 s".
 */
export function formatDuration(ms: number): string {
  const s = Number.isFinite(ms) ? Math.max(0, Math.round(ms / 1000)) : 0;
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 === 0 ? `${h} h` : `${h} h ${min % 60} min`;
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? `${d} d` : `${d} d ${h % 24} h`;
}
