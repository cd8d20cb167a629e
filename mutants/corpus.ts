/**
 * The planted-bug corpus: one small, declarative patch per bug class, applied to a copy of a kernel directory
 * (kernels/, or the spec's baseDir) by src/mutation/materialize.ts. `find` must occur exactly once in the current
 * kernel source: when a kernel changes, the CPU test scripts/mutants.test.ts fails naming the mutant, and the patch
 * is re-targeted here.
 * Families are suite folders (suites/<family>/); `check` is matched against failed test names and failure messages.
 */
import type { MutantSpec } from '../src/mutation/spec.ts';

const SAMPLING = ['sampling.hip', 'renorm.hip'];
const DOWNSTREAM = 'examples/downstream-abi';
const LIBRARY = 'examples/third-party-style';

export const MUTANT_CORPUS: readonly MutantSpec[] = [
  {
    id: 'topk-k-plus-one',
    bugClass: 'topk-off-by-one',
    description: 'Top-k selects the (k+1)-th largest value as its boundary, so k+1 tokens are eligible (off-by-one in the rank, a bug class shipped by several top-k kernels).',
    file: 'include/filters.h',
    find: 'const RadixSelection r = select(RadixGoal::kCount, static_cast<uint64_t>(k));',
    replace:
      'const RadixSelection r = select(RadixGoal::kCount, static_cast<uint64_t>(k) + 1u);' +
      '  // MUTANT(topk-k-plus-one): boundary is the (k+1)-th largest value, so k+1 tokens are eligible',
    expectedKill: { by: 'suite', family: 'topk', check: 'satisfies-top-k' },
    families: ['topk', 'renorm'],
    compileUnits: [...SAMPLING, 'mask_logits.hip'],
  },
  {
    id: 'topp-strict-boundary',
    bugClass: 'nucleus-boundary-comparison',
    description: 'Nucleus uses `mass > p*T` instead of `mass >= p*T`: when a prefix reaches p*T exactly, one more token is kept (the > vs >= boundary bug of several top-p implementations).',
    file: 'include/filters.h',
    find: '  return static_cast<uint64_t>(ceil(t));',
    replace:
      '  // MUTANT(topp-strict-boundary): strict > at the nucleus boundary: a prefix equal to p*T is not enough.\n' +
      '  return static_cast<uint64_t>(floor(t)) + 1u;',
    expectedKill: { by: 'suite', family: 'topp', check: 'satisfies-top-p' },
    families: ['topp', 'fused', 'renorm'],
    compileUnits: SAMPLING,
  },
  {
    id: 'topk-then-topp-unrenormalized',
    bugClass: 'topp-unrenormalized-after-topk',
    description: 'Top-k then top-p measures the nucleus against the full row mass T instead of the top-k mass M_k (top-p applied to un-renormalized probabilities after top-k, as in early vLLM/HF fused paths).',
    file: 'include/filters.h',
    find: 'mass_target(p, bk.mass)',
    replace: 'mass_target(p, total) /* MUTANT(topk-then-topp-unrenormalized): nucleus target p*T, not p*M_k */',
    expectedKill: { by: 'suite', family: 'fused', check: 'satisfies-top-k-top-p' },
    families: ['fused'],
    compileUnits: ['sampling.hip'],
  },
  {
    id: 'scan-missing-barrier',
    bugClass: 'scan-missing-barrier',
    description: 'Block scan reads the per-wave totals without a barrier after they are written: a shared-memory race that makes prefix sums wrong and non-monotone (missing __syncthreads, a classic CUB-port bug).',
    file: 'include/block_scan.h',
    find: '    if (lane == SAMPLING_WAVE_SIZE - 1) s.wave_total[wave] = incl_wave;\n    sampling_syncthreads();\n',
    replace:
      '    if (lane == SAMPLING_WAVE_SIZE - 1) s.wave_total[wave] = incl_wave;\n' +
      '    // MUTANT(scan-missing-barrier): no barrier here, wave 0 races the other waves writing wave_total.\n',
    expectedKill: { by: 'sanitizer', tool: 'racecheck' },
    families: ['prefix-sum'],
    compileUnits: ['prefix_sum.hip', 'sampling.hip'],
  },
  {
    id: 'prefix-sum-thread0-serial',
    bugClass: 'serial-thread0-loop',
    description: 'Prefix sum computed by thread 0 in a serial loop over the whole vocabulary while 511 threads idle: correct values, orders of magnitude slower (the naive reference port that ships by accident).',
    file: 'prefix_sum.hip',
    find: '  const Segment seg = thread_segment<B>(c);\n',
    replace:
      '  // MUTANT(prefix-sum-thread0-serial): thread 0 of the row\'s first part walks the whole row serially.\n' +
      '  if (vocab > 0) {\n' +
      '    if (threadIdx.x == 0 && part.part == 0) {\n' +
      '      const float* row_in = in + static_cast<size_t>(part.row) * static_cast<size_t>(vocab);\n' +
      '      float* row_out = out + static_cast<size_t>(part.row) * static_cast<size_t>(vocab);\n' +
      '      float acc = 0.0f;\n' +
      '      for (int i = 0; i < vocab; ++i) {\n' +
      '        acc = sampling_fadd_rn(acc, row_in[i]);\n' +
      '        row_out[i] = acc;\n' +
      '      }\n' +
      '      valid[part.row] = 1;\n' +
      '    }\n' +
      '    return;\n' +
      '  }\n' +
      '  const Segment seg = thread_segment<B>(c);\n',
    expectedKill: { by: 'suite', family: 'prefix-sum', check: 'watchdog budget' },
    families: ['prefix-sum'],
    compileUnits: ['prefix_sum.hip'],
  },
  {
    id: 'rejection-loop-hangs',
    bugClass: 'nonterminating-loop',
    description: 'Row validity is left to a rejection loop that redraws until it lands on a token with mass: an all-zero or all-NaN row has none, so the kernel never terminates (hang reported in several rejection samplers).',
    file: 'include/split_sampling.h',
    find:
      '  if (t.bad != 0u || t.total == 0u) {\n    write_invalid(a, part.row);\n    return;\n  }\n' +
      '  const float u = philox_row_uniform(a.seed, a.offset, static_cast<uint64_t>(part.row));\n' +
      '  finish_row<BLOCK>(a, part, ThresholdPredicate<TiePolicy::kTiesKept>::everything(), t.mine, t.carry, t.total, u,\n',
    replace:
      '  // MUTANT(rejection-loop-hangs): no validity gate; redraw until some part holds the target, which an\n' +
      '  // all-zero or all-NaN row (T = 0) never provides, so the loop never ends.\n' +
      '  for (uint64_t draw = 0;; ++draw) {\n' +
      '    uint64_t at = 0u;\n' +
      '    const float v = philox_row_uniform(a.seed, a.offset + draw, static_cast<uint64_t>(part.row));\n' +
      '    if (find_hit_part<BLOCK>(t.mine, t.carry, part.parts, sample_target(v, t.total), sh, at) >= 0) break;\n' +
      '  }\n' +
      '  const float u = philox_row_uniform(a.seed, a.offset, static_cast<uint64_t>(part.row));\n' +
      '  finish_row<BLOCK>(a, part, ThresholdPredicate<TiePolicy::kTiesKept>::everything(), t.mine, t.carry, t.total, u,\n',
    expectedKill: { by: 'suite', family: 'rng', check: 'watchdog: still running' },
    families: ['rng'],
    compileUnits: ['sampling.hip'],
  },
  {
    id: 'token-vocab-near-u-one',
    bugClass: 'token-equals-vocab',
    description: 'The uniform is nudged by (1 + 1e-3) to dodge u = 0 and a search that finds no prefix >= u*M returns vocab (searchsorted semantics): for u near 1 the token is one past the end.',
    file: 'include/split_sampling.h',
    find:
      '  const uint64_t target = mass > 0u ? sample_target(u, mass) : 0u;\n' +
      '  uint64_t hit_carry = 0u;\n' +
      '  const int hit = mass > 0u ? find_hit_part<BLOCK>(mine, carry, part.parts, target, sh, hit_carry) : -1;\n' +
      '  if (hit < 0) {\n    write_invalid(a, part.row);\n    return;\n  }\n',
    replace:
      '  // MUTANT(token-vocab-near-u-one): u scaled past 1 near the top; "not found" is returned as vocab.\n' +
      '  const uint64_t target = mass > 0u ? sample_target(u * 1.001f, mass) : 0u;\n' +
      '  uint64_t hit_carry = 0u;\n' +
      '  const int hit = mass > 0u ? find_hit_part<BLOCK>(mine, carry, part.parts, target, sh, hit_carry) : -1;\n' +
      '  if (hit < 0) {\n    write_sample(a.token, a.valid, part.row, a.vocab, true);\n    return;\n  }\n',
    expectedKill: { by: 'suite', family: 'rng', check: 'token-in-range' },
    families: ['rng'],
    compileUnits: ['sampling.hip'],
  },
  {
    id: 'uniform-squared',
    bugClass: 'biased-uniform',
    description: 'The uniform conversion returns u^2 instead of u (a wrong int-to-float conversion), biasing every draw toward low prefixes, i.e. toward the first tokens of the row.',
    file: 'include/philox.h',
    find: '  return two_pow_m32 + scaled;',
    replace:
      '  // MUTANT(uniform-squared): biased conversion, u^2 instead of u.\n' +
      '  const float u = two_pow_m32 + scaled;\n' +
      '  return u * u;',
    expectedKill: { by: 'suite', family: 'rng', check: 'exact replay' },
    families: ['rng'],
    compileUnits: ['sampling.hip', 'sampling_from_logits.hip'],
  },
  {
    id: 'subsequence-zero',
    bugClass: 'shared-subsequence',
    description: 'Every row draws from Philox subsequence 0 instead of subsequence = row, so identical rows of a batch sample identical tokens (rows perfectly correlated; a per-request RNG bug of batched samplers).',
    file: 'include/philox.h',
    find: '  return philox_uniform_from_bits(philox_first_output(seed, row, offset));',
    replace:
      '  // MUTANT(subsequence-zero): every row uses subsequence 0.\n' +
      '  (void)row;\n' +
      '  return philox_uniform_from_bits(philox_first_output(seed, 0u, offset));',
    expectedKill: { by: 'suite', family: 'rng', check: 'exact replay' },
    families: ['rng'],
    compileUnits: ['sampling.hip'],
  },
  {
    id: 'seed-ignored',
    bugClass: 'seed-ignored',
    description: 'The caller-supplied seed is ignored (engine keyed with 0), so every request draws the same stream (the "generator argument silently dropped" bug of several sampling APIs).',
    file: 'include/philox.h',
    find: '  return philox_uniform_from_bits(philox_first_output(seed, row, offset));',
    replace:
      '  // MUTANT(seed-ignored): the engine is keyed with 0, not the caller\'s seed.\n' +
      '  (void)seed;\n' +
      '  return philox_uniform_from_bits(philox_first_output(0u, row, offset));',
    expectedKill: { by: 'suite', family: 'rng', check: 'exact replay' },
    families: ['rng'],
    compileUnits: ['sampling.hip'],
  },
  {
    id: 'temperature-multiplied',
    bugClass: 'temperature-multiplied',
    description: 'Logits are multiplied by the temperature instead of divided by it: T = 0.5 sharpens into T = 2 (reported in several inference servers\' logit processors).',
    file: 'temperature.hip',
    find: 'for (int j = 0; j < kItems; ++j) x[j] = sampling_fdiv_rn(x[j], t);',
    replace: 'for (int j = 0; j < kItems; ++j) x[j] = sampling_fmul_rn(x[j], t);  // MUTANT(temperature-multiplied): x * T, not x / T',
    expectedKill: { by: 'suite', family: 'temperature', check: 'temperature (bit for bit)' },
    families: ['temperature'],
    compileUnits: ['temperature.hip'],
  },
  {
    id: 'softmax-no-max-subtraction',
    bugClass: 'softmax-no-max-subtraction',
    description: 'Softmax output computed as exp(x) / (sum * exp(max)) without subtracting the max first: exp overflows to inf for logits above ~88 and the row becomes NaN.',
    file: 'softmax.hip',
    find: 'e[j] = part_max == -INFINITY ? 0.0f : expf(y - part_max);',
    replace:
      '// MUTANT(softmax-no-max-subtraction): exp(x) without the max subtracted overflows on large logits.\n' +
      '      e[j] = expf(y);',
    expectedKill: { by: 'suite', family: 'softmax', check: 'valid-distribution' },
    families: ['softmax'],
    compileUnits: ['softmax.hip'],
  },
  {
    id: 'reduce-partial-index-oob',
    bugClass: 'shared-memory-out-of-bounds',
    description:
      'Block reduction stores each wave\'s partial at partial[threadIdx.x] instead of partial[warp]: lane 0 of wave 15 writes element 480 of a 16-entry shared array, out of bounds. ' +
      'The split-row kernels give the block more shared memory than the array, so the stray writes land inside the block\'s own allocation, where memcheck cannot see them ' +
      '(0 memcheck errors on the H200); what they overwrite makes the row totals wrong, and the fixture guarantees catch that.',
    file: 'include/block_reduce.h',
    find: 'if (sampling_lane() == 0) s.partial[sampling_warp()] = v;',
    replace: 'if (sampling_lane() == 0) s.partial[threadIdx.x] = v;  // MUTANT(reduce-partial-index-oob): thread index, not wave index',
    expectedKill: { by: 'suite', family: 'prefix-sum', check: 'guarantees on committed fixtures' },
    families: ['prefix-sum'],
    compileUnits: ['prefix_sum.hip', 'softmax.hip'],
  },
  {
    id: 'mask-valid-flag-one-past',
    bugClass: 'global-memory-out-of-bounds',
    description:
      'The top-k mask writes its row\'s valid flag at valid[row + 1] (an off-by-one between a row and its flag): the last row writes one int past the end of the flag buffer, and every other row flags its neighbour.',
    file: 'mask_logits.hip',
    find: '  if (threadIdx.x == 0) valid[row] = 1;',
    replace: '  if (threadIdx.x == 0) valid[row + 1] = 1;  // MUTANT(mask-valid-flag-one-past): the next row\'s flag',
    expectedKill: { by: 'sanitizer', tool: 'memcheck' },
    families: ['topk'],
    compileUnits: ['mask_logits.hip'],
  },
  {
    id: 'fp32-tail-never-sampled',
    bugClass: 'exponential-race-tail',
    description: 'Models vLLM #43150 (fp32 exponential race never samples the tail): weights quantized at fp32 resolution 2^-24 instead of 2^-32, so tail tokens below 2^-24 get no mass and are never sampled.',
    file: 'include/row_tiles.h',
    find: '  return static_cast<uint64_t>(w * 4294967296.0f);',
    replace:
      '  // MUTANT(fp32-tail-never-sampled): fp32 resolution (2^-24): tail tokens below it can never be drawn.\n' +
      '  return static_cast<uint64_t>(w * 16777216.0f) << 8;',
    expectedKill: { by: 'suite', family: 'rng', check: 'exact replay' },
    families: ['rng'],
    compileUnits: [...SAMPLING, 'sampling_from_logits.hip'],
  },
  {
    id: 'tie-break-atomic',
    bugClass: 'nondeterministic-tie-break',
    description: 'Exact-policy ties ranked by the arrival order of an atomicAdd instead of by index, so which tied tokens are eligible depends on the thread schedule (non-deterministic top-k under ties).',
    file: 'include/split_sampling.h',
    find: '    rank += BlockScan<BLOCK>::scan(ties, OpSumU32(), 0u, scan32).exclusive;\n',
    replace:
      '    // MUTANT(tie-break-atomic): tie ranks from atomic arrival order, not index order.\n' +
      '    __shared__ uint32_t tie_ticket;\n' +
      '    if (threadIdx.x == 0) tie_ticket = 0u;\n' +
      '    sampling_syncthreads();\n' +
      '    rank += ties != 0u ? atomicAdd(&tie_ticket, ties) : 0u;\n' +
      '    sampling_syncthreads();\n',
    // H100: the topp suite's fixture test (ties under the exact policy) killed it first; `check` is a test-name substring.
    expectedKill: { by: 'suite', family: 'topp', check: 'exact replay on committed fixtures' },
    families: ['topk', 'topp'],
    compileUnits: ['sampling.hip'],
  },
  {
    id: 'speculative-residual-unnormalized',
    bugClass: 'speculative-residual-unnormalized',
    description:
      'After a rejection the residual max(0, p_target - p_draft) is sampled as if it summed to 1 (target u, not u times its mass) and a draw past its end falls back to the last token: the residual is never renormalized, so rejected positions pile mass on one token (the unnormalized-residual bug of speculative decoding ports).',
    file: 'speculative.hip',
    find:
      '  const float u = philox_row_uniform(seed, offset + static_cast<uint64_t>(n), row);\n' +
      '  const int token = search<B>(t, d, residual, mass_target(u, mass), shared);\n',
    replace:
      '  // MUTANT(speculative-residual-unnormalized): the residual is sampled as if it summed to one\n' +
      '  // (target u * 2^32, not u * M); a draw past its end falls back to the last token.\n' +
      '  if (residual) mass = kFixedPointOne;\n' +
      '  const float u = philox_row_uniform(seed, offset + static_cast<uint64_t>(n), row);\n' +
      '  const int found = search<B>(t, d, residual, mass_target(u, mass), shared);\n' +
      '  const int token = found == kNoIndex ? vocab - 1 : found;\n',
    expectedKill: { by: 'suite', family: 'speculative', check: 'distributed as the target' },
    families: ['speculative'],
    compileUnits: ['speculative.hip'],
  },
  {
    id: 'speculative-bonus-from-draft',
    bugClass: 'speculative-bonus-from-draft',
    description:
      'When every draft token is accepted, the bonus token is drawn from the last draft row instead of the extra target row (an off-by-one between the draft and target row arrays), so the bonus token follows the draft model, not the target.',
    file: 'speculative.hip',
    find: '  const RowView t(row_at(in.target, emitted, vocab), 0, vocab);\n',
    replace:
      '  // MUTANT(speculative-bonus-from-draft): the bonus token comes from the last draft row, not target row n.\n' +
      '  const RowView t(emitted < n ? row_at(in.target, emitted, vocab) : row_at(in.draft, n - 1, vocab), 0, vocab);\n',
    expectedKill: { by: 'suite', family: 'speculative', check: 'distributed as the target' },
    families: ['speculative'],
    compileUnits: ['speculative.hip'],
  },
  {
    id: 'indices-subsequence-input-row',
    bugClass: 'shared-subsequence',
    description:
      'An indexed sampler draws output row i from the Philox subsequence of the input row it reads (indices[i]) instead of output row i: output rows that read the same input row (n samples per prompt, beam candidates) all get the same token, silently, while every call without indices is right.',
    file: 'include/split_sampling.h',
    find: '  const float u = philox_row_uniform(a.seed, a.offset, static_cast<uint64_t>(part.row));\n',
    replace:
      '  // MUTANT(indices-subsequence-input-row): the subsequence of the input row read, not of the output row.\n' +
      '  const float u = philox_row_uniform(a.seed, a.offset, static_cast<uint64_t>(part.src));\n',
    expectedKill: { by: 'suite', family: 'rng', check: 'subsequence = output row' },
    families: ['rng'],
    compileUnits: ['sampling.hip'],
  },
  {
    id: 'bf16-pair-halves-swapped',
    bugClass: 'packed-halves-swapped',
    description:
      'The 16-byte load of eight bf16 values unpacks each 32-bit word high half first, so every pair of neighbouring entries is swapped (the lane-order bug of hand-vectorized half-precision loads): the row sampled is a permutation of the row given, and only where rows are read eight at a time.',
    file: 'include/elements.h',
    find:
      '  return make_float4(E::widen(static_cast<uint16_t>(lo & 0xffffu)), E::widen(static_cast<uint16_t>(lo >> 16)),\n' +
      '                     E::widen(static_cast<uint16_t>(hi & 0xffffu)), E::widen(static_cast<uint16_t>(hi >> 16)));\n',
    replace:
      '  // MUTANT(bf16-pair-halves-swapped): the high half of each word is taken as the first entry.\n' +
      '  return make_float4(E::widen(static_cast<uint16_t>(lo >> 16)), E::widen(static_cast<uint16_t>(lo & 0xffffu)),\n' +
      '                     E::widen(static_cast<uint16_t>(hi >> 16)), E::widen(static_cast<uint16_t>(hi & 0xffffu)));\n',
    expectedKill: { by: 'suite', family: 'topp', check: 'exact replay on committed fixtures' },
    families: ['topp'],
    compileUnits: ['sampling_bf16.hip'],
  },
  // The example kernel directories carry their own planted bugs: the harness must catch them in kernels it did not
  // write, through the checks those kernels declare (uniform replay, the filter guarantee, stream independence).
  {
    id: 'downstream-topk-topp-unrenormalized',
    baseDir: DOWNSTREAM,
    bugClass: 'topp-unrenormalized-after-topk',
    description: 'The downstream fused kernel measures the nucleus against the full row mass T instead of the top-k mass M_k, so the nucleus runs past the top-k set (top-p on un-renormalized probabilities after top-k).',
    file: 'sampling.hip',
    find: '  if (b.found && top_p != 1.0f) b = nucleus(w, vocab_size, top_p, b.mass, s.select);',
    replace: '  if (b.found && top_p != 1.0f) b = nucleus(w, vocab_size, top_p, stats.total, s.select);  // MUTANT(downstream-topk-topp-unrenormalized): nucleus target p*T, not p*M_k',
    expectedKill: { by: 'suite', family: 'fused', check: 'satisfies-top-k-top-p' },
    families: ['fused'],
    compileUnits: ['sampling.hip'],
  },
  {
    id: 'downstream-shared-uniform',
    baseDir: DOWNSTREAM,
    bugClass: 'shared-subsequence',
    description: 'The downstream top-p kernel reads random_values[0] for every row instead of random_values[row]: every row of a batch draws with the same uniform (the per-request RNG bug of batched samplers).',
    file: 'sampling.hip',
    find:
      '  const Boundary b = nucleus(w, vocab_size, top_p, stats.total, s.select);\n' +
      '  write_token(output, row, b.found ? draw_index(w, vocab_size, b, random_values[row], s.draw) : 0);',
    replace:
      '  const Boundary b = nucleus(w, vocab_size, top_p, stats.total, s.select);\n' +
      '  // MUTANT(downstream-shared-uniform): every row draws with the first row\'s uniform.\n' +
      '  write_token(output, row, b.found ? draw_index(w, vocab_size, b, random_values[0], s.draw) : 0);',
    expectedKill: { by: 'suite', family: 'topp', check: 'uniform replay' },
    families: ['topp'],
    compileUnits: ['sampling.hip'],
  },
  {
    id: 'library-strict-nucleus',
    baseDir: LIBRARY,
    bugClass: 'nucleus-boundary-comparison',
    description: 'The library-style kernel closes the nucleus only when its mass exceeds top_p (> instead of >=): a prefix whose mass equals top_p exactly takes one more value in (the > vs >= boundary bug of several top-p implementations).',
    file: 'top_p_sampling.hip',
    find: '  if (above < top_p && above + run >= top_p) {\n    double local = 0.0;  // summed in the order `run` was, so the crossing is found\n    for (int b = hi; b > hi - kBinsPerThread; --b) {\n      local += BinMass<T>(histogram, b);\n      if (above + local >= top_p) {',
    replace:
      '  // MUTANT(library-strict-nucleus): the nucleus needs a mass strictly above top_p.\n' +
      '  if (above <= top_p && above + run > top_p) {\n    double local = 0.0;\n    for (int b = hi; b > hi - kBinsPerThread; --b) {\n      local += BinMass<T>(histogram, b);\n      if (above + local > top_p) {',
    expectedKill: { by: 'suite', family: 'topp', check: 'satisfies-top-p' },
    families: ['topp'],
    compileUnits: ['top_p_sampling.hip'],
  },
  {
    id: 'library-row-blind-rng',
    baseDir: LIBRARY,
    bugClass: 'shared-subsequence',
    description: 'The library-style kernel draws its uniform from (seed, offset) without the row index, so every row of a call gets the same number and identical rows draw identical tokens (rows perfectly correlated).',
    file: 'top_p_sampling.hip',
    find: 'const int64_t chunk = FindChunk<BLOCK>(row_workspace, chunks, uniform(seed, offset, bx), target, temp);',
    replace: 'const int64_t chunk = FindChunk<BLOCK>(row_workspace, chunks, uniform(seed, offset, 0u), target, temp);  // MUTANT(library-row-blind-rng): the row index is not part of the stream',
    expectedKill: { by: 'suite', family: 'topp', check: 'stream independence' },
    families: ['topp'],
    compileUnits: ['top_p_sampling.hip'],
  },
];
