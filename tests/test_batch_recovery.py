"""Batch runs that keep their promises when the ground moves under them: an input that vanishes,
changes or cannot be read during a run leaves its shard unmarked (exit 1, retried next run); an
input changed after a run replaces its old rows instead of doubling them; and no worker outlives
a driver killed with SIGKILL.

A fake pipeline stands in for spaCy: these tests are about files and processes, not analysis."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import geowire.batch as batch
import geowire.batch.engines as engines
from geowire.batch import DONE_DIR, ERRORS_TABLE, SUPERSEDED_DIR, load_batch, plan_shards, run_batch
from geowire.model import Document, Dossier, document_id
from geowire.pipeline import Failure
from geowire.read import InputError


class FakePipeline:
    """Stands in for Pipeline: a document's dossier is its text; an input error is a failure."""
    batch_size = 2

    def analyze(self, items):
        for item in items:
            if isinstance(item, Exception):
                yield Failure(item.source, str(item))
            else:
                text = item.content if isinstance(item.content, str) else item.content.decode("utf-8")
                yield Dossier(document=Document(id=document_id(text), body=text, url=item.url,
                                                source_path=item.source_path))


@pytest.fixture(autouse=True)
def fake_pipeline(monkeypatch):
    monkeypatch.setattr(engines, "_new_pipeline", FakePipeline)


