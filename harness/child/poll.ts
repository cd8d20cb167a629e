/** Waits for a condition without blocking the event loop; gives up at a deadline. */
const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `done` until it is true (→ true) or `budgetMs` has passed (→ false). The first polls are back to back
 * through the macrotask queue so short kernels are not charged a timer's millisecond; later ones back off to 1 ms.
 */
export async function pollUntil(done: () => boolean, budgetMs: number): Promise<boolean> {
  const t0 = performance.now();
  for (let i = 0; ; i++) {
    if (done()) return true;
    if (performance.now() - t0 > budgetMs) return false;
    await (i < 64 ? new Promise<void>((r) => setImmediate(r)) : tick(1));
  }
}
