import { compileGlob } from "../../src/insights/local-engine/glob-matcher.js";

const GLOB = "* * * * : *";

/** The regex a glob used to become: each `*` a lazy `(.*?)`, which backtracks polynomially on a miss. */
function backtrackingRegex(glob: string): RegExp {
  const parts = glob.split("*").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(parts.join("(.*?)"), "s");
}

function microseconds(work: () => void, runs: number): number {
  const started = performance.now();
  for (let i = 0; i < runs; i++) work();
  return ((performance.now() - started) * 1000) / runs;
}

/**
 * Times `parse "* * * * : *"` on a line of words with no colon — the hardening issue's case, where the old
 * backtracking regex took 17 s on 889 characters — with the linear matcher and with that regex, on a line of
 * `chars` characters (the regex is timed once, when asked; the matcher averaged over many runs).
 */
export function timeGlobParse(
  chars: number,
  withRegex: boolean,
): { linearUs: number; regexUs: number | undefined } {
  const line = "word ".repeat(Math.ceil(chars / 5)).slice(0, chars);
  const matcher = compileGlob(GLOB);
  const regex = backtrackingRegex(GLOB);
  return {
    linearUs: microseconds(() => matcher(line), 10_000),
    regexUs: withRegex ? microseconds(() => regex.exec(line), 1) : undefined,
  };
}
