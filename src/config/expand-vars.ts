/**
 * Expands `${NAME}` and `{name}` placeholders in a log-group name from the config's `vars`, so one config
 * serves `/aws/containerinsights/${CLUSTER_NAME}/application` and `/ecs/tradai-backend-{env}` alike.
 * Returns the expanded text and the names that had no value, which start-up reports as errors.
 */
export function expandVars(
  text: string,
  vars: Readonly<Record<string, string>>,
): { text: string; missing: string[] } {
  const missing: string[] = [];
  const out = text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)\}(?!\})/g,
    (m, a, b) => {
      const name = (a ?? b) as string;
      const value = vars[name];
      if (value === undefined) {
        missing.push(name);
        return m;
      }
      return value;
    },
  );
  return { text: out, missing };
}
