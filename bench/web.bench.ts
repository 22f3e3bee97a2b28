/**
 * The browser app in Chromium (Debian's, driven by playwright-core): time to
 * the first picture of the default demo (navigation → both particles drawn,
 * data-status=done), and the largest particle that runs within 60 s and 2 GB
 * — particles of growing size are run through the page's URL parameters
 * while the resident memory of all the browser's processes is sampled
 * (/proc, every 100 ms; peak reported). Skipped when chromium is absent.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { build, preview } from "vite";
import { machineLine } from "./lib/results.js";

const CHROMIUM = "/usr/bin/chromium";
const CONFIG = "examples/web/vite.config.ts";

/** Resident memory (bytes) of the chromium processes among the descendants of `root` (this process: playwright spawns the browser). */
function browserRss(root = process.pid): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const status = readFileSync(`/proc/${d}/status`, "utf8");
      const ppid = Number(/PPid:\s+(\d+)/.exec(status)?.[1]);
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const name = /Name:\s+(\S+)/.exec(status)?.[1] ?? "";
      rss.set(Number(d), name.startsWith("chrom") ? kb * 1024 : 0);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const p = stack.pop()!;
    total += rss.get(p) ?? 0;
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

interface Attempt { label: string; tets: number; seconds: number; peakBytes: number; status: string }

export async function runWebBench(): Promise<string> {
  if (!existsSync(CHROMIUM)) return "## Browser app\n\nSkipped: /usr/bin/chromium is not installed (`apt-get install chromium`).";
  await build({ configFile: CONFIG, logLevel: "error" });
  const server = await preview({ configFile: CONFIG, preview: { port: 0, host: "127.0.0.1" }, logLevel: "error" });
  const url = server.resolvedUrls!.local[0];
  const { chromium } = await import("playwright-core");
  const attempts: Attempt[] = [];
  const firstPicture: number[] = [];
  const threadRuns: Attempt[][] = [];
  try {
    /** One run in a fresh browser (so memory is this run's), with the page's form values from the URL. */
    const run = async (label: string, query: string, timeoutS: number): Promise<Attempt> => {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--enable-unsafe-swiftshader", "--ignore-gpu-blocklist"] });
      let peak = 0;
      const sampler = setInterval(() => {
        peak = Math.max(peak, browserRss());
      }, 100);
      const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
      const t0 = performance.now();
      let status = "timeout";
      try {
        await page.goto(`${url}?${query}`);
        await page.waitForFunction(() => document.body.dataset.status !== "running", null, { timeout: timeoutS * 1000 });
        status = (await page.evaluate(() => document.body.dataset.status)) ?? "?";
      } catch {
        status = "timeout";
      }
      const seconds = (performance.now() - t0) / 1000;
      const info = status === "done" ? ((await page.textContent("#run-info")) ?? "") : "";
      clearInterval(sampler);
      await browser.close();
      const tets = Number(/^([\d,]+) tets/.exec(info)?.[1].replace(/,/g, "") ?? NaN);
      process.stderr.write(`web bench: ${label}: ${status} in ${seconds.toFixed(1)} s, ${tets} tets, peak ${(peak / 2 ** 20).toFixed(0)} MiB\n`);
      return { label, tets, seconds, peakBytes: peak, status };
    };
    for (let i = 0; i < 3; i++) firstPicture.push((await run("demo", "", 120)).seconds);
    // growing particles (100 grains like the paper), P1 then P2, until one misses 60 s or 2 GB
    for (const order of [1, 2]) {
      const sizes = order === 1 ? [0.5, 0.4, 0.32, 0.26, 0.22] : [0.9, 0.7, 0.55, 0.45];
      for (const h of sizes) {
        const a = await run(`100 grains, P${order}, h = ${h} µm`, `grains=100&order=${order}&meshSizeUm=${h}`, 90);
        attempts.push(a);
        if (a.status !== "done" || a.seconds > 60 || a.peakBytes > 2 * 2 ** 30) break;
      }
    }
    // the page's pool of Web Workers: the same particles on 1 thread and on 2 (the sweep above ran on "auto": the cores, ≤ 4)
    for (const q of ["grains=100&order=1&meshSizeUm=0.4", "grains=100&order=2&meshSizeUm=0.7"]) {
      const pair: Attempt[] = [];
      for (const t of [1, 2]) pair.push(await run(`${q.replace(/&/g, ", ")}, threads ${t}`, `${q}&threads=${t}`, 120));
      threadRuns.push(pair);
    }
  } finally {
    await server.close();
  }
  const fits = (a: Attempt) => a.status === "done" && a.seconds <= 60 && a.peakBytes <= 2 * 2 ** 30;
  const best = (order: number) => attempts.filter((a) => fits(a) && a.label.includes(`P${order}`)).sort((x, y) => y.tets - x.tets)[0];
  const sorted = [...firstPicture].sort((a, b) => a - b);
  return [
    "## Browser app: time to first picture and the largest particle in Chromium",
    "",
    `Machine: ${machineLine()} (availableParallelism ${availableParallelism()})  `,
    `Browser: Debian chromium (headless, software WebGL), driven by playwright-core  `,
    `Date: ${new Date().toISOString()}  `,
    "Command: `npm run bench -- web`  ",
    "Each run starts a fresh browser, loads the built site (`npm run build:web`) from a local preview server and waits for `data-status=done`; the time includes page load, wasm instantiation, meshing, both cases (ASSLB and LELB, 4 stress snapshots each) and the first 3D render. Threads: the form's default, `auto` (the cores, at most 4; the page is cross-origin isolated, so the core runs on a pool of Web Workers). Peak memory: resident memory of the browser's whole process tree, sampled every 100 ms.",
    "",
    `Time to first picture, default demo (30 grains, P1, h = 0.7 µm): median ${sorted[1].toFixed(1)} s (runs: ${firstPicture.map((s) => s.toFixed(1)).join(", ")} s).`,
    "",
    "| particle | tets | status | wall (s) | peak RSS (MiB) | within 60 s and 2 GB |",
    "|---|---|---|---|---|---|",
    ...attempts.map((a) => `| ${a.label} | ${Number.isFinite(a.tets) ? a.tets.toLocaleString("en") : "–"} | ${a.status} | ${a.seconds.toFixed(1)} | ${(a.peakBytes / 2 ** 20).toFixed(0)} | ${fits(a) ? "yes" : "**no**"} |`),
    "",
    `Largest within 60 s and 2 GB: P1 ${best(1) ? `${best(1).tets.toLocaleString("en")} tets (${best(1).label})` : "none"}; P2 ${best(2) ? `${best(2).tets.toLocaleString("en")} tets (${best(2).label})` : "none"}.`,
    "",
    "Threads in the browser (the form's `threads`: the core's pool of Web Workers on shared memory; same particle, fresh browser each run):",
    "",
    "| particle | tets | wall, 1 thread (s) | wall, 2 threads (s) | speed-up | peak RSS 1 / 2 threads (MiB) |",
    "|---|---|---|---|---|---|",
    ...threadRuns.map(([a, b]) => `| ${a.label.replace(/, threads 1$/, "")} | ${Number.isFinite(a.tets) ? a.tets.toLocaleString("en") : "–"} | ${a.status === "done" ? a.seconds.toFixed(1) : a.status} | ${b.status === "done" ? b.seconds.toFixed(1) : b.status} | ${a.status === "done" && b.status === "done" ? `${(a.seconds / b.seconds).toFixed(2)}×` : "–"} | ${(a.peakBytes / 2 ** 20).toFixed(0)} / ${(b.peakBytes / 2 ** 20).toFixed(0)} |`),
  ].join("\n");
}
