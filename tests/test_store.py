"""The embedded store: one document per page however often it is analysed, teasers shared
between pages, facts replaced on re-analysis, and nothing half-written when a save fails."""
from __future__ import annotations

import sqlite3

import pytest

from geowire.model import Actor, Amount, Document, Dossier, Event, TimeExpression, document_id
from geowire.kb.store import Store, StoreError


def make_dossier(body: str, title: str = "A page", teasers: tuple[str, ...] = (), **facts) -> Dossier:
    return Dossier(
        document=Document(id=document_id(body), body=body, title=title),
        related=[Dossier(document=Document(id=document_id(t), kind="teaser", body=t, title=t[:20])) for t in teasers],
        **facts)


ARMENIA = Actor(id="armenia", name="Armenia", kind="state", country="ARM", mentions=[(0, 7)])
TURKEY = Actor(id="turkey", name="Turkey", kind="state", country="TUR", mentions=[(12, 18)])


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "kb.db") as s:
        yield s


def test_the_same_page_twice_is_one_document_with_the_newer_facts(store):
    body = "Armenia and Turkey reopened the border in 2024."
    first = make_dossier(body, actors=[ARMENIA, TURKEY],
                         times=[TimeExpression(text="2024", value="2024", span=(42, 46))])
    store.save(first)
    second = make_dossier(body, actors=[ARMENIA, TURKEY], events=[
        Event(type="COOPERATE", actors=["armenia", "turkey"], trigger="reopened", span=(0, 47))])
    store.save(second)
    counts = store.counts()
    assert counts["documents"] == 1
    assert counts["events"] == 1 and counts["times"] == 0  # replaced, not added to
    assert counts["mentions"] == 2
    row = store.conn.execute("SELECT times_seen FROM documents").fetchone()
    assert row["times_seen"] == 2
    assert store.dossier(first.document.id[:8]).events[0].type == "COOPERATE"


def test_a_teaser_seen_on_two_pages_is_one_document_linked_to_both(store):
    teaser = "Ankara hosts a summit on grain exports."
    store.save(make_dossier("First page about Armenia.", teasers=(teaser,)))
    store.save(make_dossier("Second page about Turkey.", teasers=(teaser,)))
    kinds = [r["kind"] for r in store.documents()]
    assert sorted(kinds) == ["article", "article", "teaser"]
    links = store.conn.execute("SELECT count(*) FROM related WHERE teaser_id = ?", (document_id(teaser),)).fetchone()
    assert links[0] == 2
    page = store.dossier(document_id("Second page about Turkey."))
    assert [r.document.body for r in page.related] == [teaser]


def test_actors_merge_across_documents_keeping_every_alias(store):
    store.save(make_dossier("Armenia first.", actors=[ARMENIA.model_copy(update={"aliases": ["Republic of Armenia"]})]))
    store.save(make_dossier("Armenia again.", actors=[ARMENIA.model_copy(update={"aliases": ["Yerevan"]})]))
    row = store.conn.execute("SELECT aliases FROM actors WHERE id = 'armenia'").fetchone()
    assert "Republic of Armenia" in row["aliases"] and "Yerevan" in row["aliases"]
    assert store.counts()["actors"] == 1 and store.counts()["mentions"] == 2


def test_a_failed_save_leaves_the_store_as_it_was(store):
    good = make_dossier("Armenia and Turkey talk.", actors=[ARMENIA])
    store.save(good)
    before = store.counts()
    # an event naming an actor that is in no actor list breaks a foreign key half-way through the save
    bad = make_dossier("A new page about a new event.", actors=[TURKEY], amounts=[
        Amount(text="$5 million", value=5e6, currency="USD", span=(0, 10))],
        events=[Event(type="AID", actors=["nowhere"], trigger="gave", span=(0, 5))])
    with pytest.raises(StoreError, match="cannot store document"):
        store.save(bad)
    assert store.counts() == before
    assert store.dossier(good.document.id).document.body == good.document.body


def test_full_text_search_finds_words_of_the_body(store):
    store.save(make_dossier("Armenia and Turkey reopened the border crossing at Margara.", title="Border"))
    hits = store.search("Margara")
    assert len(hits) == 1 and hits[0]["snippet"] == "Armenia and Turkey reopened the border crossing at Margara."
    assert [t for t, matched in hits[0]["fragments"] if matched] == ["Margara"]
    assert "".join(t for t, _ in hits[0]["fragments"]) == hits[0]["snippet"]
    assert store.search("Azerbaijan") == []
    with pytest.raises(ValueError, match="bad search query"):
        store.search('"unbalanced', advanced=True)


