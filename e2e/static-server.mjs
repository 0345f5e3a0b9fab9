#!/usr/bin/env node
/**
 * A small static file server for the browser tests and the harness: the repo
 * root on 127.0.0.1, so /harness/, /js/ and /dist/ resolve as a static host
 * would serve them. No COOP/COEP (the build must not need them) unless
 * `--isolated` asks for them, to prove it works under isolation too.
 *
 *   node e2e/static-server.mjs [--port 8099] [--root .] [--isolated]
 *
 * Responses carry an ETag and `Cache-Control: no-cache`, so a reload
 * revalidates (a rebuilt dist/ is never stale) yet keeps the browser's cached
 * copy, and its compiled-wasm cache, when nothing changed.
 */
import { createServer } from "node:http";
import { createReadStream, promises as fs } from "node:fs";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".zip": "application/zip",
  ".whl": "application/zip",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
};

export function startStaticServer({ port = 8099, host = "127.0.0.1", root = ".", isolated = false } = {}) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, "http://localhost");
      let path = normalize(join(base, decodeURIComponent(url.pathname)));
      if (path !== base && !path.startsWith(base + sep)) {
        res.writeHead(403).end("forbidden");
        return;
      }
      let stat = await fs.stat(path).catch(() => null);
      if (stat?.isDirectory()) {
        path = join(path, "index.html");
        stat = await fs.stat(path).catch(() => null);
      }
      if (!stat?.isFile()) {
        res.writeHead(404, { "Content-Type": "text/plain" }).end(`not found: ${url.pathname}`);
        return;
      }
      const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
      const headers = {
        "Content-Type": TYPES[extname(path)] ?? "application/octet-stream",
        "Cache-Control": "no-cache",
        ETag: etag,
      };
      // The demo service worker lives in harness/ but must control dist/'s
      // worker script too, which a scope of "/" does (a worker script is
      // matched by its own URL, not by the page that starts it).
      if (url.pathname.endsWith("-sw.js")) headers["Service-Worker-Allowed"] = "/";
      if (isolated) {
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Embedder-Policy"] = "require-corp";
      }
      if (req.headers["if-none-match"] === etag) {
        res.writeHead(304, headers).end();
        return;
      }
      headers["Content-Length"] = stat.size;
      res.writeHead(200, headers);
      if (req.method === "HEAD") res.end();
      else createReadStream(path).pipe(res);
    } catch (err) {
      res.writeHead(500, { "Content-Type": "text/plain" }).end(String(err));
    }
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => ok(server));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (flag, fallback) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const port = Number(opt("--port", process.env.PORT ?? 8099));
  const root = opt("--root", fileURLToPath(new URL("..", import.meta.url)));
  const isolated = args.includes("--isolated");
  const server = await startStaticServer({ port, root, isolated });
  const { port: bound } = server.address();
  console.log(`serving ${root} at http://127.0.0.1:${bound}/${isolated ? " (COOP/COEP)" : ""}`);
}
