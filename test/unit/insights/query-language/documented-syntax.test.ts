import { describe, expect, it } from "vitest";
import type { Command, QueryAst } from "../../../../src/insights/query-language/ast.js";
import { parseQuery } from "../../../../src/insights/query-language/parse-query.js";

/** Example queries from the command pages of AWS's "CloudWatch Logs Insights language query syntax". */
const DOCUMENTED: readonly (readonly [string, string, readonly Command["kind"][]])[] = [
  [
    "fields: the console's default query",
    "fields @timestamp, @message, @logStream, @log | sort @timestamp desc | limit 20",
    ["fields", "sort", "limit"],
  ],
  ["fields: a function with an alias", "fields concat(Operation, '-', StatusCode) as opStatus", ["fields"]],
  ["filter: numeric comparison in parentheses", "filter (duration > 2000)", ["filter"]],
  ["filter: regex match", "filter statusCode like /2\\d\\d/", ["filter"]],
  ["filter: case-insensitive regex", "filter @message like /(?i)Exception/", ["filter"]],
  ["filter: not like", "filter @message not like /Exception/", ["filter"]],
  ["filter: =~ regex", "filter @message =~ /Exception/", ["filter"]],
  ["filter: in a set", "filter statusCode in [300,400]", ["filter"]],
  ["filter: not in a set", "filter statusCode not in [300,400]", ["filter"]],
  ["filter: unary ! negation", "filter !isPresent(errorCode)", ["filter"]],
  ["filter: not ispresent", "filter not ispresent(@requestId)", ["filter"]],
  ["filterIndex", 'filterIndex requestId = "1234"', ["filterIndex"]],
  ["stats: two aggregates by two fields", "stats avg(bytes), max(bytes) by srcAddr, dstAddr", ["stats"]],
  ["stats: Route 53 records per hour", "stats count(*) by queryType, bin(1h)", ["stats"]],
  [
    "stats: two stats, peak ingestion per 5 minutes",
    `fields strlen(@message) as message_length
     | stats sum(message_length)/1024/1024 as logs_mb by bin(5m)
     | stats max(logs_mb) as peak_ingest_mb, min(logs_mb) as min_ingest_mb, avg(logs_mb) as avg_ingest_mb`,
    ["fields", "stats", "stats"],
  ],
  [
    "stats: second stats by bin over the first stats' bins",
    "stats count(*) as n by bin(5m) | filter n > 10 | stats max(n) as peak by bin(1h)",
    ["stats", "filter", "stats"],
  ],
  [
    "sort: by with desc (AWS samples)",
    "fields @timestamp, @message | sort by @timestamp desc",
    ["fields", "sort"],
  ],
  ["limit", "fields @timestamp, @message | limit 25", ["fields", "limit"]],
  [
    "parse: glob with three fields",
    'parse @message "user=*, method:*, latency := *" as @user, @method, @latency | stats avg(@latency) by @method, @user',
    ["parse", "stats"],
  ],
  [
    "parse: regex with named groups",
    "parse @message /user=(?<user2>.*?), method:(?<method2>.*?), latency := (?<latency2>.*?)/ | stats avg(latency2) by method2, user2",
    ["parse", "stats"],
  ],
  ["parse: Lambda init duration, no field", "parse 'Init Duration: * ms' as initDuration", ["parse"]],
  [
    "parse: regex without a field",
    "parse /(?<level>INFO|ERROR)/ | stats count(*) by level",
    ["parse", "stats"],
  ],
  [
    "display after parse",
    'fields @message | parse @message "[*] *" as loggingType, loggingMessage | filter loggingType = "ERROR" | display loggingMessage',
    ["fields", "parse", "filter", "display"],
  ],
  [
    "dedup",
    "fields @timestamp, server, severity, message | sort @timestamp asc | dedup server",
    ["fields", "sort", "dedup"],
  ],
  ["unmask", "fields @timestamp, @message | unmask @message", ["fields", "unmask"]],
  ["pattern", "filter @message like /ERROR/ | pattern @message", ["filter", "pattern"]],
  ["anomaly", "fields @timestamp, @message | pattern @message | anomaly", ["fields", "pattern", "anomaly"]],
  ["diff", "fields @timestamp, @message | pattern @message | diff", ["fields", "pattern", "diff"]],
  [
    "SOURCE with name prefixes and class",
    "SOURCE logGroups(namePrefix: ['/aws/lambda', 'my-log'], class: 'STANDARD') | filter @message like 'Error' | stats count(*) by @log",
    ["source", "filter", "stats"],
  ],
  [
    "SOURCE with start and end",
    "SOURCE logGroups(namePrefix: ['/aws/lambda']) start=-1h end=now | stats count(*) by @log",
    ["source", "stats"],
  ],
  [
    "join with a subquery",
    "fields requestId, status | join type=inner [ SOURCE '/aws/lambda/b' | fields requestId, cost ] on requestId | limit 10",
    ["fields", "join", "limit"],
  ],
  [
    "logcompare",
    "fields @message | pattern @message | logcompare start=-2d end=-1d",
    ["fields", "pattern", "logcompare"],
  ],
  // From AWS's "Sample queries" page.
  [
    "sample: Lambda latency",
    'filter @type = "REPORT" | stats avg(@duration), max(@duration), min(@duration) by bin(5m)',
    ["filter", "stats"],
  ],
  [
    "sample: Lambda over-provisioned memory",
    `filter @type = "REPORT"
     | stats max(@memorySize / 1000 / 1000) as provisonedMemoryMB,
       min(@maxMemoryUsed / 1000 / 1000) as smallestMemoryRequestMB,
       avg(@maxMemoryUsed / 1000 / 1000) as avgMemoryUsedMB,
       max(@maxMemoryUsed / 1000 / 1000) as maxMemoryUsedMB,
       provisonedMemoryMB - maxMemoryUsedMB as overProvisionedMB`,
    ["filter", "stats"],
  ],
  ["sample: events per log stream", "stats count(*) by @logStream | limit 100", ["stats", "limit"]],
  [
    "sample: VPC top talkers",
    "stats sum(bytes) as bytesTransferred by srcAddr, dstAddr | sort bytesTransferred desc | limit 10",
    ["stats", "sort", "limit"],
  ],
  [
    "sample: VPC rejections",
    'filter action="REJECT" | stats count(*) as numRejections by srcAddr | sort numRejections desc | limit 20',
    ["filter", "stats", "sort", "limit"],
  ],
  [
    "sample: VPC subnet",
    'filter isIpv4InSubnet(srcAddr, "192.0.2.0/24") | stats sum(bytes) as bytesTransferred by dstAddr | sort bytesTransferred desc | limit 15',
    ["filter", "stats", "sort", "limit"],
  ],
  [
    "sample: exceptions per hour",
    "filter @message like /Exception/ | stats count(*) as exceptionCount by bin(1h) | sort exceptionCount desc",
    ["filter", "stats", "sort"],
  ],
  ["sample: CloudTrail by service", "stats count(*) by eventSource, eventName, awsRegion", ["stats"]],
  [
    "sample: Route 53 SERVFAIL by edge",
    'filter responseCode="SERVFAIL" | stats count(*) by edgeLocation, bin(1h)',
    ["filter", "stats"],
  ],
  [
    "sample: NAT gateway bytes",
    "filter (dstAddr like 'x.x.x.x' and srcAddr like 'y.y.') | stats sum(bytes) as bytesTransferred by srcAddr, dstAddr | sort bytesTransferred desc | limit 10",
    ["filter", "stats", "sort", "limit"],
  ],
];

