import { describe, expect, it } from "vitest";
import { evaluateText, record, runPipeline } from "./pipeline-helpers.js";

/** 2026-11-20 10:17:42.123 UTC. */
const T = Date.UTC(2026, 10, 20, 10, 17, 42, 123);
const ROW = record(T, {
  logGroup: "/aws/lambda/smoke_test",
  name: "  Ada  ",
  empty: "",
  blank: "   ",
  level: "error",
  srcAddr: "192.0.2.37",
  v6: "2001:db8::17",
  bytes: -42.5,
  millis: 1_700_000_000_000,
});

/**
 * Golden cases from AWS's function pages of the Logs Insights query syntax (string, numeric, datetime, IP,
 * general, boolean and comparison functions), with the documented inputs where the page gives one.
 */
const CASES: readonly (readonly [string, string | null])[] = [
  // String functions
  ['strlen("hello")', "5"],
  ["strlen(name)", "7"],
  ['toupper("hello")', "HELLO"],
  ['tolower("HeLLo")', "hello"],
  ["trim(name)", "Ada"],
  ["ltrim(name)", "Ada  "],
  ["rtrim(name)", "  Ada"],
  ['trim("xyZxyfooxyxyZ", "xyZ")', "foo"],
  ['ltrim("xyZxyfooxyZ", "xyZ")', "fooxyZ"],
  ['rtrim("xyZfooxyxyZ", "xyZ")', "xyZfoo"],
  ['concat("a", "-", 1, "-", level)', "a-1-error"],
  ['substr("xyZfooxyZ", 3, 3)', "foo"],
  ['substr("xyZfooxyZ", 3)', "fooxyZ"],
  ['replace(logGroup, "smoke_test", "Smoke")', "/aws/lambda/Smoke"],
  ['replace("a.b.c", ".", "/")', "a/b/c"],
  ['strcontains(logGroup, "lambda")', "1"],
  ['strcontains(logGroup, "ecs")', "0"],
  ["strcontains(missing, 'x')", null],
  ["isempty(empty)", "true"],
  ["isempty(missing)", "true"],
  ["isempty(level)", "false"],
  ["isblank(blank)", "true"],
  ["isblank(level)", "false"],
  // Numeric functions and operators
  ["abs(bytes)", "42.5"],
  ["ceil(bytes)", "-42"],
  ["ceil(2.1)", "3"],
  ["floor(2.9)", "2"],
  ["greatest(3, 9, 4)", "9"],
  ["least(3, 9, 4)", "3"],
  ["log(1)", "0"],
  ["sqrt(16)", "4"],
  ["7 % 3", "1"],
  ["2 ^ 10", "1024"],
  ["10 / 4", "2.5"],
  ["1 + 2 * 3", "7"],
  // Datetime functions
  ["bin(5m)", "2026-11-20 10:15:00.000"],
  ["datefloor(@timestamp, 1h)", "2026-11-20 10:00:00.000"],
  ["dateceil(@timestamp, 1h)", "2026-11-20 11:00:00.000"],
  ["datefloor(@timestamp, 1d)", "2026-11-20 00:00:00.000"],
  ["fromMillis(millis)", "2023-11-14 22:13:20.000"],
  ["fromMillis(0)", "1970-01-01 00:00:00.000"],
  ["toMillis(@timestamp)", String(T)],
  // IP functions
  ["isValidIp(srcAddr)", "true"],
  ["isValidIp(v6)", "true"],
  ['isValidIp("300.1.1.1")', "false"],
  ["isValidIpV4(srcAddr)", "true"],
  ["isValidIpV4(v6)", "false"],
  ["isValidIpV6(v6)", "true"],
  ['isIpInSubnet(srcAddr, "192.0.2.0/24")', "true"],
  ['isIpInSubnet(srcAddr, "198.51.100.0/24")', "false"],
  ['isIpv4InSubnet(srcAddr, "192.0.2.0/26")', "true"],
  ['isIpv4InSubnet(srcAddr, "192.0.2.0/27")', "false"],
  ['isIpv4InSubnet(v6, "2001:db8::/32")', "false"],
  ['isIpv6InSubnet(v6, "2001:db8::/32")', "true"],
  ['isIpv6InSubnet(v6, "2001:db9::/32")', "false"],
  ['isIpInSubnet(v6, "2001:db8::10/124")', "true"],
  // General functions
  ["ispresent(level)", "true"],
  ["ispresent(missing)", "false"],
  ["coalesce(missing, other, level)", "error"],
  ["coalesce(missing, other)", null],
  // Boolean and comparison operators
  ['level = "error"', "true"],
  ['level != "error"', "false"],
  ["bytes < 0 and not ispresent(missing)", "true"],
  ["bytes > 0 or !ispresent(level)", "false"],
  ["missing = 1", "false"],
  ['level in ["warn", "error"]', "true"],
  ['level not in ["warn", "error"]', "false"],
  ['level like "rr"', "true"],
  ["level like /^ERR/", "false"],
  ["level like /(?i)^ERR/", "true"],
  ["level =~ /or$/", "true"],
  ['level not like "warn"', "true"],
];

describe("local engine functions, AWS's documented examples", () => {
  it.each(CASES)("%s gives %s", (expression, expected) => {
    // Act
    const value = evaluateText(expression, ROW);

    // Assess
    expect(value).toBe(expected);
  });
});

describe("local engine stats functions, AWS's documented examples", () => {
  const t0 = Date.UTC(2026, 10, 20, 10, 0, 0);
  const rows = [
    record(t0 + 1_000, { host: "b", latency: 30, status: "200" }),
    record(t0 + 2_000, { host: "a", latency: 10, status: "500" }),
    record(t0 + 3_000, { host: "c", latency: 20, status: "200" }),
    record(t0 + 4_000, { host: "a", latency: 40, status: "404" }),
  ];

  it("computes every aggregate over one group", () => {
    // Act
    const result = runPipeline(
      `stats count(*) as n, count(latency) as nl, count_distinct(host) as hosts, sum(latency) as total,
         avg(latency) as mean, min(latency) as lo, max(latency) as hi, pct(latency, 50) as median,
         p75(latency) as p75, percentile(latency, 99) as p99, stddev(latency) as sd,
         earliest(host) as first, latest(host) as last, sortsFirst(host) as sf, sortsLast(host) as sl`,
      rows,
    );

    // Assess
    expect(result).toEqual([
      {
        n: "4",
        nl: "4",
        hosts: "3",
        total: "100",
        mean: "25",
        lo: "10",
        hi: "40",
        median: "20",
        p75: "30",
        p99: "40",
        sd: String(Math.sqrt(500 / 3)),
        first: "b",
        last: "a",
        sf: "a",
        sl: "c",
      },
    ]);
  });

  it("groups by a field and by bin(), oldest bucket first", () => {
    // Act
    const byHost = runPipeline("stats sum(latency) as total by host | sort host asc", rows);
    const byBin = runPipeline("stats count(*) as n by bin(2s)", rows);

    // Assess
    expect(byHost).toEqual([
      { host: "a", total: "50" },
      { host: "b", total: "30" },
      { host: "c", total: "20" },
    ]);
    expect(byBin).toEqual([
      { "bin(2s)": "2026-11-20 10:00:00.000", n: "1" },
      { "bin(2s)": "2026-11-20 10:00:02.000", n: "2" },
      { "bin(2s)": "2026-11-20 10:00:04.000", n: "1" },
    ]);
  });
});
