/**
 * Progress of long commands on stderr (stdout stays clean for tables and
 * --json): a live bar (cli-progress) when stderr is a terminal, plain lines
 * at most about once a second — plus every phase change and note — when it
 * is not (logs, CI, pipes).
 */
import cliProgress from "cli-progress";
import type { Progress } from "../solver/simulate.js";

export interface ProgressReporter {
  /** a progress event of the solver */
  update(p: Progress): void;
  /** a one-off note (mesher stages, export), printed on its own line */
  note(message: string): void;
  /** a line that must stay visible (a warning): printed above a live bar, not into it */
  print(line: string): void;
  /** stop the bar (before printing results) */
  stop(): void;
}

const describe = (p: Progress) => {
  if (p.phase === "diffusion") return `step ${p.step}/${p.steps}, SOC ${p.soc.toFixed(3)}${p.etaS !== null ? `, ~${Math.ceil(p.etaS)} s left` : ""}`;
  return `${p.step}/${p.steps}`;
};

/** Lines for logs: at most one per second per phase, and every phase change or note. */
function lineReporter(prefix: string): ProgressReporter {
  let last = 0, lastPhase = "";
  return {
    update(p) {
      const now = performance.now();
      if (p.phase === lastPhase && !p.message && now - last < 1000 && p.step !== p.steps) return;
      last = now;
      lastPhase = p.phase;
      process.stderr.write(`${prefix}[${p.phase}] ${p.message ?? describe(p)}\n`);
    },
    note(m) {
      process.stderr.write(`${prefix}${m}\n`);
    },
    print(line) {
      process.stderr.write(`${line}\n`);
    },
    stop() {},
  };
}

/** A bar over the diffusion steps (the bulk of a run); other phases show as the bar's label. */
function barReporter(prefix: string): ProgressReporter {
  const bar = new cliProgress.SingleBar({
    format: `${prefix}{phase} |{bar}| {value}/{total} steps, SOC {soc}, ETA {eta_s} s {note}`,
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: false,
    barsize: 30,
    etaBuffer: 20,
  }, cliProgress.Presets.shades_classic);
  let started = false;
  const payload = { phase: "mesh", soc: "0.000", eta_s: "?", note: "" };
  const ensure = (total: number) => {
    if (!started) {
      bar.start(Math.max(total, 1), 0, payload);
      started = true;
    } else if (total > 0) bar.setTotal(total);
  };
  return {
    update(p) {
      payload.phase = p.phase.padEnd(10);
      payload.note = p.message ? `— ${p.message.slice(0, 60)}` : "";
      if (p.phase === "diffusion") {
        payload.soc = p.soc.toFixed(3);
        payload.eta_s = p.step === p.steps ? "0" : p.etaS !== null ? String(Math.ceil(p.etaS)) : "?";
        ensure(p.steps);
        bar.update(p.step, payload);
      } else {
        ensure(0);
        bar.update(payload);
      }
    },
    note(m) {
      payload.note = `— ${m.slice(0, 60)}`;
      if (started) bar.update(payload);
      else process.stderr.write(`${prefix}${m}\n`);
    },
    print(line) {
      // clear the bar's line, print, and let the bar redraw below
      process.stderr.write(`${started ? "\r\x1b[2K" : ""}${line}\n`);
      if (started) bar.update(payload);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

// --quiet still prints warnings: they concern the result's validity
const silent: ProgressReporter = { update() {}, note() {}, print: (line) => void process.stderr.write(`${line}\n`), stop() {} };

/** The reporter for this process: none with --quiet, a bar on a terminal, lines otherwise. */
export function progressReporter(quiet: boolean, prefix = ""): ProgressReporter {
  if (quiet) return silent;
  return process.stderr.isTTY ? barReporter(prefix) : lineReporter(prefix);
}
