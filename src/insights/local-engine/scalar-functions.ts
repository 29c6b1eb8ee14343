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

/** An address as a bit string (32 bits for IPv4, 128 for IPv6), or undefined when it is not an address. */
function addressBits(ip: string): string | undefined {
  const family = isIP(ip);
  if (family === 4)
    return ip
      .split(".")
      .map((p) => Number(p).toString(2).padStart(8, "0"))
      .join("");
  if (family !== 6) return undefined;
  let text = ip;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1] !== undefined) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted[1].split(".").map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const headParts = head === "" ? [] : head.split(":");
  const tailParts = tail === undefined || tail === "" ? [] : tail.split(":");
  const zeros = new Array<string>(8 - headParts.length - tailParts.length).fill("0");
  return [...headParts, ...zeros, ...tailParts]
    .map((h) => Number.parseInt(h, 16).toString(2).padStart(16, "0"))
    .join("");
}

/** Whether `ip` lies in `cidr`; `family` 4 or 6 also requires that family, 0 accepts either. */
function inSubnet(ip: string, cidr: string, family: 4 | 6 | 0): boolean {
  const [base = "", bitsText] = cidr.split("/");
  if (isIP(ip) === 0 || isIP(ip) !== isIP(base) || (family !== 0 && isIP(ip) !== family)) return false;
  const ipBits = addressBits(ip);
  const baseBits = addressBits(base);
  if (ipBits === undefined || baseBits === undefined) return false;
  const bits = bitsText === undefined ? ipBits.length : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > ipBits.length) return false;
  return ipBits.slice(0, bits) === baseBits.slice(0, bits);
}

/** `trim(str[, trimChars])`: whitespace, or any of the characters of `trimChars`, from either end. */
function trimWith(value: Value | undefined, chars: Value | undefined, left: boolean, right: boolean): Value {
  const text = str(value);
  if (text === null) return null;
  const set = str(chars);
  if (set === null) return left && right ? text.trim() : left ? text.trimStart() : text.trimEnd();
  let from = 0;
  let to = text.length;
  while (left && from < to && set.includes(text.charAt(from))) from++;
  while (right && to > from && set.includes(text.charAt(to - 1))) to--;
  return text.slice(from, to);
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
  trim: ([s, chars]) => trimWith(s, chars, true, true),
  ltrim: ([s, chars]) => trimWith(s, chars, true, false),
  rtrim: ([s, chars]) => trimWith(s, chars, false, true),
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
  isipv6insubnet: ([ip, cidr]) => inSubnet(str(ip ?? null) ?? "", str(cidr ?? null) ?? "", 6),
  unmask: ([a]) => a ?? null,
};
