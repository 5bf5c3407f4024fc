/**
 * Code generation for hot paths (the formats' row builders and field readers): a function made from
 * source text with `new Function`, seeing the given values by name. Undefined where the platform
 * disallows code generation (node --disallow-code-generation-from-strings, a content security policy):
 * callers then keep a loop that gives the same results. Callers build the source from schema names
 * quoted with JSON.stringify, never from record content.
 */
export function generateFunction<F>(bindings: Readonly<Record<string, unknown>>, source: string): F | undefined {
  const names = Object.keys(bindings);
  try {
    const factory = new Function(...names, `return ${source};`) as (...values: unknown[]) => F;
    return factory(...names.map((name) => bindings[name]));
  } catch {
    return undefined;
  }
}
