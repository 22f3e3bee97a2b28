// Supply chain: the lockfile is committed and complete (CI installs with
// `npm ci` from it), and no dependency's install script runs — every package
// in the lockfile that declares one is listed in package.json "allowScripts"
// as not allowed (npm 11 then skips it), so installing downloads and builds
// nothing beyond the registry tarballs. (`npm audit` needs the registry's
// advisory endpoint, which this network does not offer; docs/reliability.md.)
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";

const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
const pkg = JSON.parse(readFileSync("package.json", "utf8"));

describe("supply chain", () => {
  it("lockfile v3 matches package.json's dependencies", () => {
    expect(lock.lockfileVersion).toBe(3);
    const root = lock.packages[""];
    expect(root.dependencies).toEqual(pkg.dependencies);
    expect(root.devDependencies).toEqual(pkg.devDependencies);
  });

  it("every dependency with an install script is reviewed and not allowed to run", () => {
    const withScripts = Object.entries(lock.packages as Record<string, { hasInstallScript?: boolean }>)
      .filter(([path, p]) => path && p.hasInstallScript)
      .map(([path]) => path.replace(/^.*node_modules\//, ""));
    expect(withScripts.length).toBeGreaterThan(0); // esbuild at least: the check is live
    for (const name of withScripts) expect(pkg.allowScripts?.[name], name).toBe(false);
  });
});
