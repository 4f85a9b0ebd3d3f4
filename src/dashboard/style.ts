/** The dashboard's one stylesheet, inlined in every page: no build step, no extra request. */
export const STYLE = `
:root {
  --ink: #1a202c; --muted: #5a6472; --line: #e2e8f0; --bg: #f7f8fa; --card: #fff;
  --accent: #2b6cb0;
  --on-time: #3182ce; --due-soon: #d69e2e; --overdue: #e53e3e;
  --done: #38a169; --done-late: #dd6b20; --cancelled: #a0aec0;
}
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--bg); }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
header.top { background: #1f2937; color: #fff; }
header.top .inner { display: flex; align-items: center; gap: 24px; max-width: 1280px; margin: 0 auto; padding: 10px 24px; }
header.top .brand { font-weight: 700; font-size: 16px; color: #fff; letter-spacing: .02em; }
header.top nav { display: flex; gap: 4px; }
header.top nav a { color: #cbd5e0; padding: 6px 10px; border-radius: 6px; }
header.top nav a.active, header.top nav a:hover { color: #fff; background: #374151; text-decoration: none; }
header.top .meta { margin-left: auto; color: #cbd5e0; font-size: 12px; text-align: right; }
main { max-width: 1280px; margin: 0 auto; padding: 20px 24px 48px; }
h1 { font-size: 22px; margin: 4px 0 4px; }
h1 .sub { font-size: 14px; font-weight: 400; color: var(--muted); margin-left: 8px; }
h2 { font-size: 16px; margin: 0 0 10px; }
.lead { color: var(--muted); margin: 0 0 16px; }
section.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px 18px; margin: 0 0 16px; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
@media (max-width: 900px) { .grid2 { grid-template-columns: 1fr; } }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 8px 10px; border-bottom: 1px solid var(--line); }
th { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); font-weight: 600; background: #fafbfc; }
tbody tr:hover { background: #fafcff; }
td.nowrap, th.nowrap { white-space: nowrap; }
.muted { color: var(--muted); }
.small { font-size: 12px; }
.mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
.company { font-weight: 600; }
.filters { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0; }
.filters a { border: 1px solid var(--line); background: #fff; border-radius: 999px; padding: 5px 12px; color: var(--ink); }
.filters a.active { background: var(--ink); border-color: var(--ink); color: #fff; }
.filters a .n { color: var(--muted); margin-left: 4px; }
.filters a.active .n { color: #cbd5e0; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; background: #edf2f7; color: #2d3748; white-space: nowrap; }
.badge.state-awaiting-packet { background: #ebf8ff; color: #2c5282; }
.badge.state-awaiting-acknowledgement { background: #fefcbf; color: #744210; }
.badge.state-acknowledged { background: #e6fffa; color: #234e52; }
.badge.state-in-delivery { background: #e9d8fd; color: #44337a; }
.badge.state-delivered { background: #c6f6d5; color: #22543d; }
.badge.state-on-hold { background: #edf2f7; color: #4a5568; }
.badge.msg-queued { background: #ebf8ff; color: #2c5282; }
.badge.msg-delivered { background: #c6f6d5; color: #22543d; }
.badge.msg-failed { background: #fed7d7; color: #822727; }
.badge.live-yes { background: #c6f6d5; color: #22543d; }
.badge.live-no { background: #fed7d7; color: #822727; }
.clocks { display: grid; gap: 3px; min-width: 360px; }
.clock { display: grid; grid-template-columns: 118px 110px 1fr; align-items: center; gap: 8px; font-size: 12px; }
.clock-name { color: var(--muted); font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 11.5px; }
.bar { position: relative; height: 8px; border-radius: 4px; background: #edf2f7; overflow: hidden; }
.bar .fill { position: absolute; inset: 0 auto 0 0; border-radius: 4px; }
.clock-words { white-space: nowrap; }
.is-on-time .fill, .is-on-time .swatch { background: var(--on-time); }
.is-due-soon .fill, .is-due-soon .swatch { background: var(--due-soon); }
.is-overdue .fill, .is-overdue .swatch { background: var(--overdue); }
.is-done .fill, .is-done .swatch { background: var(--done); }
.is-done-late .fill, .is-done-late .swatch { background: var(--done-late); }
.is-cancelled .fill, .is-cancelled .swatch { background: var(--cancelled); }
.is-overdue .clock-words { color: #c53030; font-weight: 600; }
.is-due-soon .clock-words { color: #975a16; font-weight: 600; }
.is-held .fill, .is-held .swatch { background: #805ad5; }
.is-held .clock-words { color: #553c9a; font-weight: 600; }
.is-done-late .clock-words { color: #9c4221; }
.is-cancelled .clock-words { color: var(--muted); text-decoration: line-through; }
.clocks.wide .clock { grid-template-columns: 140px 320px 1fr; font-size: 13px; gap: 12px; }
.clocks.wide .bar { height: 10px; border-radius: 5px; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; align-items: center; font-size: 12px; color: var(--muted); margin: 0 0 10px; }
.legend .key { display: inline-flex; align-items: center; gap: 5px; }
.legend .swatch { display: inline-block; width: 18px; height: 8px; border-radius: 4px; }
.legend-note { margin-left: auto; }
.pager { display: flex; align-items: center; gap: 10px; margin: 14px 0 0; color: var(--muted); }
.pager a, .pager span.off { border: 1px solid var(--line); background: #fff; border-radius: 6px; padding: 4px 10px; }
.pager span.off { color: #cbd5e0; }
.pager .where { margin-left: auto; }
dl.facts { display: grid; grid-template-columns: 170px 1fr; gap: 6px 12px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
pre { white-space: pre-wrap; word-break: break-word; background: #f8fafc; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; margin: 0; font: 12.5px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre.message { padding: 8px 10px; font-size: 12px; }
.flash { border-radius: 8px; padding: 10px 14px; margin: 0 0 16px; background: #f0fff4; border: 1px solid #9ae6b4; color: #22543d; }
.alert { border-radius: 8px; padding: 10px 14px; margin: 0 0 10px; background: #fff5f5; border: 1px solid #feb2b2; color: #742a2a; }
.empty { color: var(--muted); padding: 18px 0; text-align: center; }
form.retry { display: flex; gap: 6px; align-items: center; margin-top: 8px; flex-wrap: wrap; }
form.retry input[type=password] { padding: 5px 8px; border: 1px solid #cbd5e0; border-radius: 6px; width: 200px; font: inherit; }
button { font: inherit; font-weight: 600; padding: 5px 14px; border-radius: 6px; border: 1px solid #c53030; background: #e53e3e; color: #fff; cursor: pointer; }
button:hover { background: #c53030; }
.stats { display: flex; gap: 20px; flex-wrap: wrap; margin: 8px 0 0; }
.stat b { display: block; font-size: 20px; }
.stat span { color: var(--muted); font-size: 12px; }
svg.chart { width: 100%; height: auto; display: block; }
svg.chart text { font: 11px system-ui, sans-serif; fill: #4a5568; }
svg.chart .axis { stroke: #cbd5e0; }
svg.chart .target { stroke: #1a202c; stroke-dasharray: 4 3; }
svg.chart .within { fill: var(--done); }
svg.chart .beyond { fill: var(--done-late); }
svg.chart .rate { fill: var(--on-time); }
svg.chart .none { fill: #edf2f7; }
.error-page { max-width: 640px; margin: 60px auto; }
.error-page .code { color: var(--muted); font-size: 13px; }
`;
