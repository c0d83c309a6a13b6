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

// Routes started so far: an answer that arrives after the reader went to another route belongs
// to a view no longer wanted (the dashboard's stats landing after a search would replace it).
let routeSeq = 0;
class Stale extends Error {}

async function api(path) {
  const seq = routeSeq;
  const response = await fetch(path);
  if (seq !== routeSeq) throw new Stale(path);
  if (!response.ok) {
    let detail = response.statusText;
    try {
      const given = (await response.json()).detail;
      // one line, or FastAPI's list of validation errors
      detail = Array.isArray(given) ? given.map((e) => `${(e.loc || []).slice(1).join(".")}: ${e.msg}`).join("; ") : given || detail;
    } catch (e) { /* not JSON */ }
    throw new Error(`${response.status}: ${detail}`);
  }
  const body = await response.json();
  if (seq !== routeSeq) throw new Stale(path);
  return body;
}

// ---- page frame: the view, the route's parameters, names of actors ------------------------------

// Shows a view. The fact panel lives in the document view's sidebar; any other view hides it.
function show(...nodes) {
  view.replaceChildren(...nodes);
  factBox.hidden = true;
  const path = location.hash.split("?")[0] || "#/";
  for (const a of document.querySelectorAll("nav a")) a.classList.toggle("active", a.getAttribute("href") === path);
}

function table(columns, rows, empty) {
  if (!rows.length) return el("p", { class: "empty" }, empty || "Nothing here yet.");
  return el("table", {},
    el("thead", {}, el("tr", {}, columns.map(([title]) => el("th", {}, title)))),
    el("tbody", {}, rows.map((row) => el("tr", {}, columns.map(([, cell]) => el("td", {}, cell(row)))))));
}

const docLink = (id, title) => el("a", { href: `#/doc/${encodeURIComponent(id)}` }, title || id.slice(0, 12));
const actorLink = (id, name) => el("a", { href: `#/actor/${encodeURIComponent(id)}` }, name || NAMES.get(id) || id);
const joinNodes = (nodes) => nodes.flatMap((n, i) => (i ? [", ", n] : [n]));
// a list of actors, as ids or as {id, name}, as links by name, comma-separated
const actorLinks = (list) => joinNodes((list || []).map((a) => (typeof a === "string" ? actorLink(a) : actorLink(a.id, a.name))));
// the name of an actor of a dossier, by id
const actorName = (dossier, id) => (dossier.actors.find((a) => a.id === id) || {}).name || NAMES.get(id) || id;
// a merged record's flags, shown rather than hidden: an event that did not happen reads as such
const flags = (e) => [e.negated ? el("span", { class: "tag flag-negated" }, "negated") : null,
  e.hypothetical ? el("span", { class: "tag flag-hypothetical" }, "hypothetical") : null];

// Actor names by id, as the answers that give ids (the dashboard's, an actor's profile) name them.
const NAMES = new Map();
const remember = (names) => { for (const [id, a] of Object.entries(names || {})) NAMES.set(id, a.name); };

// The filter values (types, countries, publishers …), asked once per page load.
let FACETS = null;
const facetValues = async () => (FACETS = FACETS || (await api("/v1/stats/facets")));

// The route's parameters (#/events?type=AGREE&offset=50) and a route with some of them changed.
const routeParams = () => new URLSearchParams(location.hash.split("?")[1] || "");
function withParams(base, params, changes) {
  const next = new URLSearchParams(params);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === "") next.delete(k); else next.set(k, v);
  }
  const qs = next.toString();
  return qs ? `${base}?${qs}` : base;
}
// an absolute URL of this server (el() links only http(s) URLs and routes)
const here = (path) => new URL(path, location.href).href;

// ---- the dashboard ------------------------------------------------------------------------------

