/** The batch × vocab shapes the suites launch: FlashInfer's test grid and LLM vocabularies beyond it. */
export const FLASHINFER_BATCHES = [1, 99, 989] as const;
export const FLASHINFER_VOCABS = [111, 32000, 128256] as const;
/** LLM vocabularies beyond the FlashInfer grid (Qwen, Gemma) at serving batch sizes. */
const EXTRA_SHAPES: readonly (readonly [number, number])[] = [[99, 151936], [1024, 256000]];

/** Every watchdog shape: the FlashInfer grid, then the extra LLM shapes. */
export function watchdogShapes(): [number, number][] {
  return [...FLASHINFER_BATCHES.flatMap((b) => FLASHINFER_VOCABS.map((v): [number, number] => [b, v])), ...EXTRA_SHAPES.map(([b, v]): [number, number] => [b, v])];
}
