"""Builds geowire/web/static/world.json, the country shapes of the web page's map, from the npm
package world-atlas (countries-110m.json: Natural Earth's 1:110m countries as TopoJSON).

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python scripts/build_world.py package/countries-110m.json

Natural Earth is in the public domain; world-atlas is ISC-licensed (© Michael Bostock). Each
country becomes an SVG path in an equirectangular projection (1000×500, longitude −180…180,
latitude 90…−90, coordinates to 0.1), keyed by its ISO 3166 alpha-3 code (pycountry, from the
numeric id; Kosovo as KOS, as PLOVER has it), so that the page draws the map with no library.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parent.parent / "geowire" / "web" / "static" / "world.json"
W, H = 1000, 500
BY_NAME = {"Kosovo": "KOS", "N. Cyprus": "CYP", "Somaliland": "SOM"}  # no numeric id in the file


def arcs_of(topology: dict) -> list[list[tuple[float, float]]]:
    """The arcs as lists of (lon, lat): delta-decoded and un-quantized."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    out = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        out.append(points)
    return out


def ring(arcs: list, indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]  # a negative index is the arc reversed
        points.extend(arc[1:] if points else arc)
    return points


def unwrap(r: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A ring whose longitudes jump across the antimeridian (Chukotka, Fiji) made continuous: each point
    within 180° of the one before, some then beyond ±180 (the map's edge clips them)."""
    out = [r[0]]
    for lon, lat in r[1:]:
        prev = out[-1][0]
        while lon - prev > 180:
            lon -= 360
        while prev - lon > 180:
            lon += 360
        out.append((lon, lat))
    return out


def path(rings: list[list[tuple[float, float]]]) -> str:
    parts = []
    for r in rings:
        r = unwrap(r)
        lons = [lon for lon, _ in r]
        # a ring past an edge is drawn again from the other edge, so both halves show
        shifts = [0] + ([-360] if max(lons) > 180 else []) + ([360] if min(lons) < -180 else [])
        for shift in shifts:
            xy = [(round((lon + shift + 180) / 360 * W, 1), round((90 - lat) / 180 * H, 1)) for lon, lat in r]
            parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in xy) + "Z")
    return "".join(parts)


def main(source: str) -> int:
    topology = json.loads(Path(source).read_text())
    arcs = arcs_of(topology)
    countries = []
    for g in topology["objects"]["countries"]["geometries"]:
        name = g["properties"]["name"]
        code = BY_NAME.get(name)
        if code is None and g.get("id"):
            found = pycountry.countries.get(numeric=g["id"])
            code = found.alpha_3 if found else None
        if code is None or g["type"] not in ("Polygon", "MultiPolygon"):
            print("skipped", name, file=sys.stderr)
            continue
        polygons = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        countries.append({"id": code, "name": name, "d": path([ring(arcs, r) for p in polygons for r in p])})
    OUT.write_text(json.dumps({
        "source": "world-atlas 2.0.2 (npm, ISC, (c) Michael Bostock): countries-110m.json, from Natural Earth"
                  " (public domain); built by scripts/build_world.py",
        "width": W, "height": H, "countries": countries}, separators=(",", ":")))
    print(f"{OUT}: {len(countries)} countries, {OUT.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
