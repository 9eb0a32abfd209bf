# MDT Assistant: two commands.
#   make run   installs what is missing, builds, and opens the app on its default database
#   make test  installs what is missing, builds, and runs every test (Rust, frontend, desktop end-to-end)
# Each install step checks first, so a second run installs nothing.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Build and run-time needs of Tauri on Debian 12, plus what the end-to-end tests drive the app with.
APT_PACKAGES := build-essential pkg-config file curl libwebkit2gtk-4.1-dev libxdo-dev libssl-dev \
	librsvg2-dev webkit2gtk-driver xvfb xauth dbus python3 poppler-utils
TAURI_DRIVER_VERSION := 2.1.0

APP := target/debug/mdt-desktop
UI_SOURCES := $(shell find ui/src ui/index.html ui/vite.config.ts ui/tsconfig.json -type f 2>/dev/null)

.PHONY: help run test setup system-deps tauri-driver node-check build test-rust test-ui test-e2e types clean

help:
	@echo "make run    set up (if needed) and open MDT Assistant on its default database"
	@echo "make test   set up (if needed) and run every test"
	@echo "make types  regenerate the TypeScript types from the Rust types"

run: setup build
	./$(APP) $(ARGS)

test: setup build test-rust test-ui test-e2e

setup: system-deps node-check tauri-driver ui/node_modules/.package-lock.json tests/e2e/node_modules/.package-lock.json

# --- installs --------------------------------------------------------------------------

system-deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages: $$missing"; \
		$(SUDO) apt-get update -qq; \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

node-check:
	@command -v node >/dev/null || { echo "Installing Node.js"; $(SUDO) apt-get update -qq; DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm; }
	@node -e 'const [maj, min] = process.versions.node.split(".").map(Number); if (maj < 20 || (maj === 20 && min < 19)) { console.error("Node.js 20.19 or newer is needed for the UI build; found " + process.versions.node); process.exit(1); }'

tauri-driver:
	@command -v tauri-driver >/dev/null || cargo install tauri-driver --locked --version $(TAURI_DRIVER_VERSION)

ui/node_modules/.package-lock.json: ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund
	@touch $@

tests/e2e/node_modules/.package-lock.json: tests/e2e/package-lock.json
	cd tests/e2e && npm ci --no-audit --no-fund
	@touch $@

# --- build -----------------------------------------------------------------------------

ui/dist/index.html: $(UI_SOURCES) ui/node_modules/.package-lock.json
	cd ui && npm run build

# The UI is embedded into the binary at compile time, so it is built first.
build: ui/dist/index.html
	cargo build --locked -p mdt -p mdt-desktop

# --- tests -----------------------------------------------------------------------------

# Core, CLI and the generated-types freshness check. Builds only the core: no WebKit needed.
test-rust:
	cargo test --locked

test-ui: ui/node_modules/.package-lock.json
	cd ui && npm run check && npm test

# The real app in a virtual X display, with a session bus for the single-instance check.
test-e2e: build tests/e2e/node_modules/.package-lock.json
	rm -rf target/e2e-screenshots
	cd tests/e2e && MDT_APP=$(CURDIR)/$(APP) xvfb-run -a --server-args="-screen 0 1400x900x24" \
		dbus-run-session -- npm test
	@echo "Screenshots: target/e2e-screenshots/"

types:
	MDT_WRITE_BINDINGS=1 cargo test --locked --test typescript_bindings

clean:
	cargo clean
	rm -rf ui/dist ui/node_modules tests/e2e/node_modules