async function dashboard(params) {
  const bucket = params.get("bucket") === "year" ? "year" : "month";
  const [s, overTime] = await Promise.all([api("/v1/stats"), api(`/v1/stats/events-over-time?by=type&bucket=${bucket}`)]);
  remember(s.names);
  const c = s.counts;
  const card = (n, label, href) => el("a", { class: "stat", href }, el("strong", {}, n.toLocaleString("en")), el("span", {}, label));
  const chart = overTime.buckets.length
    ? stackedBars(overTime, { onPick: (type, period) => { location.hash = withParams("#/events", new URLSearchParams(), { type, since: period, until: period }); } })
    : el("p", { class: "empty" }, "No dated events yet.");
  show(el("h1", {}, "Dashboard"),
    el("div", { class: "stats" }, card(c.articles, "articles", "#/documents?kind=article"), card(c.teasers, "teasers", "#/documents?kind=teaser"),
      card(c.events, "events", "#/events"), card(c.actors, "actors", "#/actors"), card(c.agreements, "agreements", "#/agreements"),
      card(c.attributions, "attributions", "#/attributions"), card(c.quotes, "quotes", null)),
    el("h2", {}, `Events over time by PLOVER type, per ${bucket}`),
    el("p", { class: "meta" }, c.first_date ? `From ${c.first_date} to ${c.last_date}; ${overTime.undated} events dated less precisely than a ${bucket} are left out. ` : "",
      el("a", { href: `#/?bucket=${bucket === "month" ? "year" : "month"}` }, `per ${bucket === "month" ? "year" : "month"}`), " · click a bar for its events"),
    chart,
    el("div", { class: "columns" },
      el("section", {}, el("h2", {}, "Top actors (events)"),
        barList(s.top_actors.map((a) => [el("span", {}, actorLink(a.id, a.name), el("span", { class: "meta" }, ` ${a.kind}${a.country ? " · " + a.country : ""}`)), a.events]))),
      el("section", {}, el("h2", {}, "Countries (events of their actors) ", el("a", { href: "#/map", class: "more" }, "map →")),
        barList(s.countries.map((x) => [el("a", { href: `#/events?country=${encodeURIComponent(x.country)}` }, x.country), x.events])))),
    el("div", { class: "columns" },
      el("section", {}, el("h2", {}, "Latest agreements"),
        el("ul", { class: "recent" }, s.agreements.map((a) => el("li", {}, el("strong", {}, a.name || a.kind || "agreement"), " — ", actorLinks(a.parties), a.signed ? ` (${a.signed})` : "", a.status ? el("span", { class: "meta" }, ` ${a.status}`) : null)))),
      el("section", {}, el("h2", {}, "Latest attributions"),
        el("ul", { class: "recent" }, s.attributions.map((a) => el("li", {}, el("strong", {}, a.incident), ` (${a.kind}, ${a.confidence}) → `, actorLinks([...a.operator, ...a.sponsor])))))));
}

// ---- tables with facets, sorting, pagination and export -----------------------------------------

const PAGE = 50;

// A list over a /v1/table/… endpoint. Its filters, sort and page live in the route (#/events?type=…),
// so that a reload or a shared link shows the same rows; the export link asks the same filter as CSV.
async function listView(spec, params) {
  const facets = await facetValues();
  const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
  const sort = params.get("sort") || spec.sort, order = params.get("order") || spec.order;
  const query = new URLSearchParams();
  for (const f of spec.filters) if (params.get(f.name)) query.set(f.name, params.get(f.name));
  query.set("sort", sort); query.set("order", order);
  const result = await api(`${spec.endpoint}?${query}&limit=${PAGE}&offset=${offset}`);
  const go = (changes) => { location.hash = withParams(spec.route, params, changes); };

  const controls = spec.filters.map((f) => {
    let input;
    if (f.type === "select" || f.type === "flag") {
      const counts = new Map((facets[f.facet] || []).map((o) => [o.value, o.count]));
      const options = f.type === "flag" ? [["true", "yes"], ["false", "no"]]
        : f.options ? f.options.map((o) => [o, counts.has(o) ? `${o} (${counts.get(o)})` : (f.facet ? `${o} (0)` : o)])
          : (facets[f.facet] || []).map((o) => [o.value, `${o.value} (${o.count})`]);
      input = el("select", { name: f.name }, el("option", { value: "" }, "any"), options.map(([v, label]) => el("option", { value: v }, label)));
    } else {
      input = el("input", { name: f.name, type: "search", placeholder: f.placeholder || "", size: f.size || 10 });
    }
    input.value = params.get(f.name) || "";
    input.addEventListener("change", () => go({ [f.name]: input.value.trim(), offset: null }));
    return el("label", { class: "filter" }, el("span", {}, f.label), input);
  });
  const active = spec.filters.some((f) => params.get(f.name));
  const header = spec.columns.map(([title, , key]) => {
    if (!key) return title;
    const next = sort === key && order === "asc" ? "desc" : "asc";
    const arrow = sort === key ? (order === "asc" ? " ▲" : " ▼") : "";
    return el("a", { href: withParams(spec.route, params, { sort: key, order: next, offset: null }), class: "sort", "data-sort": key }, title + arrow);
  });
  const rows = result.items;
  const last = offset + rows.length;
  const pages = Math.max(1, Math.ceil(result.total / PAGE));
  const pager = el("p", { class: "meta pager" },
    offset > 0 ? el("a", { href: withParams(spec.route, params, { offset: Math.max(0, offset - PAGE) || null }) }, "← previous") : null,
    ` page ${Math.floor(offset / PAGE) + 1} of ${pages} `,
    last < result.total ? el("a", { href: withParams(spec.route, params, { offset: offset + PAGE }) }, "next →") : null);
  show(el("h1", {}, spec.title),
    el("form", { class: "filters", "aria-label": "Filters" }, controls,
      active ? el("a", { href: spec.route, class: "clear" }, "clear filters") : null),
    el("p", { class: "meta toolbar" },
      el("span", { class: "count" }, result.total ? `${offset + 1}–${last} of ${result.total.toLocaleString("en")}` : "0 of 0"),
      el("a", { class: "export button", href: here(`${spec.endpoint}?${query}&format=csv`), download: `geowire-${spec.name}.csv` }, "Export CSV"),
      el("a", { class: "export-json button", href: here(`${spec.endpoint}?${query}&limit=500&offset=${offset}`), download: `geowire-${spec.name}.json` }, "JSON (500 rows from here)")),
    rows.length ? el("table", { class: "list" },
      el("thead", {}, el("tr", {}, header.map((h) => el("th", {}, h)))),
      el("tbody", {}, rows.map((row) => el("tr", {}, spec.columns.map(([, cell]) => el("td", {}, cell(row)))))))
      : el("p", { class: "empty" }, "No row matches these filters."),
    pager);
  // the form never submits: each control changes the route on its own
  view.querySelector("form.filters").addEventListener("submit", (e) => e.preventDefault());
}

