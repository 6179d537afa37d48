# Two commands set everything up on a fresh Debian/Ubuntu machine: `make demo` and `make test`.
SHELL := /bin/bash
CARGO ?= cargo
# Debian's Tesseract uses OpenMP: without this each page costs ~5x the CPU. sohoa sets it for
# itself; this covers the tests and anything else started from make.
export OMP_THREAD_LIMIT := 1

DEBIAN_PACKAGES := tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng libtesseract-dev \
	libleptonica-dev libclang-dev clang pkg-config libssl-dev poppler-utils
# The tests start their own throwaway PostgreSQL server (initdb in a temporary folder) for the
# shared catalog and queue; pg_dump is what `sohoa backup` runs on such a catalog; openssl makes
# the certificates of the one that tests TLS.
TEST_PACKAGES := postgresql postgresql-client openssl
# What scripts/bench-e2e needs besides the above: the peers it is measured against and the PDF tools.
BENCH_PACKAGES := ocrmypdf img2pdf poppler-utils
DEMO := target/demo

.PHONY: all deps build demo report-check test lint bench bench-deps bench-e2e corpus fuzz samples clean

all: build

# Install the Debian packages that are missing (as root, or through sudo).
# $(call install-missing,PACKAGES): install those of the Debian PACKAGES that are missing.
define install-missing
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi
endef

deps:
	$(call install-missing,$(DEBIAN_PACKAGES))
	@command -v $(CARGO) >/dev/null || { \
	  echo "sohoa needs Rust 1.88 or newer (cargo): install it with your distribution's rustup or cargo package"; exit 1; }

build: deps
	$(CARGO) build --release

# Import the sample dossiers, run the sample batches into a fresh catalog, print the rate table,
# then run again to show that nothing is done twice.
demo: build
	rm -rf $(DEMO)
	@echo "== dossiers from the one-stop system's export =="
	./target/release/sohoa --catalog $(DEMO)/catalog.sqlite dossiers import samples/dossiers.csv
	@echo
	@echo "== first run: every file is read, classified and linked =="
	./target/release/sohoa --catalog $(DEMO)/catalog.sqlite run samples/batch $(wildcard samples/dossiers) --jsonl $(DEMO)/batch.jsonl
	@echo
	@echo "== second run: nothing to do =="
	./target/release/sohoa --catalog $(DEMO)/catalog.sqlite run samples/batch $(wildcard samples/dossiers) --quiet
	@echo
	@echo "== search: diacritics, case and OCR's confusions do not matter =="
	./target/release/sohoa --catalog $(DEMO)/catalog.sqlite search tran phu --limit 5
	@echo
	@echo "== near-duplicates: re-scans of documents already on file =="
	@grep -o '"path":"[^"]*"\|"near_duplicate_of":"[0-9a-f]\{16\}' $(DEMO)/batch.jsonl | grep -B1 near_duplicate_of | paste - - || true
	@echo
	@echo "== reuse: a new dossier whose owner's ID card is already digitized =="
	./target/release/sohoa --catalog $(DEMO)/catalog.sqlite dossiers import samples/dossiers-new.csv
	./target/release/sohoa --catalog $(DEMO)/catalog.sqlite reuse --dossier 000.00.15.H30-251110-0001
	./target/release/sohoa --catalog $(DEMO)/catalog.sqlite reuse --dossier 000.00.15.H30-251110-0001 --all
	@echo
	@echo "== digitization rates =="
	./target/release/sohoa --catalog $(DEMO)/catalog.sqlite report
	./target/release/sohoa --catalog $(DEMO)/catalog.sqlite report --format html -o $(DEMO)/report.html
	@echo
	@echo "== export every dossier as a BagIt bag, then verify the bags and the store =="
	./target/release/sohoa --catalog $(DEMO)/catalog.sqlite export --all -o $(DEMO)/bags | tail -n 1
	./target/release/sohoa --catalog $(DEMO)/catalog.sqlite verify $(DEMO)/bags/*/
	./target/release/sohoa --catalog $(DEMO)/catalog.sqlite verify
	@echo
	@echo "Catalog: $(DEMO)/catalog.sqlite  store: $(DEMO)/store/  records: $(DEMO)/batch.jsonl  report: $(DEMO)/report.html  bags: $(DEMO)/bags/"

# Render the demo's HTML report in headless Chromium (installed from Debian when missing) and
# check it shows the title and its charts; screenshots go beside it.
report-check: demo
	@command -v chromium >/dev/null || { sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; 	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq chromium; }
	./scripts/check-html $(DEMO)/report.html $(DEMO)/report-desktop.png 1280,2400
	./scripts/check-html $(DEMO)/report.html $(DEMO)/report-phone.png 390,2400

test: deps
	$(call install-missing,$(TEST_PACKAGES))
	$(CARGO) test

# Micro-benchmarks (criterion): search over a 100,000-page catalog; then the end-to-end benchmark.
bench: build bench-deps
	$(CARGO) bench
	./scripts/bench-e2e $(BENCH_ARGS)

# Install the Debian packages the end-to-end benchmark needs when missing (as root, or through sudo).
bench-deps:
	$(call install-missing,$(BENCH_PACKAGES))

# End to end: sohoa against the parallel tesseract CLI and OCRmyPDF on the sample scans, plus the
# memory and re-run checks; prints PASS/FAIL per target, writes target/bench/e2e.json. Quick run:
# make bench-e2e BENCH_ARGS="--pages 20 --no-scale"
bench-e2e: build bench-deps
	./scripts/bench-e2e $(BENCH_ARGS)

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings

# Robustness: every file of ../shared/corpus must be processed or failed with a reason.
corpus: build
	./scripts/corpus-check ../shared/corpus

# Fuzz the parsers (decoders, dossier import, pipeline TOML) for FUZZ_SECONDS each with
# cargo-fuzz (installed from crates.io when missing). The toolchain here is stable; cargo-fuzz
# needs nightly flags, which RUSTC_BOOTSTRAP=1 allows. Crashes land in fuzz/artifacts/; copy each
# into fuzz/regressions/<target>/ once fixed: `make test` replays them. See docs/FUZZING.md.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := decode dossier_import pipeline_toml
fuzz: deps
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p fuzz/corpus/$$t; \
	  RUSTC_BOOTSTRAP=1 $(CARGO) fuzz run --fuzz-dir fuzz $$t fuzz/corpus/$$t fuzz/seeds/$$t -- \
	    -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 -timeout=30 || exit 1; \
	done

# Regenerate the sample batch (needs Python with pillow, numpy, reportlab; and qpdf).
samples:
	python3 samples/generate.py

clean:
	$(CARGO) clean
