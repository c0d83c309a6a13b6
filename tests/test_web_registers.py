"""The registers of agreements and attributions as lists like the others, in the browser, the API and
the CLI: total and pages, sorting (an agreement's status in the order of its stages), facets in the
route (status, kind, the parties' country; kind, confidence, the operators' country) and the export.

The store is made here from hand-written dossiers (no shared data): 12 articles with 5 agreements
each, at every stage, between states of four countries, and 9 attributions."""
from __future__ import annotations

import csv
import io
import json

import httpx
import pytest
from playwright.sync_api import expect
from typer.testing import CliRunner

from geowire.kb.store import Store
from geowire.model import Actor, Agreement, Attribution, Document, Dossier, document_id
from tests.server import browser_page

STATES = [("russia", "Russia", "RUS"), ("georgia", "Georgia", "GEO"), ("china", "China", "CHN"),
          ("iran", "Iran", "IRN")]
STAGES = ["proposed", "negotiated", "signed", "ratified", "in-force", "suspended", "withdrawn", "expired"]
KINDS = ["treaty", "memorandum", "deal"]
CONFIDENCE = ["asserted", "alleged", "suspected"]
ARTICLES, PER_ARTICLE = 12, 5
WORDS = ["amber", "basalt", "cedar", "delta", "ember", "fjord", "garnet", "harbor", "indigo", "jade", "kelp",
         "lagoon"]  # distinct names: numbers alone would be one name to the merge


