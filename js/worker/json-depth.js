/**
 * How deep a JSON text nests, found without parsing it.
 *
 * DynamoDB refuses a body nested deeper than `limits.MAX_JSON_DEPTH` as a
 * SerializationException, and the engine's wire layer checks that after
 * decoding. In Pyodide the decoder is recursive C code whose frames live on
 * the wasm stack, which a body a few thousand levels deep overflows: a fatal
 * error that kills the interpreter. So the worker measures depth here first,
 * with the wire layer's rule (each object or array one level, the outermost
 * level 1; brackets inside strings do not count), and tells the wire layer,
 * which answers exactly as it does for a body it decoded and found too deep.
 */

/** True when `text` opens more than `limit` nested objects/arrays at some point. */
export function nestsDeeperThan(text, limit) {
  if (text.length <= limit) return false; // too few characters to open limit + 1 brackets
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i += 1;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      depth += 1;
      if (depth > limit) return true;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth -= 1;
    }
  }
  return false;
}