const EVENT_TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
const ACTOR_KINDS = ["state", "partially-recognized-state", "person", "organization", "agency", "igo", "media", "threat-group", "campaign", "location"];

const EVENTS = {
  name: "events", title: "Events", route: "#/events", endpoint: "/v1/table/events", sort: "date", order: "asc",
  filters: [
    { name: "type", label: "Type", type: "select", facet: "type" }, { name: "mode", label: "Mode", type: "select", facet: "mode" },
    { name: "country", label: "Country", type: "select", facet: "country" }, { name: "actor_kind", label: "Actor kind", type: "select", options: ACTOR_KINDS },
    { name: "actor", label: "Actor", type: "text", placeholder: "name or id" }, { name: "actor_id", label: "Actor id", type: "text", placeholder: "exactly" },
    { name: "since", label: "Since", type: "text", placeholder: "YYYY-MM-DD" }, { name: "until", label: "Until", type: "text", placeholder: "YYYY-MM-DD" },
    { name: "negated", label: "Negated", type: "flag" }, { name: "hypothetical", label: "Hypothetical", type: "flag" },
    { name: "publisher", label: "Publisher", type: "select", facet: "publisher" }, { name: "doc_kind", label: "Document", type: "select", options: ["article", "teaser"] },
    { name: "text", label: "Text", type: "text" }],
  columns: [["Date", (e) => e.date || "—", "date"], ["Type", (e) => el("span", { class: "tag" }, e.type), "type"], ["Mode", (e) => e.mode || "", "mode"],
    ["Actors", (e) => actorLinks(e.actors)], ["Recipients", (e) => actorLinks(e.recipients)], ["Flags", flags],
    ["Text", (e) => el("span", {}, e.text, " ", docLink(e.document_id, "→"))], ["Publisher", (e) => e.publisher || ""], ["Sources", (e) => e.sources, "sources"]],
};

const ACTORS = {
  name: "actors", title: "Actors", route: "#/actors", endpoint: "/v1/table/actors", sort: "mentions", order: "desc",
  filters: [{ name: "text", label: "Name", type: "text" }, { name: "country", label: "Country", type: "select", facet: "country" },
    { name: "kind", label: "Kind", type: "select", facet: "actor_kind" }],
  columns: [["Name", (a) => actorLink(a.id, a.name), "name"], ["Kind", (a) => a.kind, "kind"], ["Country", (a) => a.country || "", "country"],
    ["Role", (a) => a.role || ""], ["Events", (a) => a.events, "events"], ["Mentions", (a) => a.mentions, "mentions"], ["Documents", (a) => a.documents, "documents"]],
};

