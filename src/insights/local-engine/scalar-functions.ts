import { isIP } from "node:net";
import { isTime, timeValue, toNumber, toText, type Value } from "./values.js";

type ScalarFunction = (args: readonly Value[]) => Value;

function str(value: Value | undefined): string | null {
  return value === undefined || value === null ? null : toText(value);
}

function num(value: Value | undefined): number | null {
  return value === undefined ? null : toNumber(value);
}

function mapNumber(fn: (n: number) => number): ScalarFunction {
  return ([a]) => {
    const n = num(a);
    return n === null ? null : fn(n);
  };
}

function mapString(fn: (s: string) => Value): ScalarFunction {
  return ([a]) => {
    const s = str(a);
    return s === null ? null : fn(s);
  };
}

function ipv4ToInt(ip: string): number {
  return ip.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
}

function inSubnet(ip: string, cidr: string, family: 4 | 6 | 0): boolean {
  const [base, bitsText] = cidr.split("/");
  if (base === undefined || isIP(ip) !== 4 || isIP(base) !== 4 || family === 6) return false;
  const bits = Number(bitsText ?? "32");
  if (!Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const block = 2 ** (32 - bits);
  return Math.floor(ipv4ToInt(ip) / block) === Math.floor(ipv4ToInt(base) / block);
}

function truncateTime(value: Value | undefined, unitMs: Value | undefined, ceil: boolean): Value {
  const ms = num(value ?? null);
  const step = num(unitMs ?? null);
  if (ms === null || step === null || step <= 0) return null;
  return timeValue((ceil ? Math.ceil(ms / step) : Math.floor(ms / step)) * step);
}

/**
 * Non-aggregate Logs Insights functions by lower-case name. Absent arguments give absent results, as in
 * CloudWatch; `strcontains` returns 1 or 0; `substr` is 0-based; `bin` and `datefloor` floor to a multiple of the
 * duration since the epoch (durations evaluate to milliseconds).
 */
export const SCALAR_FUNCTIONS: Readonly<Record<string, ScalarFunction>> = {
  strlen: mapString((s) => s.length),
  toupper: mapString((s) => s.toUpperCase()),
  tolower: mapString((s) => s.toLowerCase()),
  trim: mapString((s) => s.trim()),
  ltrim: mapString((s) => s.trimStart()),
  rtrim: mapString((s) => s.trimEnd()),
  concat: (args) => args.map((a) => str(a) ?? "").join(""),
  substr: ([s, start, length]) => {
    const text = str(s ?? null);
    const from = num(start);
    if (text === null || from === null) return null;
    const len = num(length);
    return len === null ? text.slice(from) : text.slice(from, from + len);
  },
  replace: ([s, search, replacement]) => {
    const text = str(s ?? null);
    if (text === null) return null;
    return text.split(str(search ?? null) ?? "").join(str(replacement ?? null) ?? "");
  },
  strcontains: ([s, search]) => {
    const text = str(s ?? null);
    return text === null ? null : text.includes(str(search ?? null) ?? "") ? 1 : 0;
  },
  isempty: ([a]) => a === undefined || a === null || toText(a) === "",
  isblank: ([a]) => a === undefined || a === null || toText(a).trim() === "",
  ispresent: ([a]) => a !== undefined && a !== null,
  coalesce: (args) => args.find((a) => a !== null) ?? null,
  abs: mapNumber(Math.abs),
  ceil: mapNumber(Math.ceil),
  floor: mapNumber(Math.floor),
  log: mapNumber(Math.log),
  sqrt: mapNumber(Math.sqrt),
  greatest: (args) => {
    const nums = args.map((a) => toNumber(a)).filter((n): n is number => n !== null);
    return nums.length === 0 ? null : Math.max(...nums);
  },
  least: (args) => {
    const nums = args.map((a) => toNumber(a)).filter((n): n is number => n !== null);
    return nums.length === 0 ? null : Math.min(...nums);
  },
  frommillis: ([a]) => {
    const n = num(a);
    return n === null ? null : timeValue(n);
  },
  tomillis: ([a]) => (a === undefined || a === null ? null : isTime(a) ? a.ms : toNumber(a)),
  datefloor: ([a, unit]) => truncateTime(a, unit, false),
  dateceil: ([a, unit]) => truncateTime(a, unit, true),
  isvalidip: mapString((s) => isIP(s) !== 0),
  isvalidipv4: mapString((s) => isIP(s) === 4),
  isvalidipv6: mapString((s) => isIP(s) === 6),
  isipinsubnet: ([ip, cidr]) => inSubnet(str(ip ?? null) ?? "", str(cidr ?? null) ?? "", 0),
  isipv4insubnet: ([ip, cidr]) => inSubnet(str(ip ?? null) ?? "", str(cidr ?? null) ?? "", 4),
  unmask: ([a]) => a ?? null,
};
