/**
 * For specs and benchmarks in a page of this origin: waits until the engine
 * worker's local snapshot file is complete. A cold boot has it made by a
 * second worker once the first is idle (js/worker/boot.js); the file's
 * header, "DYNXSNAP" and the length of what follows, is written last.
 */
const SNAPSHOT_DIR = ["dynoxide", ".engine-snapshots"];
const MAGIC = "DYNXSNAP";

async function complete() {
  let dir = await navigator.storage.getDirectory();
  for (const part of SNAPSHOT_DIR) dir = await dir.getDirectoryHandle(part);
  for await (const [, handle] of dir.entries()) {
    const file = await handle.getFile();
    const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
    const length = Number(new DataView(head.buffer).getBigUint64(8, true));
    if (new TextDecoder().decode(head.subarray(0, 8)) === MAGIC && length === file.size - 16) return true;
  }
  return false;
}

/** Resolves with the milliseconds waited once a local snapshot is complete; rejects after `timeoutMs`. */
export async function localSnapshotWritten(timeoutMs = 60_000) {
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs) {
    if (await complete().catch(() => false)) return performance.now() - t0; // missing: not there yet
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("the local engine snapshot was never written");
}
