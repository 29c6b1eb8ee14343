import { z } from "zod";

/** A config duration such as `30s`, `15m`, `2h` or `1d`. */
export const duration = z.string().regex(/^\d+[smhd]$/, "expected a duration such as 30s, 15m, 2h or 1d");

/** A query template parameter: its type and limits, default and description. */
export const ParamSchema = z.discriminatedUnion("type", [
  z
    .object({
      type: z.literal("string"),
      pattern: z.string().optional(),
      maxLength: z.number().int().positive().optional(),
      default: z.string().optional(),
      description: z.string().optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal("enum"),
      values: z.array(z.string().min(1)).min(1),
      default: z.string().optional(),
      description: z.string().optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal("int"),
      min: z.number().int().optional(),
      max: z.number().int().optional(),
      default: z.number().int().optional(),
      description: z.string().optional(),
    })
    .strict(),
  z
    .object({ type: z.literal("duration"), default: duration.optional(), description: z.string().optional() })
    .strict(),
  z
    .object({ type: z.literal("id"), default: z.string().optional(), description: z.string().optional() })
    .strict(),
]);
