import { describe, expect, it } from "vitest";
import { checkSupported } from "../../../../src/insights/local-engine/check-supported.js";
import { compileGlob } from "../../../../src/insights/local-engine/glob-matcher.js";
import { parsedQuery, record, runPipeline } from "./pipeline-helpers.js";

const T0 = Date.UTC(2026, 10, 20, 10, 0, 0);
const MINUTE = 60_000;

/** Two log streams, one event a minute for 12 minutes; stream a logs 100 bytes, stream b 10 bytes. */
const TRAFFIC = Array.from({ length: 24 }, (_, i) =>
  record(T0 + Math.floor(i / 2) * MINUTE + (i % 2), {
    "@logStream": i % 2 === 0 ? "a" : "b",
    "@message": i % 2 === 0 ? `[ERROR] disk full on host-${i}` : `[INFO] ok ${i}`,
    size: i % 2 === 0 ? 100 : 10,
  }),
);

describe("local engine runs commands in pipe order, as CloudWatch does", () => {
  it("feeds the first stats' rows to the second stats (peak ingestion per 5 minutes)", () => {
    // Act
    const rows = runPipeline(
      "stats sum(size) as bytes by bin(5m) | stats max(bytes) as peak, min(bytes) as low, avg(bytes) as mean",
      TRAFFIC,
    );

    // Assess: bins 10:00 and 10:05 hold 5 minutes (550 bytes), 10:10 holds 2 (220).
    expect(rows).toEqual([{ peak: "550", low: "220", mean: String((550 + 550 + 220) / 3) }]);
  });

  it("bins the first stats' buckets again in a second stats by bin()", () => {
    // Act
    const rows = runPipeline("stats count(*) as n by bin(1m) | stats max(n) as peak by bin(5m)", TRAFFIC);

    // Assess
    expect(rows).toEqual([
      { "bin(5m)": "2026-11-20 10:00:00.000", peak: "2" },
      { "bin(5m)": "2026-11-20 10:05:00.000", peak: "2" },
      { "bin(5m)": "2026-11-20 10:10:00.000", peak: "2" },
    ]);
  });

  it("filters the first stats' rows before the second stats", () => {
    // Act
    const rows = runPipeline(
      "stats sum(size) as bytes by @logStream, bin(5m) | filter bytes > 100 | stats count(*) as busy by @logStream",
      TRAFFIC,
    );

    // Assess: stream a has 500, 500, 200 bytes per bin; stream b 50, 50, 20.
    expect(rows).toEqual([{ "@logStream": "a", busy: "3" }]);
  });

  it("aggregates only the rows a limit kept, and the sorted rows a sort | limit kept", () => {
    // Act
    const limited = runPipeline("limit 5 | stats count(*) as n", TRAFFIC);
    const topThree = runPipeline("sort @timestamp desc | limit 3 | stats sum(size) as bytes", TRAFFIC);
    const sortedAll = runPipeline("sort size desc | stats count(*) as n", TRAFFIC, 10);

    // Assess
    expect(limited).toEqual([{ n: "5" }]);
    expect(topThree).toEqual([{ bytes: "120" }]);
    expect(sortedAll).toEqual([{ n: "24" }]);
  });

  it("aggregates after display and dedup", () => {
    // Act
    const rows = runPipeline(
      "fields @logStream, size | dedup @logStream | stats sum(size) as bytes",
      TRAFFIC,
    );

    // Assess
    expect(rows).toEqual([{ bytes: "110" }]);
  });

  it("runs the documented parse and display example", () => {
    // Act
    const rows = runPipeline(
      'fields @message | parse @message "[*] *" as loggingType, loggingMessage | filter loggingType = "ERROR" | display loggingMessage | limit 2',
      TRAFFIC,
    );

    // Assess
    expect(rows).toEqual([
      { loggingMessage: "disk full on host-22" },
      { loggingMessage: "disk full on host-20" },
    ]);
  });

  it("parses @message when parse names no field (Lambda init duration)", () => {
    // Act
    const rows = runPipeline(
      "parse 'Init Duration: * ms' as initDuration | stats max(initDuration) as worst",
      [
        record(T0, { "@message": "REPORT RequestId: x Duration: 5.1 ms Init Duration: 212.43 ms" }),
        record(T0 + 1, { "@message": "REPORT RequestId: y Init Duration: 180.01 ms Max Memory Used: 80 MB" }),
        record(T0 + 2, { "@message": "REPORT RequestId: z Duration: 4 ms" }),
      ],
    );

    // Assess
    expect(rows).toEqual([{ worst: "212.43" }]);
  });

  it("answers AWS's Lambda memory sample, whose last column uses earlier aliases", () => {
    // Act
    const rows = runPipeline(
      `filter @type = "REPORT"
       | stats max(@memorySize / 1000 / 1000) as provisonedMemoryMB,
         max(@maxMemoryUsed / 1000 / 1000) as maxMemoryUsedMB,
         provisonedMemoryMB - maxMemoryUsedMB as overProvisionedMB`,
      [
        record(T0, { "@type": "REPORT", "@memorySize": 512_000_000, "@maxMemoryUsed": 80_000_000 }),
        record(T0 + 1, { "@type": "REPORT", "@memorySize": 512_000_000, "@maxMemoryUsed": 120_000_000 }),
        record(T0 + 2, { "@type": "START", "@memorySize": 1_024_000_000, "@maxMemoryUsed": 900_000_000 }),
      ],
    );

    // Assess
    expect(rows).toEqual([{ provisonedMemoryMB: "512", maxMemoryUsedMB: "120", overProvisionedMB: "392" }]);
  });

  it("sorts with sort by and negates with !", () => {
    // Act
    const rows = runPipeline(
      "filter !(size > 50) | fields @logStream, size | sort by @timestamp desc | limit 1",
      TRAFFIC,
    );

    // Assess
    expect(rows).toEqual([{ "@logStream": "b", size: "10" }]);
  });
});