def test_any_user_text_searches_as_text_and_raw_fts5_only_when_asked(store):
    store.save(make_dossier("U.S. forces left al-Tanf; NOT all of them, said the 1st brigade.", title="Tanf"))
    for text in ("U.S.", "al-Tanf", "NOT", '"unbalanced', "col:x", "x(y", "u.s. AL-TANF", "forces*"):
        store.search(text)  # never a syntax error
    assert len(store.search("U.S.")) == 1 and len(store.search("al-Tanf")) == 1
    assert store.search("al-Tanf Margara") == []  # every word is required
    assert store.search_total('"left al-Tanf"') == 1
    with pytest.raises(ValueError, match="no words"):
        store.search("** .. (")
    with pytest.raises(ValueError, match="too many search terms"):
        store.search("word " * 33)
    with pytest.raises(ValueError, match="too long"):
        store.search("x" * 101)
    assert len(store.search("forc* OR Margara", advanced=True)) == 1
    with pytest.raises(ValueError, match="too many prefix terms"):
        store.search("r* " * 5, advanced=True)
    with pytest.raises(ValueError, match="fts5: syntax error"):
        store.search("AND AND", advanced=True)


def test_snippet_markers_cannot_be_forged_by_a_document(store):
    body = "Kars \x02 <b>bold</b> \x03 Kars and [brackets]."
    store.save(make_dossier(body, title="Forged"))
    (hit,) = store.search("Kars")
    assert "".join(t for t, _ in hit["fragments"]) == body  # the text as it is, markup and all
    assert [t for t, m in hit["fragments"] if m] == ["Kars", "Kars"]


def test_a_query_past_its_budget_or_cancelled_stops(store):
    import threading

    from geowire.kb.store import QueryAborted

    endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
    with pytest.raises(QueryAborted, match="longer than 0.2 s") as err:
        with store.limited(0.2):
            store.conn.execute(endless).fetchone()
    assert not err.value.cancelled
    gone = threading.Event()
    threading.Timer(0.1, gone.set).start()
    with pytest.raises(QueryAborted, match="cancelled"):
        with store.limited(60, cancelled=gone):
            store.conn.execute(endless).fetchone()
    assert store.conn.execute("SELECT 1").fetchone()[0] == 1  # the connection is still good


def test_like_wildcards_in_user_text_match_themselves(store):
    from geowire.kb import query

    store.save(make_dossier("One page.", title="Plain title"))
    store.save(make_dossier("Another page.", title="100% sure_thing"))
    assert list(query.documents(store, text="%")["title"]) == ["100% sure_thing"]
    assert list(query.documents(store, text="_")["title"]) == ["100% sure_thing"]
    assert query.documents(store, text="\\").empty
    with pytest.raises(KeyError, match="hexadecimal"):
        store.resolve_id("%%%%")


def test_a_pool_lends_at_most_its_size_of_read_only_connections_across_threads(tmp_path):
    import threading

    from geowire.kb.store import PoolBusy, StorePool

    Store(tmp_path / "kb.db").close()
    pool = StorePool(tmp_path / "kb.db", size=2, wait=0.2)
    a, b = pool.acquire(), pool.acquire()
    with pytest.raises(PoolBusy):
        pool.acquire()
    result = []
    worker = threading.Thread(target=lambda: result.append(a.conn.execute("SELECT count(*) FROM documents").fetchone()[0]))
    worker.start()
    worker.join()
    assert result == [0]  # used from another thread than the one that opened it
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        a.conn.execute("DELETE FROM documents")
    pool.release(a)
    pool.release(b)
    with pool.store() as again:
        assert again is b  # reused, not reopened
    pool.close()
    with pytest.raises(sqlite3.ProgrammingError):
        a.conn.execute("SELECT 1")  # closed with the pool


def test_ids_resolve_from_unique_prefixes_only(store):
    d = make_dossier("Armenia.")
    store.save(d)
    assert store.resolve_id(d.document.id[:6]) == d.document.id
    with pytest.raises(KeyError, match="too short"):
        store.resolve_id("ab")
    with pytest.raises(KeyError, match="no document"):
        store.resolve_id("ffffffffff" if not d.document.id.startswith("f") else "0000000000")


def test_a_file_that_is_not_a_geowire_store_is_refused_untouched(tmp_path):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE invoices (n INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a geowire store"):
        Store(other)
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="garbage.db"):
        Store(garbage)
    assert garbage.read_bytes() == b"this is not sqlite at all" * 100


def test_the_store_uses_wal_and_foreign_keys(store):
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
