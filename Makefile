# MDT Assistant: two commands.
#   make run   installs what is missing, builds, and opens the app on its default database
#   make test  installs what is missing, builds, and runs every test (Rust, frontend, desktop end-to-end,
#              and the Debian package installed and started)
#   make package  builds the installable Debian package (release build) into target/package/
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

.PHONY: help run test setup system-deps tauri-driver node-check build test-rust test-ui test-e2e types clean \
	package package-debug test-package check-windows windows-deps windows-app windows-installer

help:
	@echo "make run    set up (if needed) and open MDT Assistant on its default database"
	@echo "make test   set up (if needed) and run every test"
	@echo "make types  regenerate the TypeScript types from the Rust types"
	@echo "make package  build the Debian package (target/package/mdt-assistant_VERSION_amd64.deb)"
	@echo "make check-windows  check the core and the mdt CLI build for Windows (MinGW-w64)"

run: setup build
	./$(APP) $(ARGS)

test: setup build test-rust test-ui test-e2e test-package check-windows

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

# --- the Debian package ----------------------------------------------------------------
# The Tauri CLI (pinned in ui/package.json) bundles the binary cargo built: menu entry, icons,
# Depends on WebKitGTK 4.1 and GTK 3, version from the workspace's Cargo.toml. The package gets
# Debian's usual file name, mdt-assistant_VERSION_ARCH.deb (the bundler names it after the product).
TAURI := $(CURDIR)/ui/node_modules/.bin/tauri
VERSION = $(shell sed -n 's/^version = "\(.*\)"$$/\1/p' Cargo.toml | head -1)
DEB_ARCH = $(shell dpkg --print-architecture)

# For users: a release build, then the package.
package: setup ui/dist/index.html
	cd src-tauri && $(TAURI) build --bundles deb --ci
	mkdir -p target/package
	cp "target/release/bundle/deb/MDT Assistant_$(VERSION)_$(DEB_ARCH).deb" target/package/mdt-assistant_$(VERSION)_$(DEB_ARCH).deb
	@echo "Built target/package/mdt-assistant_$(VERSION)_$(DEB_ARCH).deb"

# For the test: the same bundler on the debug build that `make build` made (a release build takes
# many minutes on two cores; the package is made the same way, only the binary is unoptimised).
package-debug: build ui/node_modules/.package-lock.json
	cd src-tauri && $(TAURI) bundle --debug --bundles deb --ci
	mkdir -p target/package-debug
	cp "target/debug/bundle/deb/MDT Assistant_$(VERSION)_$(DEB_ARCH).deb" target/package-debug/mdt-assistant_$(VERSION)_$(DEB_ARCH).deb

# Installs the package as a user would (apt-get install ./file.deb), starts the installed program
# under Xvfb through WebDriver, and removes the package again, whether the test passed or not.
test-package: package-debug tests/e2e/node_modules/.package-lock.json
	@if dpkg-query -W -f='$${Status}' mdt-assistant 2>/dev/null | grep -q 'ok installed'; then \
		echo "Removing the mdt-assistant package left by an earlier run"; \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get remove -y -qq mdt-assistant; \
	fi
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq ./target/package-debug/mdt-assistant_$(VERSION)_$(DEB_ARCH).deb
	status=0; \
	(cd tests/e2e && MDT_APP=/usr/bin/mdt-desktop xvfb-run -a --server-args="-screen 0 1400x900x24" \
		dbus-run-session -- node --test --test-concurrency=1 --test-timeout=240000 installed_package.mjs) || status=$$?; \
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get remove -y -qq mdt-assistant; \
	if dpkg-query -W -f='$${Status}' mdt-assistant 2>/dev/null | grep -q 'ok installed' || [ -e /usr/bin/mdt-desktop ]; then \
		echo "mdt-assistant is still installed after apt-get remove"; exit 1; \
	fi; \
	exit $$status

# --- Windows -----------------------------------------------------------------------------
# Checks that the core and the mdt CLI build for Windows with MinGW-w64 from Debian. Not part of
# `make test`: a second full build of the core takes several minutes on two cores.
WINDOWS_TARGET := x86_64-pc-windows-gnu

windows-deps:
	@dpkg-query -W -f='$${Status}\n' gcc-mingw-w64-x86-64 2>/dev/null | grep -q '^install ok installed' || { \
		$(SUDO) apt-get update -qq; DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq gcc-mingw-w64-x86-64; }
	@rustup target list --installed | grep -qx $(WINDOWS_TARGET) || rustup target add $(WINDOWS_TARGET)

# In `make test` (last): without debug info the cross build of the core and the CLI takes about
# three minutes on a fresh clone (167 s here on 2026-12-02), not the thirteen it took with it.
check-windows: windows-deps
	CARGO_PROFILE_DEV_DEBUG=0 cargo build --locked --target $(WINDOWS_TARGET) -p mdt
	@file target/$(WINDOWS_TARGET)/debug/mdt.exe | grep -q 'PE32+ executable' && echo "Built target/$(WINDOWS_TARGET)/debug/mdt.exe"

# The desktop app for Windows, cross-built the same way (built here: mdt-desktop.exe with
# WebView2Loader.dll beside it; 22 minutes on this busy machine).
windows-app: windows-deps ui/dist/index.html
	cargo build --locked --target $(WINDOWS_TARGET) -p mdt-desktop

# Its NSIS installer. Here it stops where the Tauri bundler downloads its NSIS plugin
# (nsis_tauri_utils.dll) from GitHub, which this machine cannot reach; see README, Windows.
windows-installer: windows-app
	@command -v makensis >/dev/null || { $(SUDO) apt-get update -qq; DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nsis; }
	cd src-tauri && $(TAURI) bundle --debug --target $(WINDOWS_TARGET) --bundles nsis --ci

types:
	MDT_WRITE_BINDINGS=1 cargo test --locked --test typescript_bindings

clean:
	cargo clean
	rm -rf ui/dist ui/node_modules tests/e2e/node_modules target/package target/package-debug
