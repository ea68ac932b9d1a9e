# QDLab build entry points. The README's Quick start uses two: `make demo` and `make test`.
# Both install missing system packages first (Debian/Ubuntu via apt-get; macOS via Homebrew), then build.

SWIFT ?= swift
DEB_PACKAGES := libopenblas-dev liblapacke-dev libxgboost-dev libnlopt-dev libsvm-dev libsqlite3-dev libpng-dev libtiff-dev pkg-config
BREW_PACKAGES := xgboost nlopt libsvm libpng libtiff pkg-config
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
UNAME := $(shell uname -s)
# One BLAS thread per process: the test runner already runs suites in parallel, and OpenBLAS's own threads
# oversubscribe small machines (a GP fit took 530 s wall for 37 s CPU on 2 cores). Override on the command line.
export OPENBLAS_NUM_THREADS ?= 1
RELEASE_BIN = $(shell $(SWIFT) build -c release --show-bin-path)/qdlab

.PHONY: deps build demo test bench clean

## deps: install the C libraries QDLab links (only what is missing, so repeat runs are fast)
deps:
	@command -v $(SWIFT) >/dev/null || { echo "error: swift not found on PATH. Install Swift 6 (https://www.swift.org/install) and retry."; exit 1; }
ifeq ($(UNAME),Darwin)
	@command -v brew >/dev/null || { echo "error: Homebrew is needed on macOS for $(BREW_PACKAGES)."; exit 1; }
	@brew list $(BREW_PACKAGES) >/dev/null 2>&1 || brew install $(BREW_PACKAGES)
else
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:" $$missing; \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
endif

## build: release build of the qdlab command
build: deps
	$(SWIFT) build -c release --product qdlab

## demo: the main job (today: a tour of what works), on a release build
demo: build
	@bash scripts/demo.sh "$(RELEASE_BIN)"

## test: the whole test suite
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## bench: benchmarks side by side with the Python anchors (see bench/README.md)
bench: build
	@bash bench/run.sh "$(RELEASE_BIN)"

clean:
	rm -rf .build