describe("local engine refuses what it cannot answer, naming the command", () => {
  it.each([
    ["join", "fields a | join type=inner [ SOURCE 'g' | fields a ] on a"],
    ["logcompare", "pattern @message | logcompare start=-2d end=-1d"],
    ["diff", "pattern @message | diff"],
    ["anomaly", "pattern @message | anomaly"],
  ])("refuses %s", (name, query) => {
    // Act
    const reason = checkSupported(parsedQuery(query));

    // Assess
    expect(reason).toContain(`'${name}'`);
  });

  it("refuses SOURCE start=/end=, which would change the window it was given", () => {
    // Act
    const reason = checkSupported(
      parsedQuery("SOURCE logGroups(namePrefix: ['/app']) start=-1h end=now | limit 1"),
    );

    // Assess
    expect(reason).toContain("does not apply SOURCE's 'start=-1h end=now'");
  });

  it("refuses unknown functions such as jsonParse", () => {
    // Act
    const reason = checkSupported(parsedQuery("fields jsonParse(@message) as j"));

    // Assess
    expect(reason).toBe("unknown function jsonParse()");
  });
});

describe("glob parse", () => {
  it.each([
    ["* [*] *", "2026-11-20 [ERROR] disk full", ["2026-11-20", "ERROR", "disk full"]],
    ["user=*, method:*, latency := *", "x user=ada, method:GET, latency := 12ms", ["ada", "GET", "12ms"]],
    ["Init Duration: * ms", "Duration: 1 ms Init Duration: 212.43 ms", ["212.43"]],
    ["*", "whole", ["whole"]],
    ["a*b*c", "xxa1b2b3c", ["1", "2b3"]],
    ["[*]", "no brackets", undefined],
  ])("matches %j in %j", (glob, text, expected) => {
    // Act
    const captures = compileGlob(glob)(text);

    // Assess
    expect(captures).toEqual(expected);
  });

  it("answers the hardening issue's pathological glob on a long line with no colon", () => {
    // Prepare: "* * * * : *" over 889 characters of spaces and words, which a backtracking regex explores
    // exponentially before failing.
    const line = "word ".repeat(177).concat("tail");

    // Act
    const captures = compileGlob("* * * * : *")(line);
    const matched = compileGlob("* * * * : *")(`${line} : rest`);

    // Assess
    expect(line.length).toBe(889);
    expect(captures).toBeUndefined();
    expect(matched).toEqual(["word", "word", "word", `${"word ".repeat(174)}tail`, "rest"]);
  });
});
