/**
 * One short line from a long reason: skip reasons and errors can carry whole dlopen messages ("could not load any of
 * libcuda.so.1 (Failed to load shared library: …)"); the report shows the gist and keeps the full text in one place.
 */

export const MAX_REASON = 160;
/** Parenthesised detail is dropped, innermost first, until the line is this short. */
const TARGET = 100;

/** Nesting depth of every character: 1 inside one pair of parentheses, 0 outside; the parentheses count as inside. */
function depths(text: string): number[] {
  let depth = 0;
  return [...text].map((ch) => {
    if (ch === '(') return ++depth;
    if (ch === ')' && depth > 0) return depth--;
    return depth;
  });
}

const tidy = (s: string): string => s.replace(/\s+/g, ' ').replace(/\s+([;,:.)])/g, '$1').replace(/\(\s+/g, '(').trim();

/** Keeps the first line, drops the deepest parenthesised detail until it reads short, then caps the length. */
export function shortReason(text: string, max = MAX_REASON): string {
  const first = text.split('\n')[0] ?? '';
  const chars = [...first];
  const d = depths(first);
  let line = tidy(first);
  for (let keep = Math.max(0, ...d) - 1; keep >= 0 && line.length > TARGET; keep--) {
    const shorter = tidy(chars.filter((_, i) => (d[i] ?? 0) <= keep).join(''));
    if (shorter === '') break;
    line = shorter;
  }
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
