/** The report's stylesheet: readable on screen and in print, no web fonts (the file opens offline). */
export const HTML_STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; max-width: 1140px; padding: 16px 24px 48px; color: #1b1f24; background: #fff; }
h1 { font-size: 22px; margin: 8px 0 4px; }
h2 { font-size: 18px; margin: 28px 0 6px; border-top: 1px solid #d0d7de; padding-top: 16px; }
h3 { font-size: 14px; margin: 16px 0 4px; }
.meta, .note, .muted, .kind { color: #57606a; font-weight: normal; }
.note { font-size: 12px; }
.badge { display: inline-block; font-size: 12px; font-weight: 600; padding: 2px 8px; border-radius: 10px; color: #fff; vertical-align: middle; }
.badge.pass { background: #1a7f37; } .badge.fail { background: #cf222e; } .badge.inconclusive { background: #9a6700; }
p.verdict { font-weight: 600; padding: 8px 12px; border-radius: 6px; }
p.verdict.pass { background: #dafbe1; } p.verdict.fail { background: #ffebe9; } p.verdict.inconclusive { background: #fff8c5; }
.warn-note { background: #fff8c5; padding: 6px 10px; } .error-note { background: #ffebe9; padding: 6px 10px; }
table { border-collapse: collapse; margin: 4px 0 8px; font-size: 13px; }
th, td { border: 1px solid #d0d7de; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.good { color: #1a7f37; font-weight: 600; } td.bad { color: #cf222e; font-weight: 600; } td.warn { color: #9a6700; font-weight: 600; } td.muted { color: #57606a; }
.charts { display: flex; flex-direction: column; gap: 12px; margin: 8px 0; }
.chart { width: 100%; }
code { font-size: 12px; background: #f6f8fa; padding: 1px 4px; border-radius: 4px; }
`;
