#!/usr/bin/env node
// grainfem command-line entry: runs the compiled CLI (dist/ is built by `npm install`).
import { main } from "../dist/cli/main.js";

const args = process.argv.slice(2);
process.exitCode = await main(args.length ? args : ["--help"]);
