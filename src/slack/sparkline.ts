const BARS = "▁▂▃▄▅▆▇█";

/**
 * Renders numbers as a one-line bar chart (`▁▂▃▄▅▆▇█`) for error counts per bin. The scale starts at zero when
 * every value is non-negative, so a steady 5-6 errors a minute does not look like a spike. Missing values
 * (NaN, ±Infinity) show as a space; an empty list gives an empty string; a flat series gives a flat line.
 */
export function sparkline(values: readonly number[]): string {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return values.map(() => " ").join("");
  const min = Math.min(0, ...finite);
  const max = Math.max(...finite);
  const span = max - min;
  const top = BARS.length - 1;
  return values
    .map((v) => {
      if (!Number.isFinite(v)) return " ";
      const level = span === 0 ? 0 : Math.round(((v - min) / span) * top);
      return BARS[level] ?? BARS[0];
    })
    .join("");
}