def write_texts(root: Path, texts: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


TEXTS = {"a.txt": "Armenia and Turkey reopened their border.", "b.txt": "NATO began an exercise in the Baltic.",
         "c.txt": "The United Nations appealed for aid to Sudan."}


def bodies(out: Path) -> list[str]:
    """Every document body of the output, read as pandas or DuckDB would: every file of the table."""
    files = sorted((out / "documents").glob("shard-*.parquet"))
    return sorted(row["body"] for f in files for row in pq.read_table(f).to_pylist())


def errors(out: Path) -> list[dict]:
    return [row for f in sorted((out / ERRORS_TABLE).glob("shard-*.parquet")) for row in pq.read_table(f).to_pylist()]


def done(out: Path) -> set[str]:
    return {p.name for p in (out / DONE_DIR).iterdir()}


# ---- 1. a failed read is a retry, not an error row ------------------------------------------

def test_a_file_that_vanishes_before_its_shard_is_read_leaves_it_unmarked_and_a_rerun_retries_it(tmp_path):
    corpus = write_texts(tmp_path / "in", TEXTS)
    out = tmp_path / "out"
    b = corpus / "b.txt"
    mtime = b.stat().st_mtime_ns

    def vanish(todo):  # after the plan, before any shard runs
        b.unlink()

    report = run_batch([str(corpus)], out, workers=1, shard_size=1, on_plan=vanish)
    assert (report.processed, len(report.failed)) == (2, 1)
    assert str(b) in report.failed[0] and "vanished" in report.failed[0]
    assert bodies(out) == sorted([TEXTS["a.txt"], TEXTS["c.txt"]])
    assert errors(out) == []  # not a bad document: no error row, no done marker
    assert len(done(out)) == 2
    # the file is back as it was: the same shard, redone
    b.write_text(TEXTS["b.txt"], encoding="utf-8")
    os.utime(b, ns=(mtime, mtime))
    report = run_batch([str(corpus)], out, workers=1, shard_size=1)
    assert (report.processed, report.skipped, report.failed) == (1, 2, [])
    assert bodies(out) == sorted(TEXTS.values())


def test_a_file_changed_while_the_run_goes_on_is_read_again_by_the_next_run(tmp_path):
    corpus = write_texts(tmp_path / "in", TEXTS)
    out = tmp_path / "out"

    def rewrite(todo):
        (corpus / "c.txt").write_text("Kenya offered to host talks.", encoding="utf-8")

    report = run_batch([str(corpus)], out, workers=1, shard_size=2, on_plan=rewrite)
    assert report.processed == 1 and "changed since the run was planned" in report.failed[0]
    report = run_batch([str(corpus)], out, workers=1, shard_size=2)
    assert (report.processed, report.skipped, report.failed) == (1, 1, [])
    assert bodies(out) == sorted([TEXTS["a.txt"], TEXTS["b.txt"], "Kenya offered to host talks."])


def test_an_io_error_of_the_reader_is_a_failed_read_and_a_bad_document_is_an_error_row(tmp_path, monkeypatch):
    corpus = write_texts(tmp_path / "in", TEXTS)
    (corpus / "feed.jsonl").write_text(json.dumps({"url": "https://x.example/1", "text": "Russia protested."})
                                       + "\n{\"url\": broken\n", encoding="utf-8")
    (corpus / "z.warc").write_bytes(b"")  # a bad file, readable: an error row naming the file itself
    real_read_piece = batch.read_piece

    def failing_read(piece, input_format="auto"):
        if piece.path.endswith("b.txt"):  # as the reader reports an OSError: by its text
            return iter([InputError(piece.path, "Input/output error")])
        return real_read_piece(piece, input_format)

    monkeypatch.setattr(batch, "read_piece", failing_read)
    out = tmp_path / "out"
    report = run_batch([str(corpus)], out, workers=1, shard_size=1)
    assert len(report.failed) == 1 and "b.txt: Input/output error" in report.failed[0]
    assert report.processed == 5  # a.txt, c.txt, feed.jsonl's two slices (a malformed line) and z.warc
    found = {e["source"]: e["reason"] for e in errors(out)}
    assert set(found) == {f"{corpus / 'feed.jsonl'}:2", str(corpus / "z.warc")}
    assert found[str(corpus / "z.warc")] == "empty file"
    assert "Russia protested." in bodies(out)


def test_a_container_that_cannot_be_read_when_planned_is_not_counted_and_its_shard_is_retried(tmp_path,
                                                                                               monkeypatch):
    corpus = write_texts(tmp_path / "in", {"feed.jsonl": json.dumps({"url": "https://x.example/1",
                                                                     "text": "Russia protested."}) + "\n"})
    real_read_piece = batch.read_piece
    broken = True

    def flaky_read(piece, input_format="auto"):
        return iter([InputError(piece.path, "Input/output error")]) if broken else real_read_piece(piece, input_format)

    monkeypatch.setattr(batch, "read_piece", flaky_read)
    out = tmp_path / "out"
    report = run_batch([str(corpus)], out, workers=1, shard_size=1)
    assert len(report.failed) == 1 and report.processed == 0
    assert not (out / "_plan" / "counts.json").exists()  # a count of one error would cut the file wrong for good
    broken = False
    report = run_batch([str(corpus)], out, workers=1, shard_size=1)
    assert (report.processed, report.failed) == (1, [])
    assert bodies(out) == ["Russia protested."]


def test_the_command_reports_a_failed_read_on_stderr_and_exits_1(tmp_path, monkeypatch):
    import typer
    from typer.testing import CliRunner

    from geowire.cli.batch import batch as batch_command
    from geowire.cli.batch import load as load_command

    corpus = write_texts(tmp_path / "in", TEXTS)
    real_plan = batch.plan_shards

    def plan_then_vanish(*args, **kwargs):
        shards = real_plan(*args, **kwargs)
        (corpus / "a.txt").unlink()
        return shards

    monkeypatch.setattr(batch, "plan_shards", plan_then_vanish)
    app = typer.Typer()
    app.command()(batch_command)
    app.command()(load_command)
    result = CliRunner().invoke(app, ["batch", str(corpus), "--out", str(tmp_path / "out"), "--workers", "1",
                                      "--shard-size", "1"])
    assert result.exit_code == 1, result.output
    assert f"{corpus / 'a.txt'}: vanished since the run was planned" in result.output
    assert "2 shards done, 0 skipped (done before), 1 failed" in result.output
    assert "run the same command again to retry" in result.output


# ---- 2. a changed input replaces its old rows -----------------------------------------------

def test_a_touched_input_replaces_its_old_shard_and_each_document_is_once_in_the_output(tmp_path):
    corpus = write_texts(tmp_path / "in", TEXTS)
    out = tmp_path / "out"
    first = run_batch([str(corpus)], out, workers=1, shard_size=2)  # shards [a, b], [c]
    assert (first.processed, first.failed) == (2, [])
    os.utime(corpus / "b.txt")  # touched: same text, a new modification time, so a new shard id
    second = run_batch([str(corpus)], out, workers=1, shard_size=2)
    assert (second.processed, second.skipped, second.superseded, second.failed) == (1, 1, 1, [])
    assert bodies(out) == sorted(TEXTS.values())
    assert done(out) == {s.id for s in plan_shards([str(corpus)], shard_size=2)}
    for table in ("documents", "actors", ERRORS_TABLE):  # the old shard's files are gone from every table
        assert {p.name for p in (out / table).iterdir()} == {f"shard-{i}.parquet" for i in done(out)}
    assert not list((out / SUPERSEDED_DIR).iterdir())


def test_a_rewritten_input_has_only_its_new_text_in_the_output_and_in_the_store(tmp_path):
    from geowire.kb.store import Store

    corpus = write_texts(tmp_path / "in", TEXTS)
    out = tmp_path / "out"
    run_batch([str(corpus)], out, workers=1, shard_size=2)
    (corpus / "a.txt").write_text("Armenia and Turkey closed their border again.", encoding="utf-8")
    report = run_batch([str(corpus)], out, workers=1, shard_size=2)
    assert report.superseded == 1
    assert bodies(out) == sorted(["Armenia and Turkey closed their border again.", TEXTS["b.txt"], TEXTS["c.txt"]])
    with Store(tmp_path / "kb.db") as store:
        loaded = load_batch(out, store)
    assert (loaded.shards, loaded.documents) == (2, 3)


def test_another_shard_size_replaces_the_old_cut_and_other_inputs_in_the_same_output_stay(tmp_path):
    corpus = write_texts(tmp_path / "in", TEXTS)
    other = write_texts(tmp_path / "other", {"d.txt": "Kenya offered to host talks."})
    out = tmp_path / "out"
    run_batch([str(other)], out, workers=1, shard_size=2)
    run_batch([str(corpus)], out, workers=1, shard_size=1)
    report = run_batch([str(corpus)], out, workers=1, shard_size=3)
    assert (report.processed, report.superseded) == (1, 3)
    assert bodies(out) == sorted([*TEXTS.values(), "Kenya offered to host talks."])  # d.txt's shard kept
    assert len(done(out)) == 2


def test_a_replacement_cut_off_half_way_is_finished_by_the_next_run(tmp_path):
    corpus = write_texts(tmp_path / "in", TEXTS)
    out = tmp_path / "out"
    run_batch([str(corpus)], out, workers=1, shard_size=3)
    (old,) = done(out)
    # as if killed right after the first step of `Output.remove_shard`: marker moved, tables still there
    (out / SUPERSEDED_DIR).mkdir(parents=True, exist_ok=True)
    (out / DONE_DIR / old).rename(out / SUPERSEDED_DIR / old)
    os.utime(corpus / "a.txt")
    report = run_batch([str(corpus)], out, workers=1, shard_size=3)
    assert (report.processed, report.superseded) == (1, 0)
    assert bodies(out) == sorted(TEXTS.values())
    assert not (out / "documents" / f"shard-{old}.parquet").exists()
    assert not list((out / SUPERSEDED_DIR).iterdir())


def test_the_other_files_of_a_replaced_shard_are_analysed_again_and_a_vanished_one_is_dropped(tmp_path):
    corpus = write_texts(tmp_path / "in", TEXTS)
    out = tmp_path / "out"
    run_batch([str(corpus)], out, workers=1, shard_size=3)  # one shard: a, b, c
    os.utime(corpus / "a.txt")
    (corpus / "c.txt").unlink()
    report = run_batch([str(corpus / "a.txt")], out, workers=1, shard_size=3)  # a alone, changed
    assert (report.superseded, report.processed, report.failed) == (1, 1, [])
    assert len(report.notes) == 1 and "1 file(s) not among these inputs analysed again" in report.notes[0]
    assert str(corpus / "b.txt") in report.notes[0]  # b shared the old shard: kept, by analysing it anew
    assert bodies(out) == sorted([TEXTS["a.txt"], TEXTS["b.txt"]])  # c is gone, and so are its rows
    again = run_batch([str(corpus / "a.txt")], out, workers=1, shard_size=3)  # the same command: nothing to do
    assert (again.processed, again.skipped, again.superseded, again.notes) == (0, 1, 0, [])
    assert bodies(out) == sorted([TEXTS["a.txt"], TEXTS["b.txt"]])


# ---- 3. no worker outlives its driver ---------------------------------------------------------

# Run as a script: the pool's workers are spawned, and a spawned process imports the parent's main
# script again, so the patch below reaches them; Ray gets SlowShardWorker by value (it is defined in
# __main__). Each document takes a minute: a worker left running would still be at it.
DRIVER = textwrap.dedent('''
    import os
    import time
    from pathlib import Path

    import geowire.batch.engines as engines
    from geowire.model import Document, Dossier, document_id

    STARTED = Path(os.environ["GEOWIRE_TEST_STARTED"])


    class SlowPipeline:
        batch_size = 1

        def __init__(self):
            (STARTED / str(os.getpid())).touch()

        def analyze(self, items):
            for item in items:
                time.sleep(60)
                yield Dossier(document=Document(id=document_id(str(item.content)), body=str(item.content)))


    class SlowShardWorker(engines.ShardWorker):
        def __init__(self):
            self.pipeline = SlowPipeline()


    engines._new_pipeline = SlowPipeline
    engines.ShardWorker = SlowShardWorker

    if __name__ == "__main__":
        from geowire.cli import main

        main()
''')

# Ray's own agents notice a dead raylet late (their last report to the dead GCS times out first,
# up to a minute); they run no shard, and the test ends them itself.
RAY_AGENTS = ("DashboardAgent", "RuntimeEnvAgent", "dashboard/agent.py", "runtime_env/agent")


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rfind(")") + 2:].split()


