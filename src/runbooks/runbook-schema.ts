import { z } from "zod";
import { TemplateSchema } from "../config/schema.js";

const oneOrMany = <T extends z.ZodType>(t: T) => z.union([t, z.array(t)]);

/** A link a person clicks: only http(s), so a `javascript:` or `data:` URL never lands in a page's `href`. */
const webUrl = z.url({
  protocol: /^https?$/,
  error: "expected an http:// or https:// URL (other schemes such as javascript: or data: are refused)",
});

/** A checklist step: plain text, or text with a query (a template name and parameters bound from the alarm). */
const stepText = z
  .string()
  .min(1)
  .max(
    75,
    "checklist text is a Slack checkbox option, which holds at most 75 characters; move detail to the body",
  );

export const ChecklistItemSchema = z.union([
  stepText,
  z
    .object({
      text: stepText,
      query: z
        .object({
          template: z.string().min(1),
          params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
          window: z.string().min(1).optional(),
        })
        .strict()
        .optional(),
    })
    .strict(),
]);

/** The YAML front matter of a `runbooks/*.md` file. */
export const RunbookFrontMatterSchema = z
  .object({
    title: z.string().min(1),
    description: z.string().optional(),
    match: z
      .object({
        alarmName: oneOrMany(z.string().min(1)).optional(),
        namespace: oneOrMany(z.string().min(1)).optional(),
        services: oneOrMany(z.string().min(1)).optional(),
      })
      .strict()
      .default({}),
    severity: z.enum(["critical", "high", "warning", "info"]).optional(),
    owner: z.string().optional(),
    url: webUrl.optional(),
    links: z.array(z.object({ label: z.string().min(1), url: webUrl }).strict()).default([]),
    checklist: z.array(ChecklistItemSchema).default([]),
    queries: z
      .record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "query names are kebab-case"), TemplateSchema)
      .default({}),
  })
  .strict();

export type RunbookFrontMatter = z.infer<typeof RunbookFrontMatterSchema>;

/** One checklist step, normalised. */
export interface ChecklistItem {
  readonly id: string;
  readonly text: string;
  readonly query?: {
    readonly template: string;
    readonly params: Readonly<Record<string, string | number>>;
    readonly window?: string;
  };
}

/** A loaded, validated runbook. `name` is the file name without `.md`. */
export interface Runbook {
  readonly name: string;
  readonly file: string;
  readonly title: string;
  readonly description?: string;
  readonly match: RunbookFrontMatter["match"];
  readonly severity?: RunbookFrontMatter["severity"];
  readonly owner?: string;
  readonly url?: string;
  readonly links: RunbookFrontMatter["links"];
  readonly checklist: readonly ChecklistItem[];
  readonly queries: RunbookFrontMatter["queries"];
  /** The Markdown body after the front matter. */
  readonly body: string;
}
