/**
 * MD5, incremental: the digest DynamoDB's manifest-files.json gives each
 * data file (md5Checksum). Web Crypto has no MD5, and the data streams
 * through in chunks, so this hashes as it goes: `new Md5()`, `update(bytes)`
 * per chunk, `digest()` once (16 bytes). Not for security, only for the
 * manifest's checksum.
 */

// Per-round shift amounts and the sine-derived constants of RFC 1321.
const S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
const K = new Int32Array(64);
for (let i = 0; i < 64; i += 1) K[i] = Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0;

export class Md5 {
  #state = new Int32Array([0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476]);
  #block = new Uint8Array(64);
  #words = new Int32Array(16);
  #filled = 0;
  #length = 0; // bytes hashed so far

  update(bytes) {
    let at = 0;
    this.#length += bytes.length;
    while (at < bytes.length) {
      const take = Math.min(64 - this.#filled, bytes.length - at);
      this.#block.set(bytes.subarray(at, at + take), this.#filled);
      this.#filled += take;
      at += take;
      if (this.#filled === 64) {
        this.#compress();
        this.#filled = 0;
      }
    }
    return this;
  }

  digest() {
    const bits = this.#length * 8;
    const pad = new Uint8Array(((this.#filled < 56 ? 56 : 120) - this.#filled) + 8);
    pad[0] = 0x80;
    const view = new DataView(pad.buffer);
    view.setUint32(pad.length - 8, bits >>> 0, true);
    view.setUint32(pad.length - 4, Math.floor(bits / 2 ** 32), true);
    this.update(pad);
    const out = new Uint8Array(16);
    const outView = new DataView(out.buffer);
    for (let i = 0; i < 4; i += 1) outView.setInt32(i * 4, this.#state[i], true);
    return out;
  }

  #compress() {
    const w = this.#words;
    const b = this.#block;
    for (let i = 0; i < 16; i += 1) {
      w[i] = b[i * 4] | (b[i * 4 + 1] << 8) | (b[i * 4 + 2] << 16) | (b[i * 4 + 3] << 24);
    }
    let [a0, b0, c0, d0] = this.#state;
    for (let i = 0; i < 64; i += 1) {
      let f;
      let g;
      if (i < 16) {
        f = (b0 & c0) | (~b0 & d0);
        g = i;
      } else if (i < 32) {
        f = (d0 & b0) | (~d0 & c0);
        g = (5 * i + 1) & 15;
      } else if (i < 48) {
        f = b0 ^ c0 ^ d0;
        g = (3 * i + 5) & 15;
      } else {
        f = c0 ^ (b0 | ~d0);
        g = (7 * i) & 15;
      }
      const sum = (a0 + f + K[i] + w[g]) | 0;
      const shift = S[(i >> 4) * 4 + (i & 3)];
      a0 = d0;
      d0 = c0;
      c0 = b0;
      b0 = (b0 + ((sum << shift) | (sum >>> (32 - shift)))) | 0;
    }
    this.#state[0] = (this.#state[0] + a0) | 0;
    this.#state[1] = (this.#state[1] + b0) | 0;
    this.#state[2] = (this.#state[2] + c0) | 0;
    this.#state[3] = (this.#state[3] + d0) | 0;
  }
}
