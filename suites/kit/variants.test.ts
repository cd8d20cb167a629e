import { describe, expect, it } from 'vitest';
import type { ManifestEntry } from '../../src/manifest/index.ts';
import { watchdogShapes } from './sampling-shapes.ts';
import { casesOfEntry, chiSquareCasesOf, entriesAtShape, fullBatteryEntries, variantShapes } from './variants.ts';

const entry = (name: string, variantOf?: string): ManifestEntry => ({ name, ...(variantOf === undefined ? {} : { variantOf }) }) as unknown as ManifestEntry;
const base = entry('top_p');
const bf16 = entry('top_p_bf16', 'top_p');

describe('the battery of an element-type variant', () => {
  it('leaves variants out of the full battery', () => {
    expect(fullBatteryEntries([base, bf16]).map((e) => e.name)).toEqual(['top_p']);
  });

  it("launches a variant with its family's first and last parameter case, a base with all", () => {
    expect(casesOfEntry(base, [1, 2, 3, 4])).toEqual([1, 2, 3, 4]);
    expect(casesOfEntry(bf16, [1, 2, 3, 4])).toEqual([1, 4]);
    expect(casesOfEntry(bf16, [1, 2])).toEqual([1, 2]);
    expect(casesOfEntry(bf16, [])).toEqual([]);
  });

  it('runs a variant at the watchdog shape with the most elements and at the largest vocab of the smallest batch', () => {
    expect(variantShapes(watchdogShapes())).toEqual([
      [1024, 256000],
      [1, 128256],
    ]);
    expect(variantShapes([[4, 10]])).toEqual([[4, 10]]);
    expect(() => variantShapes([])).toThrow(/no watchdog shapes/);
    const at = (shape: readonly [number, number]) => entriesAtShape([base, bf16], shape, watchdogShapes()).map((e) => e.name);
    expect(at([1024, 256000])).toEqual(['top_p', 'top_p_bf16']);
    expect(at([1, 128256])).toEqual(['top_p', 'top_p_bf16']);
    expect(at([99, 32000])).toEqual(['top_p']);
  });

  it("gives a variant one chi-square case: the widest law that still cuts the row; a base keeps all of its cases", () => {
    const support = new Map([['p=0.1', 3], ['p=0.9', 400], ['p=1', 1000]]);
    const cases = [...support.keys()];
    expect(chiSquareCasesOf(base, cases, (c) => support.get(c) ?? 0, 1000)).toEqual(cases);
    expect(chiSquareCasesOf(bf16, cases, (c) => support.get(c) ?? 0, 1000)).toEqual(['p=0.9']);
    expect(chiSquareCasesOf(bf16, ['p=1'], () => 1000, 1000)).toEqual(['p=1']);
    expect(chiSquareCasesOf(bf16, ['a', 'b'], () => 1000, 1000)).toEqual(['a']);
  });
});
