#!/usr/bin/env node
// grainfem command-line entry: runs the compiled CLI (dist/ is built by `npm install`).
import { setFlagsFromString } from "node:v8";

// Compile the wasm core with V8's optimizing tier up front, not with the
// baseline tier first: a kernel called once on a large input (an AMG setup
// product, the first assembly) would otherwise run all of that call as
// baseline code, since wasm has no on-stack replacement. The whole module
// takes ~0.1 s to compile, in the background (docs/architecture.md,
// "Compilation tier").
setFlagsFromString("--no-liftoff");
setFlagsFromString("--no-wasm-lazy-compilation");

const { main } = await import("../dist/cli/main.js");
const args = process.argv.slice(2);
process.exitCode = await main(args.length ? args : ["--help"]);
