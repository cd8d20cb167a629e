/**
 * One short line from a long reason: skip reasons and errors can carry whole dlopen messages ("could not load any of
 * libcuda.so.1 (Failed to load shared library: …)"); the report shows the gist and keeps the full text in one place.
 */

export const MAX_REASON = 160;

/** Drops parenthesised detail (nested too), collapses whitespace, keeps the first line, caps the length. */
export function shortReason(text: string, max = MAX_REASON): string {
  let out = '';
  let depth = 0;
  for (const ch of text.split('\n')[0] ?? '') {
    if (ch === '(') depth++;
    else if (ch === ')' && depth > 0) depth--;
    else if (depth === 0) out += ch;
  }
  const tidy = out.replace(/\s+/g, ' ').replace(/\s+([;,:.])/g, '$1').trim();
  const line = tidy === '' ? (text.split('\n')[0] ?? '').trim() : tidy;
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
