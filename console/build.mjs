#!/usr/bin/env node
/**
 * Build the console into console/dist/: console.js (one ES module, all of
 * src/), console.css and index.html (the page `dynoxide serve` serves at
 * /console/). The browser-mode page, harness/index.html, loads the same
 * two files. Not part of dist/ (the engine's 5 MB budget): this is the
 * console's own output.
 *
 *   node console/build.mjs [--dev]     (npm run build:console)
 */
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const out = `${here}dist/`;
const dev = process.argv.includes("--dev");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: { console: `${here}src/index.js` },
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  minify: !dev,
  sourcemap: dev ? "inline" : false,
  outdir: out,
  logLevel: "warning",
});
await build({ entryPoints: { console: `${here}src/style.css` }, bundle: true, minify: !dev, outdir: out, logLevel: "warning" });
copyFileSync(`${here}index.html`, `${out}index.html`);

const sizes = ["console.js", "console.css", "index.html"].map((f) => {
  const bytes = readFileSync(out + f);
  return `${f} ${statSync(out + f).size} B (${gzipSync(bytes, { level: 9 }).length} B gzipped)`;
});
console.log(`console/dist/ ready: ${sizes.join(", ")}`);