def _alive(pid: int) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] not in ("Z", "X")  # a zombie has exited, only its entry is left


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _descendants(pid: int) -> set[int]:
    """Every process under `pid` (psutil is not installed: read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (fields := _stat(int(entry))):
            children.setdefault(int(fields[1]), []).append(int(entry))
    found, stack = set(), [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.add(child)
            stack.append(child)
    return found


def _kill_driver_and_watch(tmp_path: Path, args: list[str], workers: int, timeout: float, grace: float,
                           ignore: tuple[str, ...] = (), sig: int = signal.SIGKILL
                           ) -> tuple[set[int], dict[int, str], list[int]]:
    """Start `geowire batch ARGS` with the slow pipeline, wait until `workers` workers hold it,
    send the driver `sig` (kill -9); return the worker pids, every process under the driver (with
    its command line, read before the signal) and those still alive `grace` seconds after it (the
    driver too), but for those whose command line holds one of `ignore` (killed here all the same)."""
    script, started = tmp_path / "driver.py", tmp_path / "started"
    script.write_text(DRIVER, encoding="utf-8")
    started.mkdir()
    corpus = write_texts(tmp_path / "in", {f"{i}.txt": f"Document number {i}." for i in range(4)})
    env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"} | {"GEOWIRE_TEST_STARTED": str(started)}
    with open(tmp_path / "stderr.txt", "wb") as stderr:
        # the driver gets Ctrl-C as a shell's child does: an ignored SIGINT would be inherited
        # through exec (a library in this test process may have set it), and Python then raises
        # no KeyboardInterrupt at all
        driver = subprocess.Popen([sys.executable, str(script), "batch", str(corpus), "--out", str(tmp_path / "out"),
                                   "--shard-size", "1", *args], env=env, stdout=subprocess.DEVNULL, stderr=stderr,
                                  preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    tree: set[int] = set()
    try:
        deadline = time.monotonic() + timeout
        while len(list(started.iterdir())) < workers:
            assert driver.poll() is None, (tmp_path / "stderr.txt").read_text()
            assert time.monotonic() < deadline, f"no {workers} workers in {timeout} s"
            time.sleep(0.2)
        time.sleep(1)  # let the workers take their shards
        worker_pids = {int(p.name) for p in started.iterdir()}
        tree = _descendants(driver.pid) | worker_pids
        commands = {pid: _cmdline(pid) for pid in tree} | {driver.pid: "the driver"}
        watched = {pid for pid in tree if not any(word in commands[pid] for word in ignore)}
        driver.send_signal(sig)
        deadline = time.monotonic() + grace
        while ((left := [p for p in watched if _alive(p)]) or driver.poll() is None) and time.monotonic() < deadline:
            time.sleep(0.2)
        if driver.poll() is None:
            left.append(driver.pid)
        return worker_pids, commands, left
    finally:
        if driver.poll() is None:
            driver.kill()
            driver.wait()
        for pid in tree:  # whatever the assertions say, leave nothing running
            if _alive(pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass


linux_only = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")


@linux_only
def test_pool_workers_exit_at_once_when_the_driver_is_killed(tmp_path):
    workers, others, left = _kill_driver_and_watch(tmp_path, ["--workers", "2"], workers=2, timeout=60, grace=5)
    assert len(workers) == 2 and os.getpid() not in workers
    assert left == [], [(pid, others[pid]) for pid in left]
    assert not list((tmp_path / "out" / DONE_DIR).iterdir())


@linux_only
def test_ctrl_c_stops_the_pool_workers_at_once_and_their_shards_are_left_for_the_next_run(tmp_path):
    # before: leaving the pool's `with` block waited for every queued shard, minutes after the Ctrl-C
    workers, others, left = _kill_driver_and_watch(tmp_path, ["--workers", "2"], workers=2, timeout=60, grace=10,
                                                   sig=signal.SIGINT)
    assert len(workers) == 2
    assert left == [], [(pid, others[pid]) for pid in left]
    assert not list((tmp_path / "out" / DONE_DIR).iterdir())


@linux_only
def test_a_ray_started_by_the_batch_ends_its_workers_when_the_driver_is_killed(tmp_path):
    pytest.importorskip("ray", reason="Ray is not installed (pip install 'geowire[ray]')")
    workers, others, left = _kill_driver_and_watch(tmp_path, ["--engine", "ray", "--workers", "2"], workers=2,
                                                   timeout=180, grace=15, ignore=RAY_AGENTS)
    assert len(workers) == 2
    assert any("raylet" in command for command in others.values())  # a Ray of its own, under the driver
    assert left == [], [(pid, others[pid]) for pid in left]
    assert not list((tmp_path / "out" / DONE_DIR).iterdir())


def test_a_ray_cluster_that_cannot_be_joined_is_a_batch_error_not_a_traceback(tmp_path):
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'geowire[ray]')")
    if ray.is_initialized():
        pytest.skip("a Ray is already initialised in this process: the address would not be used")
    corpus = write_texts(tmp_path / "in", TEXTS)
    with pytest.raises(batch.BatchError, match="cannot start or join Ray at no-such-address"):
        run_batch([str(corpus)], tmp_path / "out", engine="ray", address="no-such-address", shard_size=3)


def test_what_a_directory_holds_that_is_not_a_file_is_left_out_with_a_warning(tmp_path):
    import os

    from geowire.batch import expand_inputs

    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text("Russia and Georgia met in Moscow.")
    os.mkfifo(pages / "pipe")
    (pages / "loop").symlink_to(pages / "loop")
    problems: list[str] = []
    files = expand_inputs([str(pages)], problems)
    assert [os.path.basename(f[0]) for f in files] == ["a.txt"]
    assert len(problems) == 2 and all(p.endswith(": left out") for p in problems)
    assert any("pipe" in p and "not a regular file" in p for p in problems)
    assert any("loop" in p and "symlink loop" in p for p in problems)