const DOCUMENTS = {
  name: "documents", title: "Documents", route: "#/documents", endpoint: "/v1/table/documents", sort: "date", order: "desc",
  filters: [{ name: "kind", label: "Kind", type: "select", facet: "doc_kind" }, { name: "publisher", label: "Publisher", type: "select", facet: "publisher" },
    { name: "since", label: "Since", type: "text", placeholder: "YYYY-MM-DD" }, { name: "until", label: "Until", type: "text", placeholder: "YYYY-MM-DD" },
    { name: "text", label: "Title", type: "text" }],
  columns: [["Date", (d) => d.date || "—", "date"], ["Title", (d) => docLink(d.id, d.title), "title"], ["Publisher", (d) => d.publisher || "", "publisher"],
    ["Kind", (d) => d.kind, "kind"], ["Events", (d) => d.events], ["Actors", (d) => d.actors], ["Quotes", (d) => d.quotes], ["Seen", (d) => `${d.times_seen}×`, "seen"]],
};

// ---- the registers: tables like the others, their actors by name ---------------------------------

const AGREEMENT_STATUSES = ["proposed", "negotiated", "signed", "ratified", "in-force", "suspended", "withdrawn", "expired"];

const AGREEMENTS = {
  name: "agreements", title: "Register of agreements", route: "#/agreements", endpoint: "/v1/table/agreements", sort: "id", order: "desc",
  filters: [{ name: "status", label: "Status", type: "select", options: AGREEMENT_STATUSES, facet: "agreement_status" },
    { name: "kind", label: "Kind", type: "select", facet: "agreement_kind" }, { name: "party_country", label: "Party country", type: "select", facet: "party_country" },
    { name: "actor", label: "Actor id", type: "text", placeholder: "exactly" }, { name: "text", label: "Text", type: "text" }],
  columns: [["Name", (a) => a.name || a.kind || "—", "name"], ["Kind", (a) => a.kind || "", "kind"],
    ["Status", (a) => (a.status ? el("span", { class: `tag status-${a.status}` }, a.status, a.status_date ? ` ${a.status_date}` : "") : "—"), "status"],
    ["Parties", (a) => actorLinks(a.parties)], ["Signed", (a) => [a.signed, a.place].filter(Boolean).join(", ") || "—", "signed"],
    ["Term", (a) => (a.duration_years ? `${a.duration_years} years${a.renewal_years ? ", renewable by " + a.renewal_years : ""}` : "—")],
    ["Provisions", (a) => (a.provisions || []).join(", ")], ["Sources", (a) => el("span", {}, String(a.sources), " ", docLink(a.documents[0], "→")), "sources"]],
};

const ATTRIBUTIONS = {
  name: "attributions", title: "Register of attributions", route: "#/attributions", endpoint: "/v1/table/attributions", sort: "id", order: "desc",
  filters: [{ name: "kind", label: "Kind", type: "select", options: ["cyber", "influence"], facet: "attribution_kind" },
    { name: "confidence", label: "Confidence", type: "select", options: ["asserted", "alleged", "suspected"], facet: "confidence" },
    { name: "operator_country", label: "Operator country", type: "select", facet: "operator_country" },
    { name: "sponsor_country", label: "Sponsor country", type: "select", facet: "sponsor_country" },
    { name: "target_country", label: "Target country", type: "select", facet: "target_country" },
    { name: "actor", label: "Actor id", type: "text", placeholder: "exactly" }, { name: "text", label: "Text", type: "text" }],
  columns: [["Incident", (a) => a.incident, "incident"], ["Kind", (a) => a.kind, "kind"], ["Target", (a) => actorLinks(a.target)],
    ["Operator", (a) => actorLinks(a.operator)], ["Sponsor", (a) => actorLinks(a.sponsor)], ["Attributed by", (a) => actorLinks(a.attributed_by)],
    ["Confidence", (a) => a.confidence, "confidence"], ["Date", (a) => a.date || "—", "date"],
    ["Sources", (a) => el("span", {}, String(a.sources), " ", docLink(a.documents[0], "→")), "sources"]],
};

