/** Number formatting for the report: fixed for ordinary magnitudes, exponent for tiny p-values. */

export function fmt(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs < 1e-3 || abs >= 1e7) return value.toExponential(digits - 1);
  if (Number.isInteger(value) || abs >= 1000) return value.toLocaleString('en-US', { maximumFractionDigits: 1 });
  return value.toPrecision(digits).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

export function fmtBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${fmt(v)} ${units[u] ?? 'B'}`;
}
