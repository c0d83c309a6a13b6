// Charts drawn as SVG by hand: a stacked bar chart of series over periods, and a horizontal bar list.
// Written by hand rather than vendoring Chart.js (~200 kB) or d3 (~280 kB): two chart shapes need
// ~100 lines, ship no third-party code, and draw with attributes only (no inline style: the CSP forbids it).
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";

// An SVG element with attributes and an optional text.
function svgEl(tag, attrs, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

// One colour per PLOVER type, fixed so that a type keeps its colour from chart to chart
// (cooperative types in blues and greens, conflictual ones in oranges and reds).
const TYPE_COLOURS = {
  AGREE: "#1f77b4", CONSULT: "#6baed6", SUPPORT: "#2ca02c", CONCEDE: "#98df8a", COOPERATE: "#17becf",
  AID: "#9edae5", RETREAT: "#bcbd22", REQUEST: "#9467bd", ACCUSE: "#ff7f0e", REJECT: "#ffbb78",
  THREATEN: "#d62728", PROTEST: "#e377c2", SANCTION: "#8c564b", MOBILIZE: "#c49c94", COERCE: "#ad494a",
  ASSAULT: "#7f0000",
};
const OTHER_COLOURS = ["#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#eeca3b", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac"];
const colourOf = (key, i) => TYPE_COLOURS[key] || OTHER_COLOURS[i % OTHER_COLOURS.length];

// A stacked bar chart of {buckets: [...], series: {key: [count per bucket]}} (the API's events-over-time):
// one bar per period, one colour per key, a legend that names each key with its total.
function stackedBars(data, options) {
  const { onPick } = options || {};
  const keys = Object.keys(data.series).sort((a, b) => sum(data.series[b]) - sum(data.series[a]));
  const n = data.buckets.length;
  const W = 900, H = 260, left = 40, bottom = 40, top = 10;
  const totals = data.buckets.map((_, i) => keys.reduce((t, k) => t + data.series[k][i], 0));
  const max = Math.max(1, ...totals);
  const svg = svgEl("svg", { class: "chart", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Events over time by type" });
  const plotW = W - left - 10, plotH = H - top - bottom;
  const step = plotW / Math.max(1, n), barW = Math.max(1, Math.min(40, step * 0.8));
  // the y axis: 0, half and max, as gridlines
  for (const v of [0, Math.round(max / 2), max]) {
    const y = top + plotH - (v / max) * plotH;
    svg.append(svgEl("line", { x1: left, x2: W - 10, y1: y, y2: y, class: "grid" }), svgEl("text", { x: left - 6, y: y + 4, class: "axis", "text-anchor": "end" }, String(v)));
  }
  data.buckets.forEach((bucket, i) => {
    let y = top + plotH;
    const x = left + i * step + (step - barW) / 2;
    keys.forEach((key, k) => {
      const count = data.series[key][i];
      if (!count) return;
      const h = (count / max) * plotH;
      y -= h;
      const rect = svgEl("rect", { x, y, width: barW, height: Math.max(h, 0.5), fill: colourOf(key, k), class: "bar", "data-key": key, "data-bucket": bucket });
      rect.append(svgEl("title", {}, `${bucket} · ${key}: ${count}`));
      if (onPick) rect.addEventListener("click", () => onPick(key, bucket));
      svg.append(rect);
    });
    // label every k-th period so that labels do not run into each other (at most ~12 labels)
    const every = Math.ceil(n / 12);
    if (i % every === 0) svg.append(svgEl("text", { x: x + barW / 2, y: H - bottom + 16, class: "axis", "text-anchor": "middle" }, bucket));
  });
  const legend = el("div", { class: "chart-legend" }, keys.map((key, k) => {
    const swatch = svgEl("svg", { width: 12, height: 12, class: "swatch-svg" });
    swatch.append(svgEl("rect", { width: 12, height: 12, rx: 2, fill: colourOf(key, k) }));
    return el("span", { class: "legend-item" }, swatch, ` ${key || "(none)"} ${sum(data.series[key])}`);
  }));
  return el("figure", { class: "chart-box" }, svg, legend);
}

const sum = (xs) => xs.reduce((a, b) => a + b, 0);

// A horizontal bar list: rows of [label node, value], bars scaled to the largest value (divs, not a
// table, so that a page's first table stays its main list).
function barList(rows) {
  const max = Math.max(1, ...rows.map(([, v]) => v));
  return el("div", { class: "bars" }, rows.map(([label, value]) => {
    const bar = svgEl("svg", { class: "bar-svg", viewBox: "0 0 100 10", preserveAspectRatio: "none" });
    bar.append(svgEl("rect", { x: 0, y: 0, height: 10, width: Math.max(1, (100 * value) / max), class: "bar-fill" }));
    return el("div", { class: "bar-row" }, el("span", { class: "bar-label" }, label), bar, el("span", { class: "num" }, String(value)));
  }));
}
