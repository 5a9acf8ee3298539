/// The live dashboard: one self-contained page (inline CSS and script, a canvas chart, nothing fetched from
/// elsewhere), refreshed from `/status` once a second.
enum DashboardPage {
    static let html = #"""
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tiki-pipeline monitor</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#f5f6f8;color:#1d2330}
header{background:#1a73e8;color:#fff;padding:10px 20px;display:flex;gap:16px;align-items:baseline}
header h1{font-size:18px;margin:0}#state{font-weight:600}
main{padding:14px 20px;display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:14px}
section{background:#fff;border-radius:8px;padding:12px 14px;box-shadow:0 1px 2px #0002}
section.wide{grid-column:1/-1}h2{font-size:13px;margin:0 0 8px;color:#5f6b7a;text-transform:uppercase;letter-spacing:.04em}
.bar{height:22px;background:#e3e8ef;border-radius:11px;overflow:hidden}.fill{height:100%;background:#34a853;width:0}
.big{font-size:26px;font-weight:600}.row{display:flex;gap:22px;flex-wrap:wrap;margin-top:8px}.row div span{display:block;color:#5f6b7a;font-size:12px}
table{border-collapse:collapse;width:100%}td{padding:2px 4px;border-bottom:1px solid #eef0f3}td.n{text-align:right;font-variant-numeric:tabular-nums}
canvas{width:100%;height:220px}#file{font-family:ui-monospace,monospace;word-break:break-all}
</style></head><body>
<header><h1>tiki-pipeline <span id="label">…</span></h1><span id="state">connecting</span><span id="elapsed"></span></header>
<main>
<section class="wide"><h2>Progress</h2>
<div class="bar"><div class="fill" id="fill"></div></div>
<div class="row">
<div><span>done</span><b class="big" id="done">0</b> / <b id="total">?</b> <span id="unit"></span></div>
<div><span>percent</span><b class="big" id="percent">0.0</b>%</div>
<div><span>ETA</span><b class="big" id="eta">--</b></div>
<div><span id="tp-caption">records/s (last 5 s)</span><b class="big" id="throughput">0</b></div>
<div><span>limiter rate</span><b class="big" id="rate">--</b></div>
<div><span>in flight / concurrency</span><b class="big" id="inflight">--</b></div>
</div></section>
<section class="wide"><h2 id="chart-title">records/s</h2><canvas id="chart" width="1200" height="220"></canvas></section>
<section><h2>Outcomes</h2><table id="outcomes"></table></section>
<section><h2>Requests by outcome</h2><table id="requests"></table></section>
<section><h2>Latency</h2><table>
<tr><td>p50</td><td class="n" id="p50">--</td></tr><tr><td>p95</td><td class="n" id="p95">--</td></tr>
<tr><td>p99</td><td class="n" id="p99">--</td></tr><tr><td>requests timed</td><td class="n" id="timed">0</td></tr></table>
<h2 style="margin-top:12px">Current file</h2><div id="file">--</div></section>
<section><h2>All counters</h2><table id="counters"></table></section>
</main>
<script>
"use strict";
const $ = id => document.getElementById(id);
const fmt = n => n == null ? "--" : Math.round(n).toLocaleString("en-US");
function dur(s) {
  if (s == null) return "--";
  s = Math.round(s);
  if (s >= 3600) return Math.floor(s / 3600) + "h" + String(Math.floor(s / 60) % 60).padStart(2, "0") + "m";
  if (s >= 60) return Math.floor(s / 60) + "m" + String(s % 60).padStart(2, "0") + "s";
  return s + "s";
}
const ms = s => s == null ? "--" : (s * 1000 < 10 ? (s * 1000).toFixed(2) : (s * 1000).toFixed(1)) + " ms";
function byLabel(counter, label) {
  const out = [];
  for (const [k, v] of Object.entries(counter || {})) {
    const m = k.split(",").map(p => p.split("=")).find(p => p[0] === label);
    out.push([m ? m[1] : k, v]);
  }
  return out.sort((a, b) => b[1] - a[1]);
}
// The page shares the machine with the run it watches, so each refresh touches only what changed: no animation,
// no rebuilt tables, no redrawn chart without a new point. A browser's style, layout and raster work per change
// is what costs, not the fetch.
function set(el, text) { if (el.textContent !== text) el.textContent = text; }
function table(el, rows, prefix) {
  const names = rows.map(r => r[0]).join("\n");
  if (el.dataset.names !== names) {
    el.dataset.names = names;
    el.replaceChildren();
    for (const [name] of rows) {
      const tr = el.insertRow(), a = tr.insertCell(), b = tr.insertCell();
      a.textContent = name; b.className = "n";
      if (prefix) b.id = prefix + name;
    }
  }
  rows.forEach(([, value], i) => set(el.rows[i].cells[1], fmt(value)));
}
let chartedPoint = null;
function chart(history) {
  const last = history.length ? history[history.length - 1].join() : "";
  if (last === chartedPoint) return;
  chartedPoint = last;
  const c = $("chart"), g = c.getContext("2d"), w = c.width, h = c.height, pad = 36;
  g.clearRect(0, 0, w, h);
  const pts = [];
  for (let i = 1; i < history.length; i++) {
    const dt = history[i][0] - history[i - 1][0];
    if (dt > 0) pts.push([history[i][0], (history[i][1] - history[i - 1][1]) / dt]);
  }
  const maxY = Math.max(1, ...pts.map(p => p[1])) * 1.1, t0 = pts.length ? pts[0][0] : 0, t1 = pts.length ? pts[pts.length - 1][0] : 1;
  g.strokeStyle = "#d0d5dd"; g.fillStyle = "#5f6b7a"; g.font = "12px sans-serif"; g.lineWidth = 1;
  for (let k = 0; k <= 4; k++) {
    const y = h - pad / 2 - (h - pad) * k / 4;
    g.beginPath(); g.moveTo(pad + 20, y); g.lineTo(w - 6, y); g.stroke();
    g.fillText(fmt(maxY * k / 4), 2, y + 4);
  }
  g.fillText(dur(t0), pad + 20, h - 2); g.fillText(dur(t1), w - 40, h - 2);
  if (pts.length < 2) return;
  g.strokeStyle = "#1a73e8"; g.lineWidth = 2; g.beginPath();
  pts.forEach((p, i) => {
    const x = pad + 20 + (w - pad - 26) * (p[0] - t0) / Math.max(1e-9, t1 - t0), y = h - pad / 2 - (h - pad) * p[1] / maxY;
    i ? g.lineTo(x, y) : g.moveTo(x, y);
  });
  g.stroke();
}
function render(s) {
  set($("label"), s.label); set($("state"), s.state); set($("elapsed"), dur(s.elapsed_seconds));
  set($("done"), fmt(s.done)); set($("total"), s.total == null ? "?" : fmt(s.total)); set($("unit"), s.unit);
  const pct = s.total ? Math.min(100, 100 * s.done / s.total) : (s.state === "finished" ? 100 : 0);
  set($("percent"), pct.toFixed(1));
  const width = pct.toFixed(1) + "%";
  if ($("fill").style.width !== width) $("fill").style.width = width;
  set($("eta"), s.state === "finished" ? "done" : dur(s.eta_seconds));
  set($("throughput"), fmt(s.throughput_per_second));
  set($("tp-caption"), s.throughput_unit + "/s (last 5 s)"); set($("chart-title"), s.throughput_unit + "/s over the run");
  const gauges = s.gauges || {}, counters = s.counters || {};
  const rate = gauges.tiki_rate_limit_requests_per_second;
  set($("rate"), rate == null ? "--" : fmt(rate) + "/s");
  const inflight = gauges.tiki_requests_in_flight, conc = gauges.tiki_concurrency_limit;
  set($("inflight"), inflight == null ? "--" : fmt(inflight) + " / " + fmt(conc));
  const outcomes = [];
  if (counters.tiki_records_written_total) outcomes.push(["ok", counters.tiki_records_written_total[""]]);
  outcomes.push(...byLabel(counters.tiki_errors_written_total, "error"));
  table($("outcomes"), outcomes, "outcome-");
  table($("requests"), byLabel(counters.tiki_requests_total, "outcome"), "requests-");
  const t = (s.timers || {}).tiki_request_duration_seconds || {};
  set($("p50"), ms(t.p50)); set($("p95"), ms(t.p95)); set($("p99"), ms(t.p99)); set($("timed"), fmt(t.count || 0));
  set($("file"), s.current_file || "--");
  const all = [];
  for (const [name, byKey] of Object.entries(counters))
    for (const [k, v] of Object.entries(byKey)) all.push([k ? name + "{" + k + "}" : name, v]);
  table($("counters"), all.sort(), null);
  chart(s.history || []);
}
async function tick() {
  try {
    const r = await fetch("/status", {cache: "no-store"});
    render(await r.json());
  } catch (e) {
    set($("state"), "disconnected (the run has ended)");
  }
}
tick();
setInterval(tick, 1000);
</script></body></html>
"""#
}
