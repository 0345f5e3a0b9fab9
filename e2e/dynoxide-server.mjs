// `dynoxide serve` for the JS tools that need a real endpoint (the console
// spec, scripts/console-screenshot.mjs): this checkout's py/ on PYTHONPATH,
// the project's .venv Python (or $DYNOXIDE_PYTHON, else python3), in memory,
// on a free port. Resolves once the server says where it listens.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PYTHON = process.env.DYNOXIDE_PYTHON || (existsSync(`${ROOT}.venv/bin/python`) ? `${ROOT}.venv/bin/python` : "python3");

/** `{ server (the child process; kill it when done), endpoint }` */
export function startDynoxideServer() {
  const server = spawn(PYTHON, ["-m", "dynoxide", "serve", "--port", "0"], {
    cwd: ROOT, env: { ...process.env, PYTHONPATH: `${ROOT}py` }, stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let seen = "";
    server.stdout.on("data", (chunk) => {
      seen += chunk;
      const m = /dynoxide listening on (http:\/\/\S+)/.exec(seen);
      if (m) resolve({ server, endpoint: m[1] });
    });
    server.once("exit", (code) => reject(new Error(`dynoxide serve exited (${code}): ${seen}`)));
  });
}
