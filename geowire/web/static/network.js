// The actor network: a small force simulation and a label placer without overlaps.
// Written by hand after d3-force's model (many-body repulsion, link springs, centring, collision)
// rather than vendoring d3 (~280 kB): the page draws the top N actors (N ≤ 300), for which the plain
// O(N²) repulsion over a few hundred ticks takes a few milliseconds.
"use strict";

// Positions {x, y} for nodes [{id, r, degree}] and edges [{source, target, weight}] in a W×H box.
// Fruchterman–Reingold: repulsion k²/d between every pair, attraction d²/k along links (more for heavier
// ones), a pull to the centre that keeps separate clusters on the page, moves capped by a cooling
// temperature; then the picture is fitted to the box and overlapping circles are pushed apart.
// Deterministic (nodes start on a spiral by degree), so that a reload draws the same picture.
function forceLayout(nodes, edges, W, H) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const golden = Math.PI * (3 - Math.sqrt(5));
  nodes.forEach((n, i) => {  // a sunflower spiral: the busiest actors start in the middle
    const r = 10 * Math.sqrt(i + 1);
    Object.assign(n, { x: r * Math.cos(i * golden), y: r * Math.sin(i * golden) });
  });
  const links = edges.map((e) => ({ a: byId.get(e.source), b: byId.get(e.target), w: 1 + Math.log(e.weight || 1) })).filter((l) => l.a && l.b);
  const k = 30;
  let t = 60;
  for (let tick = 0; tick < 300; tick++, t = Math.max(0.5, t * 0.98)) {
    for (const n of nodes) { n.dx = -n.x; n.dy = -n.y; }  // the pull to the centre, as strong as the distance
    for (let i = 0; i < nodes.length; i++) {
      const a = nodes[i];
      for (let j = i + 1; j < nodes.length; j++) {
        const b = nodes[j];
        let dx = a.x - b.x, dy = a.y - b.y;
        const d = Math.max(0.01, Math.hypot(dx, dy));
        if (d === 0.01) { dx = 0.01 * (i - j); dy = 0.01; }
        const f = (k * k) / d / d;
        a.dx += dx * f; a.dy += dy * f; b.dx -= dx * f; b.dy -= dy * f;
      }
    }
    for (const l of links) {
      const dx = l.b.x - l.a.x, dy = l.b.y - l.a.y, d = Math.max(0.01, Math.hypot(dx, dy));
      const f = (d / k) * l.w;
      l.a.dx += dx * f; l.a.dy += dy * f; l.b.dx -= dx * f; l.b.dy -= dy * f;
    }
    for (const n of nodes) {
      const len = Math.hypot(n.dx, n.dy) || 1, step = Math.min(len, t) / len;
      n.x += n.dx * step; n.y += n.dy * step;
    }
  }
  // fit to the box, keeping a margin for the circles
  const pad = 24;
  const xs = nodes.map((n) => n.x), ys = nodes.map((n) => n.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  for (const n of nodes) {
    n.x = pad + ((n.x - x0) / (x1 - x0 || 1)) * (W - 2 * pad);
    n.y = pad + ((n.y - y0) / (y1 - y0 || 1)) * (H - 2 * pad);
  }
  for (let round = 0; round < 60; round++) {  // push overlapping circles apart
    let moved = false;
    for (let i = 0; i < nodes.length; i++) for (let j = i + 1; j < nodes.length; j++) {
      const a = nodes[i], b = nodes[j], dx = b.x - a.x, dy = b.y - a.y, d = Math.hypot(dx, dy) || 0.01, min = a.r + b.r + 6;
      if (d >= min) continue;
      const push = (min - d) / 2 / d;
      a.x -= dx * push; a.y -= dy * push; b.x += dx * push; b.y += dy * push;
      moved = true;
    }
    for (const n of nodes) { n.x = Math.min(W - n.r - 2, Math.max(n.r + 2, n.x)); n.y = Math.min(H - n.r - 2, Math.max(n.r + 2, n.y)); }
    if (!moved) break;
  }
}

