#!/usr/bin/env bash
# Whole-app figures: start-up to the first screen being interactive, and memory with the chair
# view open, for the app on the ten-year dataset next to an empty Tauri window built the same way,
# in one run. Release builds of both; results go to target/bench-data/whole_app.json.
#   benches/whole_app.sh            (RUNS=5 by default; TAURI_DRIVER_PORT to pick the WebDriver port)
#   SCREENS_ONLY=1 benches/whole_app.sh   only the screens' timings, the app as shipped (quicker)
#   MDT_DATASET=/dev/shm/mine/ten-year.sqlite3  use (or make and keep) the dataset there instead of a new one
# Needs what `make test` sets up: the Debian packages, tauri-driver, ui/ and tests/e2e/ node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
target=${CARGO_TARGET_DIR:-$root/target}

(cd ui && npm run build >/dev/null)
cargo build --release --locked -p mdt -p mdt-desktop --bins --example empty_window

# The dataset and each run's copy of it live in memory (tmpfs), not on the shared disk: about
# 550 MB each, plus the daily backup the app takes of it when it starts. Either way the file is
# in memory when the app opens it, as it is for a team that opens the app every day (a warm start).
scratch=$(mktemp -d "${MDT_SCRATCH_DIR:-/dev/shm}/mdt-whole-app.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
dataset=${MDT_DATASET:-$scratch/ten-year.sqlite3}
if [ ! -f "$dataset" ]; then
  "$target/release/mdt" --db "$dataset" generate --years 10 --seed 1
  rm -rf "$scratch/logs"
fi

mkdir -p "$target/bench-data"
cd tests/e2e
MDT_APP=$target/release/mdt-desktop MDT_EMPTY=$target/release/examples/empty_window MDT_CLI=$target/release/mdt \
MDT_DATASET=$dataset MDT_SCRATCH=$scratch MDT_RESULTS=$target/bench-data/whole_app.json \
  xvfb-run -a --server-args="-screen 0 1400x900x24" dbus-run-session -- node whole_app.mjs