function eventTable(events) {
  return table([["Date", (e) => e.date || "—"], ["Type", (e) => el("span", { class: "tag" }, e.type + (e.mode ? "/" + e.mode : ""))],
    ["Actors", (e) => actorLinks(e.actors)], ["Recipients", (e) => actorLinks(e.recipients)], ["Flags", flags], ["Sources", (e) => e.sources],
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

// ---- an actor: its lists, and for a state those of its agencies and groups ----------------------

// One request: the profile has the actor's counts, first events and quotes, latest documents, and the
// agreements and attributions of it and its family (the older /v1/actors/{id} aggregates every actor
// to find one, slow on a large store).
async function actorView(id) {
  const p = await api(`/v1/actors/${encodeURIComponent(id)}/profile`);
  remember(p.names);
  const actor = p.actor;
  const via = (r) => (r.via && r.via !== actor.id ? el("span", { class: "meta" }, " via ", actorLink(r.via)) : null);
  const more = (shown, total, href, what) => (total > shown ? el("p", { class: "meta" }, `The first ${shown} of ${total}. `, href ? el("a", { href }, `All ${what}, with filters →`) : null) : null);
  show(el("p", { class: "meta" }, el("span", { class: "tag" }, actor.kind), actor.country ? ` ${actor.country}` : "", actor.role ? ` · ${actor.role}` : ""),
    el("h1", {}, actor.name),
    el("p", { class: "meta" }, `${actor.mentions} mentions in ${actor.documents} documents · ${p.events_total} events`, actor.aliases.length ? ` · also: ${actor.aliases.join(", ")}` : ""),
    p.family.length ? el("p", { class: "family" }, "Its agencies and groups: ", joinNodes(p.family.map((f) => el("span", {}, actorLink(f.id, f.name), el("span", { class: "meta" }, ` (${f.kind})`))))) : null,
    el("h2", {}, "Events"), eventTable(p.events),
    more(p.events.length, p.events_total, `#/events?actor_id=${encodeURIComponent(actor.id)}`, `${p.events_total} events`),
    p.events_over_time.buckets.length ? el("section", {}, el("h2", {}, "Events over time"), stackedBars(p.events_over_time)) : null,
    el("h2", {}, "Counterparts"),
    p.counterparts.length ? barList(p.counterparts.map((c) => [el("span", {}, actorLink(c.id, c.name), el("span", { class: "meta" }, ` ${c.kind}${c.country ? " · " + c.country : ""}`)), c.events]))
      : el("p", { class: "empty" }, "No shared events."),
    el("h2", {}, "Quotes"),
    table([["Kind", (q) => q.kind], ["Quote", (q) => el("q", {}, q.text)], ["Document", (q) => docLink(q.document_id)]], p.quotes),
    more(p.quotes.length, p.quotes_total, null, ""),
    el("h2", {}, p.family.length ? "Agreements (with its agencies and groups)" : "Agreements"),
    table([["Name", (x) => el("span", {}, x.name || x.kind || "—", via(x))], ["Parties", (x) => actorLinks(x.parties)], ["Signed", (x) => x.signed || "—"],
      ["Status", (x) => (x.status ? `${x.status}${x.status_date ? " " + x.status_date : ""}` : "—")], ["Sources", (x) => x.sources]], p.agreements),
    el("h2", {}, p.family.length ? "Attributions (with its agencies and groups)" : "Attributions"),
    table([["Incident", (x) => el("span", {}, x.incident, via(x))], ["Kind", (x) => x.kind], ["Operator", (x) => actorLinks(x.operator)], ["Sponsor", (x) => actorLinks(x.sponsor)],
      ["Target", (x) => actorLinks(x.target)], ["Attributed by", (x) => actorLinks(x.attributed_by)], ["Confidence", (x) => x.confidence]], p.attributions),
    el("h2", {}, "Latest documents"),
    table([["Date", (d) => d.date || "—"], ["Title", (d) => docLink(d.id, d.title)], ["Kind", (d) => d.kind]], p.documents));
}

// ---- the network --------------------------------------------------------------------------------

async function graph(params) {
  const started = performance.now();
  const top = Math.min(300, Math.max(5, parseInt(params.get("top") || "60", 10) || 60));
  const query = new URLSearchParams({ top });
  for (const k of ["country", "type", "since", "until"]) if (params.get(k)) query.set(k, params.get(k));
  const [g, facets] = await Promise.all([api(`/v1/network?${query}`), facetValues()]);
  const go = (changes) => { location.hash = withParams("#/graph", params, changes); };
  const select = (name, label, values) => {
    const s = el("select", { name }, el("option", { value: "" }, "any"), values.map((v) => el("option", { value: v }, v)));
    s.value = params.get(name) || "";
    s.addEventListener("change", () => go({ [name]: s.value }));
    return el("label", { class: "filter" }, el("span", {}, label), s);
  };
  const text = (name, label) => {
    const i = el("input", { name, type: "search", size: 10, placeholder: "YYYY[-MM]" });
    i.value = params.get(name) || "";
    i.addEventListener("change", () => go({ [name]: i.value.trim() }));
    return el("label", { class: "filter" }, el("span", {}, label), i);
  };
  const topSelect = el("select", { name: "top" }, [25, 60, 100, 200].map((n) => el("option", { value: n }, `top ${n}`)));
  topSelect.value = String(top);
  topSelect.addEventListener("change", () => go({ top: topSelect.value }));
  const W = 1100, H = 640;
  const drawn = g.nodes.length ? networkSvg(g, W, H, (id) => { location.hash = `#/actor/${encodeURIComponent(id)}`; }) : null;
  const meta = el("p", { class: "meta" }, `The ${g.nodes.length} actors with the most event links (of ${g.actors}), ${g.edges.length} links between them; a line is as thick as the events it merges. Click an actor to open it.`);
  show(el("h1", {}, "Network of actors"),
    el("form", { class: "filters" }, el("label", { class: "filter" }, el("span", {}, "Actors"), topSelect),
      select("country", "Country", (facets.country || []).map((c) => c.value)), select("type", "Type", EVENT_TYPES), text("since", "Since"), text("until", "Until")),
    meta, drawn ? drawn.svg : el("p", { class: "empty" }, "No linked actors for these filters."));
  view.querySelector("form.filters").addEventListener("submit", (e) => e.preventDefault());
  if (drawn) {
    const shown = drawn.place();  // needs the SVG in the page, to measure the labels
    const ms = Math.round(performance.now() - started);
    drawn.svg.setAttribute("data-ms", ms);
    meta.append(` ${shown} names shown without overlap (hover a circle for the others); drawn in ${ms} ms.`);
  }
}

// ---- the map ------------------------------------------------------------------------------------

async function mapView(params) {
  const query = new URLSearchParams();
  for (const k of ["type", "since", "until"]) if (params.get(k)) query.set(k, params.get(k));
  const counts = (await api(`/v1/stats/countries?${query}`)).items;
  const { svg, off } = await worldMap(counts, (code) => { location.hash = withParams("#/events", new URLSearchParams(query), { country: code }); });
  const select = el("select", { name: "type" }, el("option", { value: "" }, "any"), EVENT_TYPES.map((v) => el("option", { value: v }, v)));
  select.value = params.get("type") || "";
  select.addEventListener("change", () => { location.hash = withParams("#/map", params, { type: select.value }); });
  const period = (name, label) => {
    const i = el("input", { name, type: "search", size: 10, placeholder: "YYYY-MM-DD" });
    i.value = params.get(name) || "";
    i.addEventListener("change", () => { location.hash = withParams("#/map", params, { [name]: i.value.trim() }); });
    return el("label", { class: "filter" }, el("span", {}, label), i);
  };
  show(el("h1", {}, "Events by country"),
    el("form", { class: "filters" }, el("label", { class: "filter" }, el("span", {}, "Type"), select), period("since", "Since"), period("until", "Until")),
    el("p", { class: "meta" }, `${counts.length} countries; darker: more events of their actors (five classes by quantile). Click a country for its events.`),
    el("div", { class: "map-box" }, svg),
    off.length ? el("p", { class: "meta" }, "Not on the map: ", joinNodes(off.map((c) => el("a", { href: `#/events?country=${encodeURIComponent(c.country)}` }, `${c.country} ${c.events}`)))) : null,
    el("p", { class: "meta" }, "Country shapes: Natural Earth 1:110m (public domain), by way of world-atlas (ISC)."));
  view.querySelector("form.filters").addEventListener("submit", (e) => e.preventDefault());
}

// ---- the timeline -------------------------------------------------------------------------------

// Dated events in order, earliest first (or latest, order=desc), with the type and country facets of
// the events table in the route and the same CSV export.
async function timeline(params) {
  const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
  const order = params.get("order") === "desc" ? "desc" : "asc";
  const query = new URLSearchParams({ since: "0001", sort: "date", order });
  for (const k of ["type", "country"]) if (params.get(k)) query.set(k, params.get(k));
  const [result, facets] = await Promise.all([api(`/v1/table/events?${query}&limit=${PAGE * 2}&offset=${offset}`), facetValues()]);
  const go = (changes) => { location.hash = withParams("#/timeline", params, { ...changes, offset: null }); };
  const select = (name, label, values) => {
    const s = el("select", { name }, el("option", { value: "" }, "any"), values.map((v) => el("option", { value: v }, v)));
    s.value = params.get(name) || "";
    s.addEventListener("change", () => go({ [name]: s.value }));
    return el("label", { class: "filter" }, el("span", {}, label), s);
  };
  const last = offset + result.items.length;
  show(el("h1", {}, "Timeline of events"),
    el("form", { class: "filters" }, select("type", "Type", EVENT_TYPES), select("country", "Country", (facets.country || []).map((c) => c.value)),
      el("label", { class: "filter" }, el("span", {}, "Order"),
        el("a", { class: "sort", href: withParams("#/timeline", params, { order: order === "asc" ? "desc" : null, offset: null }) }, order === "asc" ? "earliest first ▲" : "latest first ▼"))),
    el("p", { class: "meta toolbar" }, el("span", { class: "count" }, `${result.total ? offset + 1 : 0}–${last} of ${result.total} dated events`),
      el("a", { class: "export button", href: here(`/v1/table/events?${query}&format=csv`), download: "geowire-events.csv" }, "Export CSV")),
    result.items.length ? el("div", { class: "timeline" }, result.items.map((e) => el("div", { class: "item" },
      el("span", { class: "date" }, e.date), el("span", { class: "tag" }, e.type), " ", flags(e), " ",
      actorLinks(e.actors), e.recipients.length ? " → " : "",
      actorLinks(e.recipients), el("div", { class: "meta" }, e.text)))) :
      el("p", { class: "empty" }, "No dated events yet."),
    el("p", { class: "meta pager" }, offset > 0 ? el("a", { href: withParams("#/timeline", params, { offset: Math.max(0, offset - PAGE * 2) || null }) }, "← earlier") : null, " ",
      last < result.total ? el("a", { href: withParams("#/timeline", params, { offset: last }) }, "later →") : null));
  view.querySelector("form.filters").addEventListener("submit", (e) => e.preventDefault());
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

// Fields that hold actor ids, shown by name; fields the panel leaves out (offsets are shown as "at").
const ACTOR_FIELDS = new Set(["actors", "recipients", "speaker", "parties", "target", "operator", "sponsor", "attributed_by"]);
const HIDDEN_FIELDS = new Set(["mentions", "span", "spans", "id"]);

// One fact as label/value rows, readable rather than JSON: actor ids as links by name, flags as yes,
// lists joined, nested records (an amount's funding) as "key value" text.
function factFields(fact) {
  const rows = [];
  for (const [key, value] of Object.entries(fact)) {
    if (HIDDEN_FIELDS.has(key) || value === null || value === "" || value === false || (Array.isArray(value) && !value.length)) continue;
    let shown;
    if (ACTOR_FIELDS.has(key)) shown = actorLinks(Array.isArray(value) ? value : [value]);
    else if (value === true) shown = "yes";
    else if (Array.isArray(value)) shown = value.map((v) => (typeof v === "object" ? plain(v) : String(v))).join(", ");
    else if (typeof value === "object") shown = plain(value);
    else shown = typeof value === "number" ? value.toLocaleString("en") : String(value);
    rows.push(el("dt", {}, key.replace(/_/g, " ")), el("dd", {}, shown));
  }
  return el("dl", { class: "fields" }, rows);
}
const plain = (obj) => Object.entries(obj).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => `${k} ${Array.isArray(v) ? v.join("–") : v}`).join(", ");

// Shows the facts at a highlighted stretch in the panel of the sidebar (it scrolls with the page and
// never covers the lists beside the text).
function showFacts(mark, covering, s, e, dossier) {
  document.querySelectorAll("mark.selected").forEach((m) => m.classList.remove("selected"));
  mark.classList.add("selected");
  factBox.replaceChildren(
    el("div", { class: "fact-head" }, el("strong", {}, `${covering.length} fact${covering.length > 1 ? "s" : ""} at ${s}–${e}`),
      el("button", { type: "button", class: "close", "aria-label": "Close" }, "×")),
    ...covering.map((x) => el("div", { class: "card" }, el("span", { class: "tag" }, x.kind), " ", describe(x.kind, x.fact, dossier),
      x.kind === "actor" ? el("div", {}, actorLink(x.fact.id, "open actor page →")) : null,
      factFields(x.fact))));
  factBox.querySelector("button.close").addEventListener("click", () => { factBox.hidden = true; mark.classList.remove("selected"); });
  factBox.hidden = false;
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
    const mark = el("mark", { class: classes, "data-s": s, "data-e": e, title: covering.map((x) => describe(x.kind, x.fact, dossier)).join("\n") }, text);
    mark.addEventListener("click", () => showFacts(mark, covering, s, e, dossier));
    p.append(mark);
  }
  paragraphs.push(p);
  return el("div", { class: "body" }, paragraphs);
}

// The facts of the document in text order, with their offsets: clicking one selects its highlight.
function factList(d) {
  const rows = [];
  for (const [kind, key] of FACT_KINDS.slice(1)) for (const fact of d[key]) if (fact.span) rows.push({ kind, fact, s: fact.span[0], e: fact.span[1] });
  rows.sort((a, b) => a.s - b.s || a.e - b.e);
  const jump = (r) => {
    const mark = [...view.querySelectorAll("article mark")].find((m) => +m.dataset.s >= r.s && +m.dataset.e <= r.e && m.classList.contains(r.kind));
    if (mark) { mark.scrollIntoView({ block: "center" }); mark.click(); }
  };
  return table([["At", (r) => el("a", { href: "#", class: "offsets", onclick: (ev) => { ev.preventDefault(); jump(r); } }, `${r.s}–${r.e}`)],
    ["Kind", (r) => el("span", { class: "tag" }, r.kind)], ["Fact", (r) => describe(r.kind, r.fact, d)],
    ["Text", (r) => el("span", { class: "excerpt" }, d.document.body.slice(r.s, Math.min(r.e, r.s + 160)))]], rows, "No events, quotes, amounts or times.");
}

async function documentView(id) {
  const d = await api(`/v1/documents/${encodeURIComponent(id)}`);
  for (const a of d.actors) NAMES.set(a.id, a.name);  // the panel and the lists name actors, not ids
  const doc = d.document;
  const name = (aid) => actorName(d, aid);
  const side = el("div", { class: "facts" },
    el("h2", {}, `Actors (${d.actors.length})`),
    el("ul", {}, d.actors.map((a) => el("li", {}, actorLink(a.id, a.name), ` ${a.kind}${a.country ? " · " + a.country : ""}`))),
    el("h2", {}, `Agreements (${d.agreements.length})`),
    el("ul", {}, d.agreements.map((a) => el("li", {}, `${a.name || a.kind || "agreement"}: ${a.parties.map(name).join(", ")}${a.status ? ` (${a.status}${a.status_date ? " " + a.status_date : ""})` : ""}`,
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
      doc.captions.map((c) => el("p", { class: "meta" }, "Caption: ", c.text, c.credit ? ` (${c.credit})` : "")),
      el("section", { class: "fact-list" }, el("h2", {}, "Events, quotes, amounts and times"), factList(d))),
    el("aside", { class: "side" }, factBox, side)));
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
    el("p", { class: "meta toolbar" }, el("span", { class: "count" }, result.total ? `${offset + 1}–${offset + result.items.length} of ${result.total} documents, best match first` : "0 of 0"),
      el("a", { class: "export-json button", href: here(`/v1/search?q=${encodeURIComponent(query)}&limit=500&offset=${offset}`), download: "geowire-search.json" }, "Export JSON (500 from here)")),
    table([["Title", (d) => docLink(d.id, d.title)], ["Kind", (d) => d.kind], ["Match", (d) => snippet(d.fragments)]], result.items, "No match."),
    pager);
}

function notFound() {
  show(el("h1", {}, "Not found"), el("p", { class: "empty" }, "This address is not a page of geowire. ", el("a", { href: "#/" }, "Dashboard →")));
}

async function route() {
  routeSeq += 1;
  const [path] = (location.hash || "#/").split("?");
  const params = routeParams();
  const [, page, arg] = path.match(/^#\/?([^/]*)\/?(.*)$/) || [];
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
    else if (page === "actors") await listView(ACTORS, params);
    else if (page === "events") await listView(EVENTS, params);
    else if (page === "documents") await listView(DOCUMENTS, params);
    else if (page === "timeline") await timeline(params);
    else if (page === "graph") await graph(params);
    else if (page === "map") await mapView(params);
    else if (page === "agreements") await listView(AGREEMENTS, params);
    else if (page === "attributions") await listView(ATTRIBUTIONS, params);
    else if (page === "search") await searchView(arg || "");
    else if (page === "") await dashboard(params);
    else notFound();
  } catch (err) {
    if (err instanceof Stale) return;  // another route is being shown
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
