/** Inline CSS and JS: the report is one file opened from file://, so nothing may be fetched. */

export const PAGE_CSS = `
:root{--ok:#1a7f37;--bad:#cf222e;--warn:#9a6700;--muted:#57606a;--line:#d0d7de;--bg:#f6f8fa}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2328;background:#fff}
header{background:#24292f;color:#fff;padding:12px 24px;display:flex;gap:24px;align-items:baseline;flex-wrap:wrap}
header h1{font-size:18px;margin:0}
header nav a{color:#c9d1d9;margin-right:12px;text-decoration:none}
main{padding:8px 24px 40px;max-width:1200px}
section{border-top:1px solid var(--line);padding-top:4px;margin-top:16px}
h2{font-size:17px;margin:12px 0 8px}
h3{font-size:15px;margin:14px 0 6px;font-family:ui-monospace,monospace}
table{border-collapse:collapse;margin:6px 0 10px}
th,td{border:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
th{background:var(--bg);font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.warn{color:var(--warn);font-weight:600}
tr.bad-row td:first-child{border-left:3px solid var(--bad)}tr.warn-row td:first-child{border-left:3px solid var(--warn)}tr.muted td{color:var(--muted)}
.scroll{overflow-x:auto;max-width:100%}
.ok{color:var(--ok);font-weight:600}.bad{color:var(--bad);font-weight:600}.muted{color:var(--muted)}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-weight:600}
.badge.ok{background:var(--ok);color:#fff}.badge.bad{background:var(--bad);color:#fff}.badge.skip{background:var(--warn)}
.cards{display:flex;gap:12px;flex-wrap:wrap}
.card{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:120px;background:var(--bg)}
.card b{font-size:22px;display:block}
pre{background:var(--bg);border:1px solid var(--line);padding:6px 8px;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
code{font-family:ui-monospace,monospace;font-size:13px}
ul.findings{margin:2px 0;padding-left:18px}
.chart{display:block;margin:6px 0 12px;font:11px system-ui,sans-serif}
.chart .bar-ok{fill:#54aeff}.chart .bar-bad{fill:var(--bad)}
.chart .budget{stroke:var(--bad);stroke-width:2;stroke-dasharray:4 3}
.chart .exp{fill:#b6e3ff}.chart .obs{fill:#0969da}.chart .axisline{stroke:#8c959f}
.chart .lbl,.chart .val,.chart .axis,.chart .tick{fill:#1f2328}
.meter{display:inline-block;width:120px;height:10px;background:#eaeef2;border-radius:5px;vertical-align:middle;margin-right:6px;overflow:hidden}
.meter i{display:block;height:100%;background:#54aeff}
body.failures-only .passing{display:none}
`;

/** Progressive enhancement only: every section is readable without it. It marks the page ready so a headless
 *  browser test can tell that the script ran to the end. */
export const PAGE_JS = `
(function () {
  var box = document.getElementById('failures-only');
  if (box) {
    box.addEventListener('change', function () {
      document.body.classList.toggle('failures-only', box.checked);
    });
  }
  document.documentElement.setAttribute('data-report-ready', '1');
})();
`;