const overlaps = (p, q) => p.x < q.x + q.w && q.x < p.x + p.w && p.y < q.y + q.h && q.y < p.y + p.h;

// Places each node's label (an SVG <text> already in the page, so that its real size is known) at the
// first of eight spots around its circle that stays in the box and hits no circle and no label placed
// before; the busiest actors are placed first. A label with no free spot is hidden (its circle keeps
// the name as a tooltip). Returns how many labels show.
function placeLabels(nodes, labels, W, H) {
  const circles = nodes.map((n) => ({ x: n.x - n.r, y: n.y - n.r, w: 2 * n.r, h: 2 * n.r, id: n.id }));
  const placed = [];
  let shown = 0;
  const order = nodes.map((n, i) => i).sort((i, j) => nodes[j].degree - nodes[i].degree);
  for (const i of order) {
    const n = nodes[i], text = labels[i];
    const box = text.getBBox();  // the text is still at (n.x, n.y): its baseline is n.y
    const ascent = n.y - box.y;
    const w = box.width + 4, h = box.height + 2, gap = n.r + 3;
    const spots = [[gap, -h / 2], [-gap - w, -h / 2], [-w / 2, -gap - h], [-w / 2, gap],
      [gap * 0.7, -gap * 0.7 - h], [gap * 0.7, gap * 0.7], [-gap * 0.7 - w, -gap * 0.7 - h], [-gap * 0.7 - w, gap * 0.7]];
    let at = null;
    for (const [dx, dy] of spots) {
      const r = { x: n.x + dx, y: n.y + dy, w, h };
      if (r.x < 0 || r.y < 0 || r.x + w > W || r.y + h > H) continue;
      if (placed.some((p) => overlaps(r, p))) continue;
      if (circles.some((c) => c.id !== n.id && overlaps(r, c))) continue;
      at = r;
      break;
    }
    if (!at) { text.setAttribute("class", "label hidden"); continue; }
    placed.push(at);
    shown++;
    // text is drawn from its baseline: the spot's top plus the ascent
    text.setAttribute("x", at.x + 2);
    text.setAttribute("y", at.y + 1 + ascent);
  }
  return shown;
}

// The network as an SVG: edges as lines as thick as the events they merge, nodes as circles sized by
// degree and coloured by kind; clicking a node opens the actor. Labels are placed once it is in the page.
function networkSvg(graph, W, H, onOpen) {
  const nodes = graph.nodes.map((n) => ({ ...n, r: 4 + Math.min(14, 2 * Math.sqrt(n.degree)) }));
  forceLayout(nodes, graph.edges, W, H);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const svg = svgEl("svg", { class: "graph", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Network of actors" });
  const maxW = Math.max(1, ...graph.edges.map((e) => e.weight));
  for (const e of graph.edges) {
    const a = byId.get(e.source), b = byId.get(e.target);
    if (!a || !b) continue;
    const line = svgEl("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, "stroke-width": 1 + 5 * (e.weight / maxW), "data-weight": e.weight });
    const types = Object.entries(e.types || {}).map(([t, c]) => `${t} ${c}`).join(", ");
    line.append(svgEl("title", {}, `${a.name} — ${b.name}: ${e.weight} event${e.weight > 1 ? "s" : ""} (${types})`));
    svg.append(line);
  }
  const labels = [];
  for (const n of nodes) {
    const group = svgEl("g", { class: `node kind-${n.kind || "other"}`, "data-id": n.id });
    const circle = svgEl("circle", { cx: n.x, cy: n.y, r: n.r });
    circle.addEventListener("click", () => onOpen(n.id));
    circle.append(svgEl("title", {}, `${n.name} (${n.kind || "?"}${n.country ? ", " + n.country : ""}): ${n.degree} event links`));
    const label = svgEl("text", { x: n.x, y: n.y, class: "label" }, n.name);
    label.addEventListener("click", () => onOpen(n.id));
    group.append(circle, label);
    labels.push(label);
    svg.append(group);
  }
  return { svg, place: () => placeLabels(nodes, labels, W, H) };
}
