// Boots from the engine snapshot: a first boot makes one, the next restores
// it, and a torn or damaged one never stops a boot. Each test starts from an
// empty OPFS (a fresh browser context, Playwright's own `test`), so these
// never touch the snapshot the other specs share (helpers.js).
import { test, expect } from "@playwright/test";
import { openHarness } from "./helpers.js";

test.beforeEach(async ({ page }) => openHarness(page));

// In the page: `localSnapshotWritten()` resolves once the worker's local
// snapshot file is complete (harness/snapshot-probe.js).
const withSnapshotProbe = async () => {
  globalThis.localSnapshotWritten = (await import("/harness/snapshot-probe.js")).localSnapshotWritten;
};

test("a first boot restores the shipped snapshot or makes one, the next restores the local copy, ?snapshot=off boots cold", async ({ page }) => {
  // Several boots, each cold one followed by a second worker's snapshot boot.
  test.setTimeout(180_000);
  await page.evaluate(withSnapshotProbe);
  const out = await page.evaluate(async () => {
    const manifest = await (await fetch("/dist/manifest.json")).json();
    const shipped = manifest.files.some((f) => f.name.endsWith(".snapshot.gz"));
    const boot = async (workerUrl) => {
      const db = new globalThis.dynoxide.EngineClient({ workerUrl, name: `snap-${crypto.randomUUID()}`, ephemeral: true });
      const info = await db.ready();
      const tables = await db.execute("ListTables", {});
      await localSnapshotWritten(); // a shipped one is copied after the open answers
      db.terminate();
      return { snapshot: info.timings.snapshot, ok: Array.isArray(tables.TableNames) };
    };
    const first = await boot("/dist/dynoxide-worker.js");
    const second = await boot("/dist/dynoxide-worker.js");
    const cold = await boot("/dist/dynoxide-worker.js?snapshot=off");
    return { shipped, first, second, cold };
  });
  expect(out.first).toEqual({ snapshot: out.shipped ? "shipped" : "background", ok: true });
  expect(out.second).toEqual({ snapshot: "restored", ok: true });
  expect(out.cold).toEqual({ snapshot: "none", ok: true });
});

test("a torn or damaged local snapshot never stops a boot", async ({ page }) => {
  // Several boots, each cold one followed by a second worker's snapshot boot.
  test.setTimeout(180_000);
  await page.evaluate(withSnapshotProbe);
  const out = await page.evaluate(async () => {
    const boot = async () => {
      const db = globalThis.dynoxide.makeClient({ name: `snapbad-${crypto.randomUUID()}`, ephemeral: true });
      const info = await db.ready();
      const tables = await db.execute("ListTables", {});
      await localSnapshotWritten();
      db.terminate();
      return { snapshot: info.timings.snapshot, ok: Array.isArray(tables.TableNames) };
    };
    const snapshotFile = async () => {
      let dir = await navigator.storage.getDirectory();
      dir = await (await dir.getDirectoryHandle("dynoxide")).getDirectoryHandle(".engine-snapshots");
      for await (const [, handle] of dir.entries()) return handle;
      return null;
    };
    const overwrite = async (mutate) => {
      const handle = await snapshotFile();
      const bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer());
      mutate(bytes);
      const w = await handle.createWritable();
      await w.write(bytes);
      await w.close();
    };
    await boot(); // leaves a local snapshot
    // Torn: the header (written last) is missing.
    await overwrite((b) => b.fill(0, 0, 16));
    const torn = await boot();
    // Damaged: a valid header over scrambled memory.
    await overwrite((b) => {
      for (let i = 4096; i < b.length; i += 97) b[i] ^= 0x5a;
    });
    const damaged = await boot();
    const after = await boot();
    return { torn, damaged, after };
  });
  expect(out.torn.ok).toBe(true);
  expect(out.torn.snapshot).not.toBe("restored");
  expect(out.damaged.ok).toBe(true);
  expect(out.after.ok).toBe(true);
});
