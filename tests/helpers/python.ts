/** Running Debian's python3 (where python3-meshio lives) from tests; skip when absent. */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export const SYSTEM_PYTHON = "/usr/bin/python3";

/** True when /usr/bin/python3 can import `module`. */
export function hasPythonModule(module: string): boolean {
  if (!existsSync(SYSTEM_PYTHON)) return false;
  return spawnSync(SYSTEM_PYTHON, ["-c", `import ${module}`], { stdio: "ignore" }).status === 0;
}

/** Run a python script with args; returns stdout, throws with stderr on failure. */
export function runPython(script: string, args: string[] = []): string {
  const r = spawnSync(SYSTEM_PYTHON, ["-c", script, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return r.stdout;
}
