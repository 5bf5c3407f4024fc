/**
 * A package-lock.json for a consumer project that installs the packed tarball, so that `npm ci --offline`
 * can install it from the npm cache alone. `npm install <tarball> --offline` would have to resolve every
 * semver range from registry metadata, which `npm ci` never downloads (it fetches tarballs by the lock's
 * integrity): on a fresh CI machine the cache holds exactly this repository's locked tarballs and no
 * metadata, and the install fails (observed with a cache filled only by `npm ci`: "ENOTCACHED request to
 * https://registry.npmjs.org/@aws-sdk%2fclient-firehose failed: cache mode is 'only-if-cached'"). So the ranges are resolved here, the way npm lays out
 * node_modules, against this repository's lock: starting from what the tarball's package.json declares
 * (dependencies, non-optional peers) and what the consumer adds, every package reachable from them is
 * copied with its locked version and integrity. npm then installs the tarball (its `files`, its `bin`) and
 * those packages, and `npm ls --all` checks the installed tree against every declared range.
 */

export interface LockEntry {
  readonly version?: string;
  readonly integrity?: string;
  readonly resolved?: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
  readonly [key: string]: unknown;
}

export interface Lock {
  readonly packages: Readonly<Record<string, LockEntry>>;
}

export interface ConsumerManifest {
  readonly name: string;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
}

/** The lock path a package `name` required from the package at `from` resolves to (Node's lookup up the node_modules folders). */
function resolveIn(packages: Readonly<Record<string, LockEntry>>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (packages[candidate] !== undefined) return candidate;
    if (base === '') return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

/** Edges of an entry: required ones (dependencies, non-optional peers) and optional ones. */
function edges(entry: LockEntry): { required: string[]; optional: string[] } {
  const peers = Object.keys(entry.peerDependencies ?? {});
  return {
    required: [...Object.keys(entry.dependencies ?? {}), ...peers.filter((name) => entry.peerDependenciesMeta?.[name]?.optional !== true)],
    optional: Object.keys(entry.optionalDependencies ?? {}),
  };
}

/**
 * The consumer's lock: its root, the tarball at node_modules/<package> and every package reachable from
 * both, with the repository lock's versions. Throws when a declared dependency is not in the repository's
 * lock (the test could not install it offline).
 */
export function consumerLock(repoLock: Lock, consumer: ConsumerManifest, tarball: { readonly name: string; readonly file: string; readonly integrity: string; readonly manifest: LockEntry }): object {
  const packages = repoLock.packages;
  const out: Record<string, Record<string, unknown>> = {};
  const requiredPaths = new Set<string>();
  const optionalPaths = new Set<string>();
  const visit = (from: string, entry: LockEntry, optionalOnly: boolean): void => {
    const { required, optional } = edges(entry);
    for (const [names, viaOptional] of [[required, optionalOnly], [optional, true]] as const) {
      for (const name of names) {
        const path = resolveIn(packages, from, name);
        if (path === undefined) {
          if (viaOptional) continue;
          throw new Error(`${name}, needed by ${from === '' ? consumer.name : from}, is not in this repository's package-lock.json, so it cannot be installed offline`);
        }
        if (requiredPaths.has(path) || (viaOptional && optionalPaths.has(path))) continue;
        (viaOptional ? optionalPaths : requiredPaths).add(path);
        visit(path, packages[path]!, viaOptional);
      }
    }
  };
  const rootDeps = { ...consumer.dependencies, ...consumer.devDependencies };
  visit('', { dependencies: Object.fromEntries(Object.entries(rootDeps).filter(([name]) => name !== tarball.name)) }, false);
  visit(`node_modules/${tarball.name}`, tarball.manifest, false);
  for (const path of [...requiredPaths, ...optionalPaths].sort()) {
    if (out[path] !== undefined) continue;
    const { dev: _dev, devOptional: _devOptional, peer: _peer, optional: _optional, ...entry } = packages[path] as Record<string, unknown>;
    out[path] = requiredPaths.has(path) ? entry : { ...entry, optional: true };
  }
  const { name: _name, version, dependencies, peerDependencies, peerDependenciesMeta, bin, engines, license } = tarball.manifest;
  return {
    name: consumer.name,
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: consumer.name, dependencies: consumer.dependencies, ...(consumer.devDependencies === undefined ? {} : { devDependencies: consumer.devDependencies }) },
      [`node_modules/${tarball.name}`]: { version, resolved: `file:${tarball.file}`, integrity: tarball.integrity, license, dependencies, peerDependencies, peerDependenciesMeta, bin, engines },
      ...out,
    },
  };
}
