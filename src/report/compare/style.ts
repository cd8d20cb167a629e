/** Styles only the compare page needs, on top of the report's PAGE_CSS. */
export const COMPARE_CSS = `
.verdict-small{display:inline-block;padding:0 6px;border-radius:4px;color:#fff;font-weight:600;font-size:12px}
.verdict-small.verified{background:var(--ok)}.verdict-small.failed{background:var(--bad)}.verdict-small.not-verified{background:var(--neutral)}
table.matrix td.changed{outline:2px solid #1f2328;outline-offset:-2px;width:auto;padding:0 3px}
table.matrix.wide td{width:auto;min-width:26px}
ol.changes li{margin:2px 0}
tr.perf.gate td{background:#ffebe9}
ul.notes{margin:6px 0;padding-left:18px}
`;
