/**
 * The design contract's ranges of the well-known sampling parameters, checked by the reference's own validators
 * (src/reference/arguments.ts) so the host side and the specification reject the same values with the same
 * wording. A manifest `range` is checked on top: a kernel may accept less than the contract, never more.
 */
import { assertMinP, assertTemperature, assertTopK, assertTopP } from '../../src/reference/arguments.ts';
import type { KernelParam } from '../../src/manifest/types.ts';

type ContractCheck = (value: number, name: string) => void;

const BY_SCALAR: Readonly<Record<string, ContractCheck>> = {
  top_k: assertTopK,
  top_p: assertTopP,
  min_p: assertMinP,
  temperature: assertTemperature,
};

/** The contract check of a scalar, or of a per-row array through the scalar it stands in for; undefined if none. */
export function contractCheckOf(param: KernelParam): ContractCheck | undefined {
  const scalar = param.role === 'per-row' ? (param.fallback ?? param.name.replace(/_arr$/, '')) : param.name;
  return Object.hasOwn(BY_SCALAR, scalar) ? BY_SCALAR[scalar] : undefined;
}
