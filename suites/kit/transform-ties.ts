/**
 * Tie policy `any` for row transforms (renorm, top-k mask): the kernel may keep any set between the exact set and
 * the ties-kept set. Both are prefixes of the order "weight desc, index asc" cut at the same boundary value v, so a
 * set in between holds every token above v and some of the tokens tied at v: at least as many as the exact policy
 * keeps, at most all of them. Which ties the kernel kept is read from its output (a kept tie is written, a dropped
 * one is 0 or −inf); the expected output is then the reference for exactly that set.
 */

/** The eligible set the kernel chose for one row, or why it lies outside what tie policy `any` allows. */
export interface ChosenSet {
  readonly mask: Uint8Array;
  /** Set when the kernel kept fewer boundary ties than the exact policy does. */
  readonly problem?: string;
}

/**
 * `exact` and `kept` are the row's masks under the two policies; `values` the row values that tie; `chosen(i)`
 * whether the kernel's output keeps token i; `visible(v)` whether keeping a tie of value v shows in the output at
 * all (a zero probability or a −inf logit is written the same kept or not; such ties are taken as the exact set's).
 */
export function chosenBetween(exact: Uint8Array, kept: Uint8Array, values: ArrayLike<number>, chosen: (i: number) => boolean, visible: (v: number) => boolean): ChosenSet {
  if (exact.length !== kept.length || exact.length !== values.length) throw new RangeError(`masks and values must have one length, got ${exact.length}, ${kept.length}, ${values.length}`);
  const dropped: number[] = [];
  for (let i = 0; i < kept.length; i++) {
    if (exact[i] === 1 && kept[i] !== 1) throw new RangeError(`the exact set holds token ${i}, which the ties-kept set lacks`);
    if (kept[i] === 1 && exact[i] !== 1) dropped.push(i);
  }
  const tie = dropped.length === 0 ? undefined : values[dropped[0] as number];
  if (tie === undefined || !visible(tie)) return { mask: exact };
  if (dropped.some((i) => values[i] !== tie)) throw new RangeError('the tokens the exact set drops do not share one value: the two sets are not cut at one boundary');
  const mask = new Uint8Array(kept.length);
  let need = 0;
  let have = 0;
  for (let i = 0; i < kept.length; i++) {
    const isTie = kept[i] === 1 && values[i] === tie;
    if (!isTie) {
      mask[i] = kept[i] as number;
      continue;
    }
    if (exact[i] === 1) need++;
    if (chosen(i)) {
      mask[i] = 1;
      have++;
    }
  }
  if (have >= need) return { mask };
  return { mask, problem: `keeps ${have} of the tokens tied at the boundary value ${tie}; the exact set keeps ${need} (tie policy any: at least that many, at most all ${need + dropped.length})` };
}
