import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: {
    // examples import the package by name, as users do; tests run them against the sources
    alias: [
      { find: /^grainfem\/node$/, replacement: fileURLToPath(new URL("./src/node.ts", import.meta.url)) },
      { find: /^grainfem$/, replacement: fileURLToPath(new URL("./src/index.node.ts", import.meta.url)) },
    ],
  },
  test: {
    include: ["tests/**/*.test.ts"],
    // Tests run the debug core (bounds checks, assertions) unless a test asks for release.
    env: { GRAINFEM_BUILD: "debug" },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    // The JSON report is what .ci/run counts (CI does not read vitest's own summary).
    reporters: ["default", ["json", { outputFile: ".vitest-report.json" }]],
  },
});
