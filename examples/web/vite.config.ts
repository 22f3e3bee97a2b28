/**
 * The browser app (examples/web): `npm run build:web` → dist/web/ (static
 * files; the wasm core is an asset loaded by URL), `npm run web` serves it.
 *
 * `grainfem` resolves to the built package (dist/index.js), exactly what a
 * user's bundler gets from the "default" export condition.
 *
 * Cross-origin isolation (COOP same-origin + COEP require-corp) is set on the
 * dev and preview servers so SharedArrayBuffer — and with it threaded wasm —
 * is available; static hosts must send the same two headers (docs/web.md).
 */
import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL(".", import.meta.url));
const isolation = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" };

export default defineConfig({
  root,
  base: "./",
  resolve: { alias: [{ find: /^grainfem$/, replacement: fileURLToPath(new URL("../../dist/index.js", import.meta.url)) }] },
  build: { outDir: fileURLToPath(new URL("../../dist/web", import.meta.url)), emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 4000 },
  worker: { format: "es" },
  server: { headers: isolation, host: "127.0.0.1" },
  preview: { headers: isolation, host: "127.0.0.1", port: 4173 },
});
