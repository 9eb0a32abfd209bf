#!/usr/bin/env bash
# Fuzzes every target in fuzz/ (bundle import, CSV case-list import, PDF text rendering) for a
# bounded time each, starting from the corpus kept in fuzz/corpus/<target>/.
#
#   tests/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     e.g. tests/fuzz.sh 300
#
# SECONDS_PER_TARGET defaults to 60. New inputs found along the way go to a scratch folder, not
# into the kept corpus; an input that crashes a target is saved under fuzz/artifacts/<target>/
# (replay it with `RUSTC_BOOTSTRAP=1 cargo fuzz run <target> <file>`, then add it to
# tests/bad_input.rs). Exits 1 if any target crashed. `make test` does not run this: it is slow.
# FUZZ_MERGE=1 merges the new inputs that reach new code into fuzz/corpus/<target>/.
#
# cargo-fuzz passes nightly-only flags (-Z) to rustc; RUSTC_BOOTSTRAP=1 lets the stable
# toolchain accept them. FUZZ_SANITIZER=none runs without AddressSanitizer where it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
sanitizer=${FUZZ_SANITIZER:-address}
export RUSTC_BOOTSTRAP=1

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo fuzz list)

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
summary=()
failed=0
for target in "${targets[@]}"; do
    echo "== $target: fuzzing for ${seconds}s"
    mkdir -p "$scratch/$target"
    log="$scratch/$target.log"
    # Progress lines only; the whole output is in the log.
    set +e
    cargo fuzz run --sanitizer "$sanitizer" "$target" "$scratch/$target" "fuzz/corpus/$target" -- \
        -max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 -print_final_stats=1 2>&1 |
        tee "$log" | grep --line-buffered -E '^(#[0-9]+[[:space:]]+(INITED|DONE)|==[0-9]+==|SUMMARY|Done|error)'
    status=${PIPESTATUS[0]}
    set -e
    runs=$(grep -oE '^stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo "?")
    if [ "$status" -eq 0 ] && [ "${FUZZ_MERGE:-0}" = 1 ]; then
        cargo fuzz run --sanitizer "$sanitizer" "$target" "fuzz/corpus/$target" "$scratch/$target" -- -merge=1 >/dev/null 2>&1
    fi
    if [ "$status" -eq 0 ]; then
        summary+=("$target: ${seconds}s, $runs executions, no crash")
    else
        failed=1
        summary+=("$target: CRASHED after $runs executions (exit $status); see fuzz/artifacts/$target/ and $log")
        cp "$log" "fuzz/artifacts/$target.log" 2>/dev/null || true
    fi
done

echo
printf '%s\n' "${summary[@]}"
exit $failed
