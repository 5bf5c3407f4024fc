/** Types of esbuild.config.mjs (plain JavaScript so that `node esbuild.config.mjs` runs it as it is). */
export interface BuiltBlueprint {
  readonly name: string;
  /** The folder holding index.mjs, its source map and the legal comments file. */
  readonly dir: string;
  readonly outfile: string;
  /** File names in `dir`, sorted. */
  readonly files: readonly string[];
  /** Source files the bundle contains (esbuild metafile inputs), repository-relative. */
  readonly inputs: readonly string[];
}

export function blueprintNames(): Promise<string[]>;
export function buildBlueprints(options?: { readonly names?: readonly string[]; readonly outdir?: string; readonly minify?: boolean }): Promise<BuiltBlueprint[]>;
