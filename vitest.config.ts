import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Tests run the debug core (bounds checks, assertions) unless a test asks for release.
    env: { GRAINFEM_BUILD: "debug" },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
