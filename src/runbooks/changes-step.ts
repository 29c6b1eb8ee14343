/**
 * The built-in step query `changes`: a checklist step with `query: { template: changes }` (optionally a
 * `window` such as `6h`) lists the changes made before the alarm instead of running a Logs Insights template.
 */
export const CHANGES_STEP = "changes";
