/** Inline CSS and JS: the report is one file opened from file://, so nothing may be fetched. */

export const PAGE_CSS = `
:root{--ok:#1a7f37;--bad:#cf222e;--warn:#9a6700;--muted:#57606a;--neutral:#57606a;--line:#d0d7de;--bg:#f6f8fa;--stale:#8c959f}
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
.chart .budget{stroke:var(--bad);stroke-width:2;stroke-dasharray:4 3;fill:none}
.chart .exp{fill:#b6e3ff}.chart .obs{fill:#0969da}.chart .axisline{stroke:#8c959f}
.chart .lbl,.chart .val,.chart .axis,.chart .tick{fill:#1f2328}
.meter{display:inline-block;width:120px;height:10px;background:#eaeef2;border-radius:5px;vertical-align:middle;margin-right:6px;overflow:hidden}
.meter i{display:block;height:100%;background:#54aeff}
body.failures-only .passing{display:none}
.verdict{font-size:26px;font-weight:700;padding:4px 16px;border-radius:6px;color:#fff;display:inline-block;letter-spacing:.5px}
.verdict.verified{background:var(--ok)}.verdict.failed{background:var(--bad)}.verdict.not-verified{background:var(--neutral)}
.verdict-summary{font-size:16px;margin:8px 0}
ol.failures{margin:4px 0;padding-left:22px}ol.failures li{margin:2px 0}
.facts{color:var(--muted);margin:6px 0}.facts b{color:#1f2328;font-weight:600}
.stale,.stale td,.stale th,.stale .ok,.stale .bad,.stale .warn{color:var(--stale)!important}
.stale-note{color:var(--stale);font-style:italic}
table.matrix{border-collapse:collapse}
table.matrix th.col{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;font-weight:500;padding:4px 2px;vertical-align:bottom;max-height:160px}
table.matrix th.col.contract{font-style:italic}
table.matrix th.row{font:12px ui-monospace,monospace;text-align:right;white-space:nowrap;padding:1px 6px}
table.matrix td{width:26px;height:22px;text-align:center;padding:0;font-size:12px}
td.c-passed{background:#dafbe1;color:var(--ok)}td.c-failed{background:#ffebe9;color:var(--bad);font-weight:700}
td.c-not-applicable{background:#f6f8fa;color:var(--muted);font-size:10px}td.c-not-run{background:#fff;color:#d0d7de}
.legend span{display:inline-block;margin-right:14px}.legend i{display:inline-block;width:14px;height:12px;vertical-align:middle;margin-right:4px;border:1px solid var(--line)}
details.fold>summary{cursor:pointer;font-weight:600;margin:4px 0}
details.fold>summary .muted{font-weight:400}
.charts{display:flex;flex-wrap:wrap;gap:8px}
.chart .grid{stroke:#eaeef2}
.chart .s0{stroke:#0969da;fill:#0969da}.chart .s1{stroke:#8250df;fill:#8250df}.chart .s2{stroke:#bf8700;fill:#bf8700}.chart .s3{stroke:#1a7f37;fill:#1a7f37}.chart .s4{stroke:#cf222e;fill:#cf222e}
.chart .line{fill:none;stroke-width:1.5}.chart .whisk{fill:none;stroke-width:1}.chart text.key{stroke:none}
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
