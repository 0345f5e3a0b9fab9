/**
 * 32-bit FNV-1a, the parallel-scan partitioner: `fnv1a_hash(pk) % TotalSegments`.
 *
 * Must equal py/dynoxide/hashing.py bit for bit, or an item would land in
 * different Scan segments in the browser and natively. Text is hashed as its
 * UTF-8 bytes (a lone surrogate as its 3-byte form, like Python's
 * "surrogatepass"), blobs as their bytes. Shared vectors:
 * py/tests/vectors/fnv1a.json, read by js/fnv1a.test.js and the Python tests.
 *
 * The string path walks code points and hashes their UTF-8 bytes directly, so
 * a call allocates nothing (no TextEncoder buffer per row of a segmented scan).
 */

const OFFSET = 0x811c9dc5;
const PRIME = 0x01000193;

function mix(hash, byte) {
  return Math.imul(hash ^ byte, PRIME) >>> 0;
}

/** FNV-1a of a byte array (Uint8Array or array of 0..255). */
export function fnv1aBytes(bytes) {
  let hash = OFFSET;
  for (let i = 0; i < bytes.length; i += 1) hash = mix(hash, bytes[i]);
  return hash >>> 0;
}

/** FNV-1a of a string's UTF-8 encoding. */
export function fnv1aString(text) {
  let hash = OFFSET;
  const n = text.length;
  for (let i = 0; i < n; i += 1) {
    let cp = text.charCodeAt(i);
    if (cp < 0x80) {
      hash = mix(hash, cp);
      continue;
    }
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < n) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        i += 1;
      }
    }
    if (cp < 0x800) {
      hash = mix(hash, 0xc0 | (cp >> 6));
      hash = mix(hash, 0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      // Includes a lone surrogate, encoded as its 3 bytes (surrogatepass).
      hash = mix(hash, 0xe0 | (cp >> 12));
      hash = mix(hash, 0x80 | ((cp >> 6) & 0x3f));
      hash = mix(hash, 0x80 | (cp & 0x3f));
    } else {
      hash = mix(hash, 0xf0 | (cp >> 18));
      hash = mix(hash, 0x80 | ((cp >> 12) & 0x3f));
      hash = mix(hash, 0x80 | ((cp >> 6) & 0x3f));
      hash = mix(hash, 0x80 | (cp & 0x3f));
    }
  }
  return hash >>> 0;
}

/**
 * The SQL scalar's semantics: NULL stays NULL, text and blobs hash their
 * bytes, and any other value hashes its decimal text (as Python's `str()`
 * would for an integer).
 */
export function fnv1aHash(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return fnv1aString(value);
  if (value instanceof Uint8Array) return fnv1aBytes(value);
  if (ArrayBuffer.isView(value)) {
    return fnv1aBytes(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  }
  return fnv1aString(String(value));
}