const BIN_UNITS = [
  ["1ms", 1],
  ["1msec", 1],
  ["1millisecond", 1],
  ["2milliseconds", 2],
  ["1s", 1_000],
  ["1sec", 1_000],
  ["2secs", 2_000],
  ["1second", 1_000],
  ["1m", 60_000],
  ["1min", 60_000],
  ["2mins", 120_000],
  ["1minute", 60_000],
  ["1h", 3_600_000],
  ["1hr", 3_600_000],
  ["2hrs", 7_200_000],
  ["1hour", 3_600_000],
  ["1d", 86_400_000],
  ["1day", 86_400_000],
  ["2days", 172_800_000],
  ["1w", 604_800_000],
  ["1week", 604_800_000],
  ["1mo", 2_592_000_000],
  ["1mon", 2_592_000_000],
  ["2mons", 5_184_000_000],
  ["1month", 2_592_000_000],
  ["1q", 7_862_400_000],
  ["1qtr", 7_862_400_000],
  ["2qtrs", 15_724_800_000],
  ["1quarter", 7_862_400_000],
  ["1y", 31_536_000_000],
  ["1yr", 31_536_000_000],
  ["2yrs", 63_072_000_000],
  ["1year", 31_536_000_000],
] as const;

function parsed(text: string): QueryAst {
  const result = parseQuery(text);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(text)} to parse: ${result.error.message}`);
  return result.value;
}

describe("parseQuery on AWS's documented examples", () => {
  it.each(DOCUMENTED)("accepts %s", (_name, query, kinds) => {
    // Act
    const ast = parsed(query);

    // Assess
    expect(ast.commands.map((c) => c.kind)).toEqual(kinds);
  });

  it("reads a query whose banner comment is a long run of #, in linear time", () => {
    // Prepare: the span of each command used to be trimmed with a regex that backtracked exponentially here.
    const query = `fields @timestamp # ${"#".repeat(40)}\n| filter level = 'error' # ${"#".repeat(40)}\n| limit 5`;

    // Act
    const ast = parsed(query);

    // Assess
    expect(ast.commands.map((c) => c.kind)).toEqual(["fields", "filter", "limit"]);
    expect(ast.commands[1]?.span).toEqual({
      start: query.indexOf("filter"),
      end: query.indexOf("'error'") + 7,
    });
  });

  it("reads parse without a field as parsing @message", () => {
    // Act
    const ast = parsed("parse 'Init Duration: * ms' as initDuration");

    // Assess
    expect(ast.commands[0]).toMatchObject({
      kind: "parse",
      source: { kind: "field", name: "@message" },
      pattern: { kind: "glob", text: "Init Duration: * ms" },
      names: ["initDuration"],
    });
  });

  it("reads sort by as sort and ! as not", () => {
    // Act
    const ast = parsed("filter !isPresent(errorCode) | sort by @timestamp desc");

    // Assess
    expect(ast.commands[0]).toMatchObject({
      condition: { kind: "unary", op: "not", operand: { kind: "call", name: "isPresent" } },
    });
    expect(ast.commands[1]).toMatchObject({
      keys: [{ text: "@timestamp", direction: "desc", explicit: true }],
    });
  });

  it("keeps SOURCE's selector and its start/end options", () => {
    // Act
    const ast = parsed("SOURCE logGroups(namePrefix: ['/aws/lambda']) start=-1h end=now | limit 1");

    // Assess
    expect(ast.commands[0]).toMatchObject({
      kind: "source",
      selector: { kind: "call", name: "logGroups" },
      optionsText: "start=-1h end=now",
    });
  });

  it.each(BIN_UNITS)("reads bin(%s) as %d ms", (duration, ms) => {
    // Act
    const ast = parsed(`stats count(*) by bin(${duration})`);

    // Assess
    expect(ast.commands[0]).toMatchObject({
      groupBy: [{ expr: { kind: "call", name: "bin", args: [{ kind: "duration", milliseconds: ms }] } }],
    });
  });
});

