/**
 * One shape for everything that can fail without throwing: parsing a
 * scenario, decoding a link, reading a capture, parsing command-line
 * arguments, a call to a worker. Modelled on Perfetto UI's `base/result.ts`.
 *
 * The payload is `value`; the failure is `error`, a one-line message unless a
 * caller needs more structure (then `E` is that type).
 */
export type Result<T, E = string> = { ok: true; value: T } | { ok: false; error: E };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function err<E>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}
