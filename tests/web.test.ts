// The browser app (examples/web) end to end in a real browser: Debian's
// chromium driven by playwright-core. The site is built with Vite (as `npm
// run build:web` does) and served on 127.0.0.1 with the cross-origin
// isolation headers; the page runs the default demo in a Web Worker and must
// reach data-status=done with a picture on both canvases, show the
// summary's numbers, offer a valid VTU, refuse a bad form value with the
// reason, re-run with changed controls and run on an uploaded .msh file.
// The core runs on a pool of Web Workers (threads "auto"), or on one thread
// when the form says so.
// The browser's numbers are compared with the same run in Node (same mesh; numbers to 1e-10).
// Screenshots go to test-results/.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { PNG } from "pngjs";
import { build, preview, type PreviewServer } from "vite";
import type { Browser, Page } from "playwright-core";
import { loadCore, resolveConfig, runComparison, shutdownPool } from "grainfem";
import { parseVtu } from "../src/io/vtu-read.js";

// the Node side of the browser-vs-Node comparison runs the release core, as the browser does
process.env.GRAINFEM_BUILD = "release";
const CHROMIUM = "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
const CONFIG = "examples/web/vite.config.ts";
const shots = "test-results";

/** Luminance statistics of a PNG screenshot. */
function pixelStats(png: Buffer): { variance: number; colors: number } {
  const img = PNG.sync.read(png);
  let s = 0, s2 = 0;
  const colors = new Set<number>();
  const n = img.width * img.height;
  for (let i = 0; i < n; i++) {
    const [r, g, b] = [img.data[4 * i], img.data[4 * i + 1], img.data[4 * i + 2]];
    const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    s += y;
    s2 += y * y;
    colors.add((r << 16) | (g << 8) | b);
  }
  return { variance: s2 / n - (s / n) ** 2, colors: colors.size };
}

async function waitDone(page: Page, ms = 120_000): Promise<string> {
  await page.waitForFunction(() => document.body.dataset.status !== "running", null, { timeout: ms });
  const status = await page.evaluate(() => document.body.dataset.status!);
  if (status !== "done") throw new Error(`page status ${status}: ${await page.textContent("#status")}`);
  return status;
}

async function downloadJson(page: Page, button: string): Promise<any> {
  const [d] = await Promise.all([page.waitForEvent("download"), page.click(button)]);
  return JSON.parse(readFileSync((await d.path())!, "utf8"));
}

