/**
 * The `grainfem` command line. Subcommands are registered here; each lives
 * in its own module. Exit codes follow SPEC §3.1 (see exit.ts).
 */
import { Command, CommanderError } from "commander";
import { readFileSync } from "node:fs";
import { EXIT_INPUT, reportFailure } from "./exit.js";
import { formatChecks, runVerify } from "./verify.js";

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
      const checks = await runVerify();
      process.stdout.write(opts.json ? `${JSON.stringify(checks, null, 2)}\n` : `${formatChecks(checks)}\n`);
      if (checks.some((c) => !c.pass)) process.exitCode = 1;
    });

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
