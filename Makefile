# geowire — the two commands:  make run  (set up, analyse the example page)  and  make test.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DB ?= geowire.db
EXAMPLE := examples/commonspace-russia-south-ossetia-treaty.txt
export GEOWIRE_DATA ?= $(abspath ../shared)

.PHONY: setup browser run test eval check-data train-speech check-speech-model bench bench-batch fuzz lock schema clean

# The virtualenv, from the hash-pinned lock files only (spaCy's model included); redone when they change.
$(VENV)/.installed: requirements/main.lock requirements/dev.lock pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/main.lock -r requirements/dev.lock 2>&1 | { grep -v "^WARNING: Location" || true; }
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e . 2>&1 | { grep -v "^WARNING: Location" || true; }
	touch $@

setup: $(VENV)/.installed

## Analyse the example page into the embedded store and print its dossier.
run: setup
	$(BIN)/geowire analyze $(EXAMPLE) --db $(DB)

## Debian's chromium for the browser tests (Playwright drives it; no browser download of its own).
browser:
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

## The unit tests (no ../shared needed).
test: setup browser
	$(BIN)/pytest -q

## Evaluations on real data in $(GEOWIRE_DATA), with the bars CI holds the project to.
# The example page against its gold: document and actors (foundation), events (PLOVER),
# agreements, attributions, quotes, amounts and times; related.1 is the Germany teaser, related.2 Borrell's.
EXAMPLE_BARS := document.score=1 related.1.document.score=1 related.2.document.score=1 \
	actors.f1=0.85 related.1.actors.f1=0.85 related.2.actors.f1=0.85 \
	events.f1=0.8 related.1.events.f1=0.8 related.2.events.f1=0.8 \
	agreements.recall=1 agreements.fields=0.9 agreements.provisions.f1=0.8 \
	related.1.attributions.recall=1 related.1.attributions.fields=0.8 \
	quotes.f1=0.8 related.1.quotes.f1=0.8 related.2.quotes.f1=0.8 \
	amounts.f1=1 times.f1=0.85

eval: setup check-data
	$(BIN)/python benchmarks/score_examples.py $(addprefix --min ,$(EXAMPLE_BARS))
	$(BIN)/python benchmarks/bench_clean_dumps.py --min-f1 0.85
	$(BIN)/python benchmarks/bench_html_extraction.py --min-f1 0.96 --min-speed-ratio 0.75
	$(BIN)/python benchmarks/eval_events.py --min-example-f1 0.8 --min-gsr-f1 0.65 --min-country-acc 0.9 --min-recipient-acc 0.75
	$(BIN)/python benchmarks/eval_relevance.py --min-political-share 0.55 --max-nonpolitical-rate 0.09
	$(BIN)/python benchmarks/eval_wordings.py --min-held weak-types=0.8 --min-held other-types=0.75
	$(BIN)/python benchmarks/eval_devset.py --min-document 0.95 --min-agreements-f1 0.85 --min-agreements-fields 0.85 --min-attributions-f1 0.8 --min-attributions-fields 0.85
	$(BIN)/python benchmarks/eval_speech.py --split dev --min-precision 0.85 --min-speaker-acc 0.9 --min-f1 0.75 --min-indirect-recall 0.6

## The compiled data files are exactly what their build scripts make of the field's resources in $(GEOWIRE_DATA).
check-data: setup
	$(BIN)/python scripts/build_cameo.py --check
	$(BIN)/python scripts/build_discards.py --check
	tmp=$$(mktemp -d) && $(BIN)/python scripts/build_phoenix.py --out $$tmp >/dev/null \
		&& cmp $$tmp/phoenix_actors.json geowire/data/phoenix_actors.json \
		&& cmp $$tmp/phoenix_agents.json geowire/data/phoenix_agents.json && echo "build_phoenix: up to date"
	tmp=$$(mktemp -d) && $(BIN)/python scripts/mine_speech_cues.py --out $$tmp/speech_cues.yaml >/dev/null \
		&& cmp $$tmp/speech_cues.yaml geowire/data/speech_cues.yaml && echo "mine_speech_cues: up to date"

## Train the learned speech-cue scorer on PolNeAR's tune split: geowire/data/speech_model.json (about 6 min here).
train-speech: setup
	$(BIN)/python scripts/train_speech.py

## The committed scorer is exactly what train-speech makes (not in check-data: it parses 700 articles).
check-speech-model: setup
	tmp=$$(mktemp -d) && $(BIN)/python scripts/train_speech.py --out $$tmp/speech_model.json 2>/dev/null \
		&& cmp $$tmp/speech_model.json geowire/data/speech_model.json && echo "train_speech: up to date"

## Everything eval prints, plus speed per stage against a bare spaCy pass, peak memory, and the API under load.
bench: eval
	$(BIN)/python benchmarks/bench_speed.py
	$(BIN)/python benchmarks/bench_api_load.py

## Batch throughput with 1 and 2 workers over ≥ 2,000 documents (about half an hour here).
bench-batch: setup
	$(BIN)/python benchmarks/bench_batch.py

## The long fuzz run: 100,000 inputs over every reader, cleaning and analysis (about half an hour here).
fuzz: setup
	$(BIN)/python benchmarks/fuzz.py --inputs 100000

## Re-pin every dependency with hashes (needs uv: pip install uv).
lock:
	uv pip compile requirements/main.in --generate-hashes --python-version 3.11 -o requirements/main.lock
	uv pip compile requirements/dev.in --generate-hashes --python-version 3.11 -o requirements/dev.lock

## Regenerate the checked-in JSON Schema of the dossier.
schema: setup
	$(BIN)/geowire schema > geowire/schema/dossier.schema.json

clean:
	rm -rf $(VENV) .pytest_cache $(DB) $(DB)-wal $(DB)-shm
