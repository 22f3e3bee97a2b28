/**
 * The `grainfem` command line. Subcommands are registered here; each lives
 * in its own module. Exit codes follow SPEC §3.1 (see exit.ts).
 */
import { Command, CommanderError } from "commander";
import { readFileSync } from "node:fs";
import { EXIT_INPUT, reportFailure } from "./exit.js";
import { intOption, positiveNumberOption } from "./options.js";

// Each subcommand's module is imported when that subcommand runs: the service
// and the sweeps pull in Fastify, BullMQ and the figure renderer, together
// ~0.8 s of module loading that `run`, `compare` and `--help` do not need.
const verifyModule = () => import("./verify.js");
const meshModule = () => import("./mesh.js");
const simulateModule = () => import("./simulate.js");
const serveModule = () => import("./serve.js");
const sweepModule = () => import("./sweep.js");
// run and compare load a core first thing: its compile starts here, in the
// background, while the command's modules load
const simulateModuleAndCore = async () => {
  (await import("../wasm/core.js")).precompileCore();
  return simulateModule();
};

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

export function buildProgram(): Command {
  const program = new Command("grainfem")
    .description("Finite elements for Li diffusion and anisotropic elasticity in polycrystalline cathode particles")
    .version(pkg.version)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command("verify")
    .description("run the verification ladder's quick checks (manufactured solutions, free-grain zero stress)")
    .option("--json", "print the checks as JSON on stdout")
    .action(async (opts: { json?: boolean }) => {
      const { formatChecks, runVerify } = await verifyModule();
      const checks = await runVerify();
      process.stdout.write(opts.json ? `${JSON.stringify(checks, null, 2)}\n` : `${formatChecks(checks)}\n`);
      if (checks.some((c) => !c.pass)) process.exitCode = 1;
    });

  program
    .command("mesh")
    .description("build a polycrystalline particle mesh (Voronoi grains in a sphere) and write it as .vtu or .msh")
    .option("--grains <N>", "number of grains", intOption("--grains", 1, 20000), 100)
    .option("--seed <S>", "random seed (grain seeds and orientations)", intOption("--seed", -2147483648, 2147483647), 1)
    .option("--radius-um <R>", "particle radius (µm)", positiveNumberOption("--radius-um"), 5)
    .option("--size-um <H>", "element size h (µm)", positiveNumberOption("--size-um"))
    .option("--target-tets <T>", "target number of tets (instead of --size-um; within ±15 %)", intOption("--target-tets", 500, 20_000_000))
    .option("--order <1|2>", "element order", intOption("--order", 1, 2), 1)
    .option("--lloyd <K>", "Lloyd relaxation iterations for more equal grains", intOption("--lloyd", 0, 100), 0)
    .option("--seeds-file <F>", "grain seeds, one \"x y z\" (µm) per line, instead of random ones")
    .requiredOption("--out <FILE>", "output mesh (.vtu or .msh)")
    .option("--json", "print the mesh statistics as JSON on stdout")
    .option("--quiet", "no progress on stderr")
    .action(async (o) => (await meshModule()).runMesh(o));

  program
    .command("run")
    .description("run a simulation (default: the seed paper's all-solid-state case); writes DIR/summary.json, result.pvd + result_*.vtu, profile_*.csv, grains_*.csv, figures/")
    .argument("[config]", "JSON config file (SPEC §3.2; schema/config.schema.json); omitted: the built-in default")
    .option("--out <DIR>", "output folder (required unless --resume)")
    .option("--checkpoint-every <N>", "write DIR/checkpoint.gfc every N diffusion steps and at each output SOC (0: none)", intOption("--checkpoint-every", 0, 1_000_000), 10)
    .option("--resume <DIR>", "continue a killed run from DIR/checkpoint.gfc (same numbers as an uninterrupted run)")
    .option("--strict", "treat θ leaving [0, 1] as a numerical failure (exit code 1)")
    .option("--json", "print summary.json on stdout instead of the table")
    .option("--quiet", "no progress on stderr")
    .action(async (config: string | undefined, o) => {
      await (await simulateModuleAndCore()).runCommand(config, o);
    });

  program
    .command("compare")
    .description("the paper's experiment: all-solid-state (reactive fraction from the config, default 0.667) vs liquid electrolyte (1.0) on the same mesh")
    .argument("[config]", "JSON config file; omitted: the built-in default")
    .requiredOption("--out <DIR>", "output folder (summary.json, asslb/ and lelb/ with each case's files, figures/ side by side)")
    .option("--strict", "treat θ leaving [0, 1] as a numerical failure (exit code 1)")
    .option("--json", "print summary.json on stdout instead of the table")
    .option("--quiet", "no progress on stderr")
    .action(async (config: string | undefined, o) => {
      await (await simulateModuleAndCore()).compareCommand(config, o);
    });

  program
    .command("serve")
    .description("HTTP JSON service: POST /jobs, GET /jobs/:id[/summary|/files/NAME], DELETE /jobs/:id, GET /health, /openapi.json")
    .option("--port <P>", "TCP port (0: any free port)", intOption("--port", 0, 65535), 8080)
    .option("--host <H>", "address to listen on", "127.0.0.1")
    .option("--results <DIR>", "folder for job results", "grainfem-results")
    .option("--concurrency <N>", "jobs running at once (worker threads; default: CPU count)", intOption("--concurrency", 1, 1024))
    .option("--queue <N>", "queued jobs accepted before 429", intOption("--queue", 0, 100000), 16)
    .option("--retain <N>", "finished jobs kept (oldest deleted first)", intOption("--retain", 1, 1000000), 100)
    .option("--grace <S>", "seconds running jobs get to finish on SIGINT/SIGTERM", intOption("--grace", 0, 86400), 30)
    .option("--max-job-s <S>", "stop a job running longer than this and mark it failed (default: no limit)", intOption("--max-job-s", 1, 30 * 86400))
    .action(async (o) => (await serveModule()).serveCommand(o));

  program
    .command("sweep")
    .description("run a parameter grid × microstructure seeds (SWEEP.json) and collect the table: DIR/sweep.csv, stats.csv (mean, std, 95 % CI across seeds), sweep.json, figures/sweep.png, jobs/<id>/summary.json; reruns reuse finished jobs")
    .argument("<sweep>", "sweep file (schema/sweep.schema.json)")
    .requiredOption("--out <DIR>", "output folder")
    .option("--redis <URL>", "run the jobs on a BullMQ queue at this Redis (redis://host:port) instead of the local pool; start workers with `grainfem worker`")
    .option("--queue <NAME>", "queue name (with --redis)", "grainfem")
    .option("--concurrency <N>", "local jobs at once (worker threads; default: CPU count)", intOption("--concurrency", 1, 1024))
    .option("--json", "print sweep.json on stdout instead of the table")
    .option("--quiet", "only failures on stderr")
    .action(async (file: string, o) => {
      await (await sweepModule()).sweepCommand(file, o);
    });

  program
    .command("worker")
    .description("process sweep jobs from a BullMQ queue in Redis (run on any number of machines); a job whose worker dies is picked up by another after --lock-s")
    .requiredOption("--redis <URL>", "Redis URL (redis://host:port)")
    .option("--queue <NAME>", "queue name", "grainfem")
    .option("--concurrency <N>", "jobs at once (worker threads; default: CPU count)", intOption("--concurrency", 1, 1024))
    .option("--files <DIR>", "shared folder for the files of sweeps that ask for them (DIR/<job id>/)")
    .option("--lock-s <S>", "job lock (s): a crashed worker's jobs return to the queue after this", positiveNumberOption("--lock-s"), 30)
    .option("--grace <S>", "seconds running jobs get to finish on SIGINT/SIGTERM", intOption("--grace", 0, 86400), 60)
    .action(async (o) => (await sweepModule()).workerCommand(o));

  return program;
}

/** Run the CLI with `argv` (without node and script). Returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with exit code 0
      return err.exitCode === 0 ? 0 : EXIT_INPUT;
    }
    return reportFailure(err);
  }
}