describe("parseQuery refuses what CloudWatch refuses", () => {
  it.each([
    [
      "a second stats over @message",
      "fields @message | stats count(*) as n by bin(5m) | stats count(@message)",
      1,
      64,
      "'@message' is not available after the first stats",
    ],
    [
      "a second stats over a raw field",
      "stats count(*) as n by @logStream\n| stats avg(latency)",
      2,
      13,
      "'latency' is not available after the first stats",
    ],
    [
      "bin() over raw records in a second stats",
      "stats sum(bytes) as b by @logStream | stats avg(b) by bin(5m)",
      1,
      55,
      "bin() in a second stats needs @timestamp",
    ],
    [
      "a third stats",
      "stats count(*) as a by x | stats count(*) as b | stats count(*)",
      1,
      50,
      "at most 2 stats",
    ],
    ["SQL CASE", "stats sum(CASE WHEN level = 'error' THEN 1 END)", 1, 11, "no CASE expression"],
  ])("refuses %s at its line and column", (_name, query, line, column, fragment) => {
    // Act
    const result = parseQuery(query);

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect([result.error.line, result.error.column]).toEqual([line, column]);
    expect(result.error.message).toContain(fragment);
  });

  it("accepts a second stats that uses the first stats' columns and fields made from them", () => {
    // Act
    const result = parseQuery(
      "stats count(*) as n by @logStream | fields n * 2 as doubled | stats sum(doubled), max(n) by @logStream",
    );

    // Assess
    expect(result.ok ? "ok" : result.error.message).toBe("ok");
  });
});