def agreement_of(n: int, k: int) -> Agreement:
    i = n * PER_ARTICLE + k
    a, b = STATES[i % 4], STATES[(i + 1 + i // 4) % 4]
    if a == b:
        b = STATES[(i + 2) % 4]
    return Agreement(name=f"{WORDS[n].title()} {WORDS[k].title()} accord", kind=KINDS[i % 3], parties=[a[0], b[0]],
                     signed=f"20{10 + n:02d}-0{k + 1}-1{k}", status=STAGES[i % 8], status_date=f"20{10 + n:02d}")


def dossier(n: int) -> Dossier:
    body = " ".join(f"{STATES[j][1]} met." for j in range(4))
    mentions = {s[0]: [(body.index(s[1]), body.index(s[1]) + len(s[1]))] for s in STATES}
    actors = [Actor(id=i, name=name, kind="state", country=c, mentions=mentions[i]) for i, name, c in STATES]
    attributions = []
    if n < 9:
        operator, target = STATES[n % 2], STATES[2 + n % 2]
        attributions.append(Attribution(incident=f"{WORDS[n]} intrusion", kind=("cyber", "influence")[n % 2],
                                        operator=[operator[0]], target=[target[0]], campaign=f"Operation {WORDS[n]}",
                                        confidence=CONFIDENCE[n % 3], date=f"20{10 + n}"))
    return Dossier(document=Document(id=document_id(f"{body} {n}"), body=f"{body} {n}", title=f"Register {n}"),
                   actors=actors, agreements=[agreement_of(n, k) for k in range(PER_ARTICLE)],
                   attributions=attributions)


ALL = [agreement_of(n, k) for n in range(ARTICLES) for k in range(PER_ARTICLE)]
COUNTRY = {i: c for i, _, c in STATES}


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    db = tmp_path_factory.mktemp("registers") / "kb.db"
    with Store(db) as store:
        for n in range(ARTICLES):
            store.save(dossier(n))
    return db


@pytest.fixture(scope="module")
def site(db):
    with browser_page(db, allow_analyze=False) as page:
        yield page


def api(site, path: str, **params) -> httpx.Response:
    return httpx.get(site.base + path, params=params, timeout=30)


def go(page, route: str) -> None:
    page.goto("about:blank")
    page.goto(f"{page.base}/{route}")
    page.wait_for_selector("table.list")


def test_the_agreements_page_through_their_total_with_status_and_names(site):
    site.problems.clear()
    go(site, "#/agreements")
    assert site.locator(".count").inner_text() == f"1–50 of {len(ALL)}"
    header = site.locator("table.list thead").inner_text()
    assert "Status" in header and "Parties" in header
    first = site.locator("table.list tbody td:first-child").all_inner_texts()
    site.locator(".pager a", has_text="next").click()
    expect(site.locator(".count")).to_have_text(f"51–{len(ALL)} of {len(ALL)}")
    rest = site.locator("table.list tbody td:first-child").all_inner_texts()
    assert len(first) == 50 and len(rest) == len(ALL) - 50 and not set(first) & set(rest)
    assert set(first) | set(rest) == {a.name for a in ALL}
    parties = " ".join(site.locator("table.list tbody td:nth-child(4)").all_inner_texts())
    assert "Georgia" in parties and "georgia" not in parties  # names, not ids
    assert site.problems == []


def test_the_status_facet_goes_into_the_route_and_sorting_follows_the_stages(site):
    site.problems.clear()
    go(site, "#/agreements")
    options = site.locator("select[name=status] option").all_inner_texts()
    assert options[0] == "any" and [o.split()[0] for o in options[1:]] == STAGES
    signed = sum(a.status == "signed" for a in ALL)
    assert f"signed ({signed})" in options
    site.select_option("select[name=status]", "signed")
    expect(site.locator(".count")).to_have_text(f"1–{signed} of {signed}")
    assert "status=signed" in site.url
    assert {t.split()[0] for t in site.locator("table.list tbody td:nth-child(3)").all_inner_texts()} == {"signed"}
    site.select_option("select[name=party_country]", "GEO")
    both = sum(a.status == "signed" and "georgia" in a.parties for a in ALL)
    expect(site.locator(".count")).to_have_text(f"1–{both} of {both}" if both else "0 of 0")
    assert "party_country=GEO" in site.url
    site.reload()
    site.wait_for_selector(".count")
    assert site.locator("select[name=status]").input_value() == "signed"
    # sorted by status: in the order of the stages, not by name
    go(site, "#/agreements?sort=status&order=asc")
    shown = [t.split()[0] for t in site.locator("table.list tbody td:nth-child(3)").all_inner_texts()]
    assert shown == sorted((a.status for a in ALL), key=STAGES.index)[:50]
    assert shown != sorted(shown)  # "expired" would come before "in-force" by name
    site.locator("th a.sort[data-sort=status]").click()
    expect(site.locator("th a.sort[data-sort=status]")).to_contain_text("▼")
    shown = [t.split()[0] for t in site.locator("table.list tbody td:nth-child(3)").all_inner_texts()]
    assert shown[0] == "expired" and shown == sorted(shown, key=STAGES.index, reverse=True)
    assert site.problems == []


def test_the_export_button_downloads_the_register_rows_of_the_filter(site):
    go(site, "#/agreements?kind=treaty&party_country=RUS")
    expected = [a for a in ALL if a.kind == "treaty" and "russia" in a.parties]
    with site.expect_download() as info:
        site.locator("a.export").click()
    assert info.value.suggested_filename == "geowire-agreements.csv"
    rows = list(csv.DictReader(io.StringIO(open(info.value.path(), encoding="utf-8").read())))
    assert sorted(r["name"] for r in rows) == sorted(a.name for a in expected) and expected
    assert {r["kind"] for r in rows} == {"treaty"} and all("Russia" in r["parties"] for r in rows)
    assert {r["status"] for r in rows} == {a.status for a in expected}


def test_the_attributions_have_kind_confidence_and_operator_country_facets(site):
    site.problems.clear()
    go(site, "#/attributions")
    assert site.locator(".count").inner_text() == "1–9 of 9"
    site.select_option("select[name=confidence]", "alleged")
    expect(site.locator(".count")).to_have_text("1–3 of 3")
    site.select_option("select[name=operator_country]", "RUS")
    operators = [n for n in range(9) if n % 3 == 1 and n % 2 == 0]  # alleged, operated by Russia
    expect(site.locator(".count")).to_have_text(f"1–{len(operators)} of {len(operators)}")
    assert "confidence=alleged" in site.url and "operator_country=RUS" in site.url
    assert set(site.locator("table.list tbody td:nth-child(4)").all_inner_texts()) == {"Russia"}
    go(site, "#/attributions?sort=confidence&order=asc")
    shown = site.locator("table.list tbody td:nth-child(7)").all_inner_texts()
    assert shown == sorted(shown, key=CONFIDENCE.index)
    assert site.problems == []


def test_the_register_endpoints_answer_pages_and_validate_their_filters(site):
    page = api(site, "/v1/agreements", status="ratified", limit=2).json()
    assert set(page) == {"items", "total", "limit", "offset"}
    assert page["total"] == sum(a.status == "ratified" for a in ALL) and len(page["items"]) == 2
    assert all(r["status"] == "ratified" for r in page["items"])
    by_status = api(site, "/v1/agreements", sort="status", order="desc", limit=500).json()["items"]
    assert [r["status"] for r in by_status] == sorted((a.status for a in ALL), key=STAGES.index, reverse=True)
    bad = api(site, "/v1/agreements", status="ongoing")
    assert bad.status_code == 422 and "in-force" in bad.text
    assert api(site, "/v1/agreements", sort="record").status_code == 422
    assert api(site, "/v1/attributions", confidence="certain").status_code == 422
    assert api(site, "/v1/table/attributions", sort="incident; DROP TABLE x").status_code == 422
    table = api(site, "/v1/table/agreements", party_country="irn", limit=5).json()
    assert table["total"] == sum("iran" in a.parties for a in ALL) and len(table["items"]) == 5
    assert all({"id": "iran", "name": "Iran", "kind": "state", "country": "IRN"} in r["parties"] for r in table["items"])
    facets = api(site, "/v1/stats/facets").json()
    assert {f["value"]: f["count"] for f in facets["agreement_status"]} == {
        s: sum(a.status == s for a in ALL) for s in STAGES}
    assert {f["value"] for f in facets["operator_country"]} == {"RUS", "GEO"}


def cli(*args):
    from geowire.cli import app

    return CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})


def test_the_cli_registers_take_the_same_facets_and_sorts(db):
    rows = json.loads(cli("agreements", "--status", "in-force", "--sort", "name", "--db", db, "-f", "json").stdout)
    expected = sorted((a.name for a in ALL if a.status == "in-force"), key=str.lower)
    assert [r["name"] for r in rows] == expected
    rows = json.loads(cli("agreements", "--party-country", "CHN", "--sort", "status", "--order", "desc",
                          "--db", db, "-f", "json").stdout)
    assert [r["status"] for r in rows] == sorted((a.status for a in ALL if "china" in a.parties),
                                                  key=STAGES.index, reverse=True)
    rows = json.loads(cli("attributions", "--confidence", "suspected", "--operator-country", "GEO",
                          "--db", db, "-f", "json").stdout)
    assert [r["incident"] for r in rows] == [f"{WORDS[n]} intrusion" for n in range(9) if n % 3 == 2 and n % 2]
    for argv, reason in ((["agreements", "--status", "ongoing"], "unknown status 'ongoing': one of proposed"),
                         (["agreements", "--sort", "parties"], "unknown sort 'parties': one of id, name"),
                         (["attributions", "--confidence", "certain"], "unknown confidence 'certain'")):
        result = cli(*argv, "--db", db)
        assert result.exit_code == 2 and result.stderr.startswith("geowire: error: " + reason), result.output
