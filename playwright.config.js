import { defineConfig } from "@playwright/test";

// The browser specs (e2e/*.spec.js) drive the built dist/ in Debian's
// Chromium, served from the repo root by e2e/static-server.mjs without
// COOP/COEP. Build first: `npm run build:wasm`. OPFS is shared per origin,
// so specs run one at a time, each on its own database names.
const PORT = Number(process.env.HARNESS_PORT || 8099);
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.js",
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: "chromium",
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: `node e2e/static-server.mjs --port ${PORT}`,
    url: `http://127.0.0.1:${PORT}/harness/engine-harness.html`,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
  },
});