describe.skipIf(!haveChromium)("browser app (examples/web) in chromium", () => {
  let server: PreviewServer;
  let browser: Browser;
  let page: Page;
  let url = "";

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    await build({ configFile: CONFIG, logLevel: "error" });
    server = await preview({ configFile: CONFIG, preview: { port: 0, host: "127.0.0.1" }, logLevel: "error" });
    url = server.resolvedUrls!.local[0];
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--enable-unsafe-swiftshader", "--ignore-gpu-blocklist"] });
    page = await browser.newPage({ viewport: { width: 1400, height: 1150 }, acceptDownloads: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await shutdownPool();
  });

  it("serves the site cross-origin isolated (COOP/COEP) with the wasm as a separate asset", async () => {
    const r = await fetch(url);
    expect(r.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(r.headers.get("cross-origin-embedder-policy")).toBe("require-corp");
    expect(existsSync("dist/web/index.html")).toBe(true);
  });

  it("runs the demo in a Web Worker: done, both canvases drawn, the summary's max von Mises shown, a valid VTU offered", async () => {
    const t0 = Date.now();
    await page.goto(url);
    await waitDone(page);
    const seconds = (Date.now() - t0) / 1000;
    await page.screenshot({ path: join(shots, "web-demo.png"), fullPage: true });
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);

    for (const id of ["#view-asslb", "#view-lelb"]) {
      const { variance, colors } = pixelStats(await page.locator(id).screenshot());
      expect(variance, id).toBeGreaterThan(100); // a blank canvas has 0
      expect(colors, id).toBeGreaterThan(200);
    }

    const k = Number(await page.inputValue("#soc"));
    const summary = await downloadJson(page, "#dl-summary");
    for (const c of ["asslb", "lelb"]) {
      const cell = page.locator(`[data-testid=vm-max-${c}]`);
      const max = summary[c].snapshots[k].vonMisesMPa.max;
      expect(Number(await cell.getAttribute("data-value"))).toBe(max);
      expect(await cell.textContent()).toBe(max.toFixed(0));
    }
    expect(summary.asslb.massBalanceRelError).toBeLessThan(1e-10);
    expect(summary.asslb.snapshots[1].heterogeneity).toBeGreaterThan(summary.lelb.snapshots[1].heterogeneity);

    // the browser-written VTU (zlib by fflate) reads back with the points and fields of the run
    const [d] = await Promise.all([page.waitForEvent("download"), page.click("#dl-vtu-asslb")]);
    const grid = parseVtu(readFileSync((await d.path())!), d.suggestedFilename(), { inflate: (x) => inflateSync(x) });
    expect(d.suggestedFilename()).toBe("asslb_result_soc50.vtu");
    expect(grid.types.length).toBe(summary.asslb.mesh.tets);
    expect(grid.pointData.map((a) => a.name)).toEqual(expect.arrayContaining(["theta", "vonMises"]));

    // the page is cross-origin isolated, so the worker's core ran on a pool of Web Workers ("auto": the cores, ≤ 4)
    const threads = summary.asslb.producer.threads;
    expect(threads).toBeGreaterThanOrEqual(Math.min(2, availableParallelism()));
    expect(threads).toBeLessThanOrEqual(4);
    // the same run in Node on as many threads (same wasm core; the rows each thread owns, and so every sum, are the same): the same numbers
    const core = await loadCore("release", { threads });
    const node = await runComparison(resolveConfig(summary.asslb.config), { core }).finally(() => core.dispose());
    expect(node.asslb.summary.producer.threads).toBe(threads);
    // the mesh is identical: same counts, same reactive grains
    expect({ ...node.asslb.summary.mesh, quality: 0 }).toEqual({ ...summary.asslb.mesh, quality: 0 });
    expect(node.asslb.summary.reactive.grainIds).toEqual(summary.asslb.reactive.grainIds);
    for (const c of ["asslb", "lelb"] as const) {
      for (let s = 0; s < summary[c].snapshots.length; s++) {
        const b = summary[c].snapshots[s], n = node[c].summary.snapshots[s];
        // the same wasm core, but the JavaScript around it runs on another V8 (Node 20's vs Chromium's): the last bits may
        // differ, and the CG solves (from projected guesses, to 1e-8) carry such differences on: seen up to 1.2e-11 relative
        for (const [x, y] of [[b.heterogeneity, n.heterogeneity], [b.vonMisesMPa.max, n.vonMisesMPa.max], [b.thetaMean, n.thetaMean], [b.vonMisesMPa.mean, n.vonMisesMPa.mean]]) {
          expect(Math.abs(x - y)).toBeLessThanOrEqual(1e-10 * Math.abs(y));
        }
      }
    }
    console.log(`browser demo: ${summary.asslb.mesh.tets} tets, status done after ${seconds.toFixed(1)} s; numbers equal to Node's within 1e-10`);
  });

  it("refuses an invalid form value with the reason, then re-runs with changed controls", async () => {
    await page.fill("#cRate", "-1");
    await page.click("#run");
    await expect.poll(() => page.textContent("#form-error")).toMatch(/cycling\.cRate: must be > 0/);
    expect(await page.getAttribute("#cRate", "class")).toContain("invalid");
    expect(await page.evaluate(() => document.body.dataset.status)).toBe("done"); // nothing ran
    await page.screenshot({ path: join(shots, "web-invalid.png") });

    await page.fill("#cRate", "2");
    await page.fill("#grains", "12");
    await page.fill("#seed", "4");
    await page.selectOption("#threads", "1");
    await page.selectOption("#field", "theta");
    await page.click("#run");
    await page.waitForFunction(() => document.body.dataset.status === "running");
    await waitDone(page);
    expect(await page.textContent("#run-info")).toMatch(/12 grains.* on 1 thread /);
    const summary = await downloadJson(page, "#dl-summary");
    expect(summary.asslb.config.geometry.grains).toBe(12);
    expect(summary.asslb.config.cycling.cRate).toBe(2);
    expect(summary.asslb.config.solver.threads).toBe(1);
    expect(summary.asslb.producer.threads).toBe(1);
    await page.selectOption("#clip-axis", "0");
    await page.fill("#clip-offset", "30");
    await page.dispatchEvent("#clip-offset", "input");
    await page.screenshot({ path: join(shots, "web-rerun-theta.png"), fullPage: true });
    const { variance } = pixelStats(await page.locator("#view-lelb").screenshot());
    expect(variance).toBeGreaterThan(100);
  });

  it("runs on an uploaded .msh mesh file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "grainfem-web-"));
    const msh = join(dir, "particle.msh");
    const r = spawnSync(process.execPath, ["bin/grainfem.js", "mesh", "--grains", "8", "--seed", "5", "--size-um", "1.2", "--out", msh, "--json", "--quiet"], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const tets = JSON.parse(r.stdout).tets;
    await page.setInputFiles("#mesh-file", msh);
    await expect.poll(() => page.textContent("#mesh-name")).toMatch(/particle\.msh/);
    await page.click("#run");
    await page.waitForFunction(() => document.body.dataset.status === "running");
    await waitDone(page);
    expect(await page.textContent("#run-info")).toMatch(new RegExp(`${tets.toLocaleString("en")} tets \\(P1\\).*8 grains`));
    await page.screenshot({ path: join(shots, "web-mesh-file.png"), fullPage: true });
  });

  it("shows a failing run as data-status=error with the message", async () => {
    await page.setInputFiles("#mesh-file", { name: "broken.msh", mimeType: "text/plain", buffer: Buffer.from("$MeshFormat\n4.1 0 8\n$EndMeshFormat\n$Nodes\n1 2\n") });
    await page.click("#run");
    await page.waitForFunction(() => document.body.dataset.status === "error", null, { timeout: 60_000 });
    expect(await page.textContent("#status")).toMatch(/InputError: broken\.msh/);
    expect(await page.getAttribute(".results", "class")).toContain("stale"); // the earlier result is marked as such
    await page.screenshot({ path: join(shots, "web-error.png") });
  });
});
