# Two commands set everything up on a fresh Debian/Ubuntu machine: `make demo` and `make test`.
SHELL := /bin/bash
CARGO ?= cargo
# Debian's Tesseract uses OpenMP: without this each page costs ~5x the CPU. sohoa sets it for
# itself; this covers the tests and anything else started from make.
export OMP_THREAD_LIMIT := 1

DEBIAN_PACKAGES := tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng libtesseract-dev \
	libleptonica-dev libclang-dev clang pkg-config poppler-utils
DEMO := target/demo

.PHONY: all deps build demo test lint corpus samples clean

all: build

# Install the Debian packages that are missing (as root, or through sudo).
deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi
	@command -v $(CARGO) >/dev/null || { \
	  echo "sohoa needs Rust 1.88 or newer (cargo): install it with your distribution's rustup or cargo package"; exit 1; }

build: deps
	$(CARGO) build --release

# Run the sample batch into a fresh catalog, then again to show that nothing is done twice.
demo: build
	rm -rf $(DEMO)
	@echo "== first run: every file is read =="
	./target/release/sohoa --catalog $(DEMO)/catalog.sqlite run samples/batch --jsonl $(DEMO)/batch.jsonl
	@echo
	@echo "== second run: nothing to do =="
	./target/release/sohoa --catalog $(DEMO)/catalog.sqlite run samples/batch --quiet
	@echo
	@echo "Catalog: $(DEMO)/catalog.sqlite   store: $(DEMO)/store/   per-file records: $(DEMO)/batch.jsonl"

test: deps
	$(CARGO) test

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings

# Robustness: every file of ../shared/corpus must be processed or failed with a reason.
corpus: build
	./scripts/corpus-check ../shared/corpus

# Regenerate the sample batch (needs Python with pillow, numpy, reportlab; and qpdf).
samples:
	python3 samples/generate.py

clean:
	$(CARGO) clean
