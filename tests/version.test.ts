import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { VERSION } from "grainfem";

describe("version", () => {
  it("VERSION (reported in summary.json producer and --version) equals package.json's version", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(VERSION).toBe(pkg.version);
  });
});
