// geowire's web page: a small hash-routed view over the HTTP API.
// Text from documents only ever enters the page through text nodes (el() below), never as HTML,
// and a link only ever points into the page (#/…) or to an http(s) URL (safeHref below).
"use strict";

const view = document.getElementById("view");
const factBox = document.getElementById("fact");

// A URL as a link target if it is a route of this page (#/…) or an absolute http(s) URL, else null:
// a document's url comes from the page analysed, and `javascript:` or `data:` there would run.
// (The server drops such URLs already; this is the second line of defence.)
function safeHref(url) {
  if (typeof url !== "string") return null;
  if (/^#\//.test(url)) return url;
  if (/[\u0000-\u0020\u007f]/.test(url)) return null;  // browsers drop tabs and newlines: "java\tscript:"
  try {
    const parsed = new URL(url);
    return (parsed.protocol === "http:" || parsed.protocol === "https:") && parsed.host ? parsed.href : null;
  } catch (e) {
    return null;  // relative or malformed
  }
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "onclick") node.addEventListener("click", v);
    else if (k === "href" || k === "src") {
      const safe = safeHref(String(v));
      if (safe !== null) node.setAttribute(k, safe);
    } else node.setAttribute(k, v);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

async function api(path) {
  const response = await fetch(path);
  if (!response.ok) {
    let detail = response.statusText;
    try {
      const given = (await response.json()).detail;
      // one line, or FastAPI's list of validation errors
      detail = Array.isArray(given) ? given.map((e) => `${(e.loc || []).slice(1).join(".")}: ${e.msg}`).join("; ") : given || detail;
    } catch (e) { /* not JSON */ }
    throw new Error(`${response.status}: ${detail}`);
  }
  return response.json();
}

function show(...nodes) {
  view.replaceChildren(...nodes);
  factBox.hidden = true;
  for (const a of document.querySelectorAll("nav a")) a.classList.toggle("active", a.getAttribute("href") === location.hash);
}

function table(columns, rows, empty) {
  if (!rows.length) return el("p", { class: "empty" }, empty || "Nothing here yet.");
  return el("table", {},
    el("thead", {}, el("tr", {}, columns.map(([title]) => el("th", {}, title)))),
    el("tbody", {}, rows.map((row) => el("tr", {}, columns.map(([, cell]) => el("td", {}, cell(row)))))));
}

const docLink = (id, title) => el("a", { href: `#/doc/${encodeURIComponent(id)}` }, title || id.slice(0, 12));
const actorLink = (id, name) => el("a", { href: `#/actor/${encodeURIComponent(id)}` }, name || id);
const joinNodes = (nodes) => nodes.flatMap((n, i) => (i ? [", ", n] : [n]));
// a list of actor ids (the API gives every list as a JSON array) as links, comma-separated
const actorLinks = (ids) => joinNodes(ids.map((id) => actorLink(id)));
// the name of an actor of a dossier, by id
const actorName = (dossier, id) => (dossier.actors.find((a) => a.id === id) || {}).name || id;

// ---- views -------------------------------------------------------------------------------

async function home() {
  const [articles, teasers] = await Promise.all([
    api("/v1/documents?kind=article&limit=500"), api("/v1/documents?kind=teaser&limit=500")]);
  show(el("h1", {}, "Documents"),
    el("p", { class: "meta" }, `${articles.total} articles, ${teasers.total} related-article teasers${articles.total > articles.items.length ? ` (the first ${articles.items.length} listed)` : ""}`),
    table([["Date", (d) => d.date || "—"], ["Title", (d) => docLink(d.id, d.title)], ["Publisher", (d) => d.publisher || ""],
      ["Seen", (d) => `${d.times_seen}×`]], articles.items, "No documents yet: run geowire analyze."),
    el("h2", {}, "Teasers"),
    table([["Title", (d) => docLink(d.id, d.title)], ["On pages", (d) => d.pages]], teasers.items));
}

const FACT_KINDS = [["actor", "actors"], ["event", "events"], ["quote", "quotes"], ["amount", "amounts"], ["time", "times"]];

function describe(kind, fact, dossier) {
  const name = (id) => actorName(dossier, id);
  switch (kind) {
    case "actor": return `${fact.name} — ${fact.kind}${fact.country ? ", " + fact.country : ""}${fact.role ? ", " + fact.role : ""}`;
    case "event": return `${fact.type}${fact.mode ? "/" + fact.mode : ""}: ${fact.actors.map(name).join(", ") || "?"} → ${fact.recipients.map(name).join(", ") || "—"}${fact.date ? " (" + fact.date + ")" : ""}${fact.negated ? " [negated]" : ""}${fact.hypothetical ? " [hypothetical]" : ""}`;
    case "quote": return `${fact.kind} quote of ${fact.speaker ? name(fact.speaker) : fact.speaker_text || "?"}`;
    case "amount": return `${fact.value.toLocaleString("en")} ${fact.currency}${fact.usd && fact.currency !== "USD" ? " ≈ " + fact.usd.toLocaleString("en") + " USD" : ""}`;
    case "time": return `${fact.value} (${fact.kind})`;
  }
  return kind;
}

function spansOf(dossier) {
  const spans = [];
  for (const actor of dossier.actors) for (const [s, e] of actor.mentions) spans.push({ s, e, kind: "actor", fact: actor });
  for (const [kind, key] of FACT_KINDS.slice(1)) for (const fact of dossier[key]) spans.push({ s: fact.span[0], e: fact.span[1], kind, fact });
  return spans.filter((x) => x.e > x.s);
}

function highlightedBody(dossier) {
  const body = dossier.document.body;
  const spans = spansOf(dossier);
  const cuts = new Set([0, body.length]);
  for (const x of spans) { cuts.add(x.s); cuts.add(x.e); }
  let i = body.indexOf("\n\n");
  while (i >= 0) { cuts.add(i); cuts.add(i + 2); i = body.indexOf("\n\n", i + 2); }
  const points = [...cuts].filter((p) => p >= 0 && p <= body.length).sort((a, b) => a - b);
  const paragraphs = [];
  let p = el("p");
  for (let k = 0; k + 1 < points.length; k++) {
    const [s, e] = [points[k], points[k + 1]];
    const text = body.slice(s, e);
    if (/^\n\n$/.test(text)) { paragraphs.push(p); p = el("p"); continue; }
    const covering = spans.filter((x) => x.s <= s && x.e >= e);
    if (!covering.length) { p.append(document.createTextNode(text)); continue; }
    const classes = [...new Set(covering.map((x) => x.kind))].join(" ");
    const mark = el("mark", { class: classes, title: covering.map((x) => describe(x.kind, x.fact, dossier)).join("\n") }, text);
    mark.addEventListener("click", () => {
      document.querySelectorAll("mark.selected").forEach((m) => m.classList.remove("selected"));
      mark.classList.add("selected");
      factBox.replaceChildren(el("strong", {}, `${covering.length} fact${covering.length > 1 ? "s" : ""} at ${s}–${e}`),
        ...covering.map((x) => el("div", { class: "card" }, el("span", { class: "tag" }, x.kind), " ", describe(x.kind, x.fact, dossier),
          x.kind === "actor" ? el("div", {}, actorLink(x.fact.id, "open actor page →")) : null,
          el("pre", {}, JSON.stringify(x.fact, null, 1)))));
      factBox.hidden = false;
    });
    p.append(mark);
  }
  paragraphs.push(p);
  return el("div", { class: "body" }, paragraphs);
}

async function documentView(id) {
  const d = await api(`/v1/documents/${encodeURIComponent(id)}`);
  const doc = d.document;
  const name = (aid) => actorName(d, aid);
  const side = el("div", { class: "facts" },
    el("h2", {}, `Actors (${d.actors.length})`),
    el("ul", {}, d.actors.map((a) => el("li", {}, actorLink(a.id, a.name), ` ${a.kind}${a.country ? " · " + a.country : ""}`))),
    el("h2", {}, `Agreements (${d.agreements.length})`),
    el("ul", {}, d.agreements.map((a) => el("li", {}, `${a.name || a.kind || "agreement"}: ${a.parties.map(name).join(", ")}`,
      a.provisions.length ? el("div", { class: "meta" }, a.provisions.join(", ")) : null))),
    el("h2", {}, `Attributions (${d.attributions.length})`),
    el("ul", {}, d.attributions.map((a) => el("li", {}, `${a.incident} (${a.kind}, ${a.confidence}) → ${[...a.operator, ...a.sponsor].map(name).join(", ")}`))),
    d.related.length ? el("h2", {}, "Related") : null,
    el("ul", {}, d.related.map((r) => el("li", {}, docLink(r.document.id, r.document.title)))));
  const counts = FACT_KINDS.map(([kind, key]) => el("span", {}, el("i", { class: `swatch ${kind}` }), `${d[key].length} ${key}`));
  show(el("p", { class: "meta" }, el("span", { class: "tag" }, doc.kind), " ", doc.publisher || "", doc.date ? ` · ${doc.date} (${doc.date_source})` : ""),
    el("h1", {}, doc.title || "(untitled)"),
    el("p", { class: "meta" }, doc.credits.length ? `Credits: ${doc.credits.join(", ")}` : "", doc.url ? el("span", {}, " ", safeHref(doc.url) ? el("a", { href: doc.url, rel: "noreferrer noopener" }, doc.url) : doc.url) : ""),
    el("div", { class: "legend" }, counts),
    el("div", { class: "layout" }, el("article", {}, highlightedBody(d),
      doc.captions.map((c) => el("p", { class: "meta" }, "Caption: ", c.text, c.credit ? ` (${c.credit})` : ""))), side));
}

async function actorView(id) {
  const a = await api(`/v1/actors/${encodeURIComponent(id)}`);
  const actor = a.actor;
  show(el("p", { class: "meta" }, el("span", { class: "tag" }, actor.kind), actor.country ? ` ${actor.country}` : "", actor.role ? ` · ${actor.role}` : ""),
    el("h1", {}, actor.name),
    el("p", { class: "meta" }, `${actor.mentions} mentions in ${actor.documents} documents`, actor.aliases.length ? ` · also: ${actor.aliases.join(", ")}` : ""),
    el("h2", {}, "Events"), eventTable(a.events),
    el("h2", {}, "Quotes"),
    table([["Kind", (q) => q.kind], ["Quote", (q) => el("q", {}, q.text)], ["Document", (q) => docLink(q.document_id)]], a.quotes),
    el("h2", {}, "Agreements"), agreementTable(a.agreements),
    el("h2", {}, "Attributions"), attributionTable(a.attributions),
    el("h2", {}, "Documents"),
    table([["Date", (d) => d.date || "—"], ["Title", (d) => docLink(d.id, d.title)], ["Kind", (d) => d.kind]], a.documents));
}

function eventTable(events) {
  return table([["Date", (e) => e.date || "—"], ["Type", (e) => el("span", { class: "tag" }, e.type + (e.mode ? "/" + e.mode : ""))],
    ["Actors", (e) => actorLinks(e.actors)], ["Recipients", (e) => actorLinks(e.recipients)], ["Sources", (e) => e.sources],
    ["Text", (e) => e.text]], events);
}

function agreementTable(rows) {
  return table([["Name", (a) => a.name || a.kind || "—"], ["Parties", (a) => actorLinks(a.parties)],
    ["Signed", (a) => [a.signed, a.place].filter(Boolean).join(", ") || "—"],
    ["Term", (a) => a.duration_years ? `${a.duration_years} years${a.renewal_years ? ", renewable by " + a.renewal_years : ""}` : "—"],
    ["Provisions", (a) => a.provisions.join(", ")], ["Sources", (a) => a.sources]], rows);
}

function attributionTable(rows) {
  return table([["Incident", (a) => a.incident], ["Kind", (a) => a.kind], ["Target", (a) => actorLinks(a.target)],
    ["Operator", (a) => actorLinks(a.operator)], ["Sponsor", (a) => actorLinks(a.sponsor)], ["Attributed by", (a) => actorLinks(a.attributed_by)],
    ["Confidence", (a) => a.confidence], ["Date", (a) => a.date || "—"], ["Sources", (a) => a.sources]], rows);
}

async function timeline() {
  const events = (await api("/v1/events?limit=500")).items;
  const dated = events.filter((e) => e.date);
  show(el("h1", {}, "Timeline of events"),
    el("p", { class: "meta" }, `${dated.length} dated events of ${events.length}`),
    dated.length ? el("div", { class: "timeline" }, dated.map((e) => el("div", { class: "item" },
      el("span", { class: "date" }, e.date), el("span", { class: "tag" }, e.type), " ",
      actorLinks(e.actors), e.recipients.length ? " → " : "",
      actorLinks(e.recipients), el("div", { class: "meta" }, e.text)))) :
      el("p", { class: "empty" }, "No dated events yet."));
}

async function graph() {
  const g = await api("/v1/graph");
  const W = 1000, H = 560, nodes = g.nodes.map((n, i) => ({ ...n, x: W / 2 + 200 * Math.cos(i), y: H / 2 + 200 * Math.sin(i), vx: 0, vy: 0 }));
  const byId = Object.fromEntries(nodes.map((n) => [n.id, n]));
  const edges = g.edges.filter((e) => byId[e.source] && byId[e.target]);
  // a few hundred steps of a plain force layout: repulsion between nodes, springs along edges
  for (let step = 0; step < 300; step++) {
    for (const a of nodes) for (const b of nodes) {
      if (a === b) continue;
      const dx = a.x - b.x, dy = a.y - b.y, d2 = Math.max(dx * dx + dy * dy, 25);
      a.vx += 900 * dx / d2; a.vy += 900 * dy / d2;
    }
    for (const e of edges) {
      const a = byId[e.source], b = byId[e.target], dx = b.x - a.x, dy = b.y - a.y;
      a.vx += dx * 0.01; a.vy += dy * 0.01; b.vx -= dx * 0.01; b.vy -= dy * 0.01;
    }
    for (const n of nodes) {
      n.vx += (W / 2 - n.x) * 0.005; n.vy += (H / 2 - n.y) * 0.005;
      n.x = Math.min(W - 60, Math.max(60, n.x + n.vx * 0.5)); n.y = Math.min(H - 30, Math.max(30, n.y + n.vy * 0.5));
      n.vx *= 0.6; n.vy *= 0.6;
    }
  }
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("class", "graph");
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  const svgEl = (tag, attrs, text) => {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  };
  for (const e of edges) {
    const line = svgEl("line", { x1: byId[e.source].x, y1: byId[e.source].y, x2: byId[e.target].x, y2: byId[e.target].y });
    line.append(svgEl("title", {}, `${e.type} ${e.date || ""}: ${e.source} → ${e.target}`));
    svg.append(line);
  }
  for (const n of nodes) {
    const group = svgEl("g", { class: "node", "data-id": n.id });
    const circle = svgEl("circle", { cx: n.x, cy: n.y, r: 6 + Math.min(10, Math.sqrt(n.mentions || 1)) });
    circle.addEventListener("click", () => { location.hash = `#/actor/${encodeURIComponent(n.id)}`; });
    circle.append(svgEl("title", {}, `${n.name} (${n.kind})`));
    group.append(circle, svgEl("text", { x: n.x + 12, y: n.y + 4 }, n.name));
    svg.append(group);
  }
  show(el("h1", {}, "Network of actors"), el("p", { class: "meta" }, `${nodes.length} actors, ${edges.length} event links. Click an actor to open it.`),
    nodes.length ? svg : el("p", { class: "empty" }, "No actors yet."));
}

async function actorsView() {
  const rows = (await api("/v1/actors?limit=500")).items;
  show(el("h1", {}, "Actors"), table([["Name", (a) => actorLink(a.id, a.name)], ["Kind", (a) => a.kind], ["Country", (a) => a.country || ""],
    ["Role", (a) => a.role || ""], ["Mentions", (a) => a.mentions], ["Documents", (a) => a.documents]], rows));
}

async function register(kind) {
  const rows = (await api(`/v1/${kind}?limit=500`)).items;
  show(el("h1", {}, kind === "agreements" ? "Register of agreements" : "Register of attributions"),
    kind === "agreements" ? agreementTable(rows) : attributionTable(rows));
}

const SEARCH_PAGE = 50;

// A snippet from its [text, matched] fragments: matched words in <mark>, every piece a text node.
const snippet = (fragments) => el("span", { class: "snippet" }, fragments.map(([text, matched]) => (matched ? el("mark", {}, text) : text)));

async function searchView(arg) {
  // #/search/<query> or #/search/<query>/<offset>: the query is encoded, so a "/" in it stays in it
  const [q, from] = arg.split("/");
  const query = decodeURIComponent(q || "");
  const offset = Math.max(0, parseInt(from || "0", 10) || 0);
  const result = await api(`/v1/search?q=${encodeURIComponent(query)}&limit=${SEARCH_PAGE}&offset=${offset}`);
  const at = (o) => `#/search/${encodeURIComponent(query)}/${o}`;
  const pager = el("p", { class: "meta pager" },
    offset > 0 ? el("a", { href: at(Math.max(0, offset - SEARCH_PAGE)) }, "← previous") : null, " ",
    offset + result.items.length < result.total ? el("a", { href: at(offset + SEARCH_PAGE) }, "next →") : null);
  show(el("h1", {}, `Search: ${query}`),
    el("p", { class: "meta" }, result.total ? `${offset + 1}–${offset + result.items.length} of ${result.total} documents` : ""),
    table([["Title", (d) => docLink(d.id, d.title)], ["Kind", (d) => d.kind], ["Match", (d) => snippet(d.fragments)]], result.items, "No match."),
    pager);
}

function notFound() {
  show(el("h1", {}, "Not found"), el("p", { class: "empty" }, "This address is not a page of geowire. ", el("a", { href: "#/" }, "Documents →")));
}

async function route() {
  const [, page, arg] = (location.hash || "#/").match(/^#\/?([^/]*)\/?(.*)$/) || [];
  let decoded;
  try {
    decoded = decodeURIComponent(arg || "");
  } catch (e) {  // a malformed escape (#/doc/%E0%A4%A): no such page, rather than the old view left standing
    notFound();
    return;
  }
  try {
    if (page === "doc") await documentView(decoded);
    else if (page === "actor") await actorView(decoded);
    else if (page === "actors") await actorsView();
    else if (page === "timeline") await timeline();
    else if (page === "graph") await graph();
    else if (page === "agreements" || page === "attributions") await register(page);
    else if (page === "search") await searchView(arg || "");
    else if (page === "") await home();
    else notFound();
  } catch (err) {
    show(el("h1", {}, "Something went wrong"), el("p", { class: "empty" }, err.message));
  }
}

document.getElementById("search").addEventListener("submit", (event) => {
  event.preventDefault();
  const q = new FormData(event.target).get("q").trim();
  if (q) location.hash = `#/search/${encodeURIComponent(q)}`;
});
window.addEventListener("hashchange", route);
route();
