// The world map of events by country: a choropleth drawn as SVG paths from world.json (Natural Earth's
// 1:110m countries, from the npm package world-atlas, projected once by scripts/build_world.py), so
// the page needs no map library, tile server or CDN. Hand-written rather than vendoring d3-geo: the
// projection is done at build time, and the page only fills paths.
"use strict";

let WORLD = null;  // world.json, fetched once

// Five classes by quantile of the counts (a few countries dominate news: linear classes would leave
// all but one pale).
function classesOf(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const cut = [0.2, 0.4, 0.6, 0.8].map((q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
  return (v) => 1 + cut.filter((c) => v > c).length;
}

// The map for [{country, events}]: a country's fill says how many events its actors take part in;
// its tooltip gives the number; a click opens its events.
async function worldMap(counts, onPick) {
  WORLD = WORLD || (await api("/static/world.json"));
  const byCode = new Map(counts.map((c) => [c.country, c.events]));
  const level = classesOf(counts.map((c) => c.events));
  const svg = svgEl("svg", { class: "map", viewBox: `0 0 ${WORLD.width} ${WORLD.height * 0.85}`, role: "img", "aria-label": "Events by country" });
  for (const c of WORLD.countries) {
    const n = byCode.get(c.id) || 0;
    const shape = svgEl("path", { d: c.d, class: n ? `country level-${level(n)}` : "country none", "data-id": c.id, "data-events": n });
    shape.append(svgEl("title", {}, `${c.name} (${c.id}): ${n} event${n === 1 ? "" : "s"}`));
    if (n) shape.addEventListener("click", () => onPick(c.id));
    svg.append(shape);
  }
  const shown = new Set(WORLD.countries.map((c) => c.id));
  const off = counts.filter((c) => !shown.has(c.country));  // IGO, EUR, UNO, small states: not on the map
  return { svg, off };
}
