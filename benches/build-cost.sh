#!/usr/bin/env bash
# What the build script costs the users of the bindings crate: a cold `cargo build --release` of
# the crate as it is (build.rs runs qmpgen on spec/qmp-events.txt) against the same crate with
# the checked-in generated/qmp_events.rs included directly (no build script, no qmpgen, nom, syn,
# quote, prettyplease), and the rebuild after a one-line edit of the spec.
#
# Usage: benches/build-cost.sh [ROUNDS]      (from anywhere; ROUNDS defaults to 3)
#
# Method:
#  1. `cargo fetch` once (skipped with OFFLINE=1), then every build runs with `--offline`: the
#     registry cache is local, the network plays no part in the figures.
#  2. Two copies of the bindings crate in a temporary directory (the workspace without the
#     test-only conformance crate, the Cargo.lock of the repository; both with the runtime
#     crate, runtime/, which the bindings depend on either way):
#       with-build-script   as it is: build.rs, `qmpgen` build-dependency (generator/ copied);
#       pregenerated        build.rs removed, `[build-dependencies]` and the `qmpgen`
#                           dev-dependency dropped (qmpgen stays only as the `cli` feature's
#                           dependency: `qmp-events validate --spec FILE` reads documents), src/lib.rs includes
#                           generated/qmp_events.rs instead of OUT_DIR/qmp_events.rs.
#  3. For each of three builds, ROUNDS cold `cargo build --release` of each copy: the library
#     without default features (`--lib --no-default-features`, what a crate depending on the
#     bindings with `default-features = false` compiles), the library with the default `cli`
#     feature (`--lib`), and the plain command (library and the `qmp-events` binary, default
#     features); alternating between the copies, each with its own fresh CARGO_TARGET_DIR; the
#     median wall-clock time of each, and
#     the median CPU time (user + system of cargo and the compilers it runs): on a machine whose
#     speed drifts the CPU time spreads less, and with few cores it is what the wall time follows.
#  4. On the last cold builds without default features, ROUNDS times: append a word to the
#     description of BLOCK_IO_ERROR in spec/qmp-events.txt of the with-build-script copy and
#     rebuild it; append a word to the same description in generated/qmp_events.rs of the
#     pregenerated copy and rebuild that; medians. The first is the rebuild after a spec edit;
#     the difference is what the build script adds to it (the library compiles in both).
#
# Set TIMINGS=1 to keep cargo's `--timings` HTML reports of the last round (printed paths) to see
# which crates sit on the critical path. Set KEEP=1 to keep the temporary directory.
set -euo pipefail

rounds="${1:-3}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/qmp-events-build-cost.XXXXXX")"
if [[ "${KEEP:-0}" != 1 ]]; then
    trap 'rm -rf "$work"' EXIT
fi
unset RUSTC_WRAPPER CARGO_BUILD_RUSTC_WRAPPER
export CARGO_INCREMENTAL=0

if [[ "${OFFLINE:-0}" != 1 ]]; then
    cargo fetch --manifest-path "$root/Cargo.toml" --quiet
fi

# The repository's files the bindings crate needs to build (no target/, no .git, no conformance).
copy_crate() {
    local dest="$1"
    mkdir -p "$dest"
    cp -r "$root/Cargo.toml" "$root/Cargo.lock" "$root/build.rs" "$root/src" "$root/spec" \
        "$root/generated" "$root/generator" "$root/runtime" "$root/benches" "$root/tests" "$dest/"
    if [[ -d "$root/examples" ]]; then cp -r "$root/examples" "$dest/"; fi
    rm -rf "$dest/generator/target" "$dest/runtime/target"
    # The test-only conformance crate is not part of what users build.
    sed -i 's/^members = \["runtime", "generator", "conformance"\]/members = ["runtime", "generator"]/' \
        "$dest/Cargo.toml"
    grep -q '^members = \["runtime", "generator"\]' "$dest/Cargo.toml" ||
        { echo "build-cost.sh: the workspace members are not what this script expects" >&2; exit 2; }
}

with_script="$work/with-build-script"
pregenerated="$work/pregenerated"
copy_crate "$with_script"
copy_crate "$pregenerated"

# The pregenerated copy: no build script, and qmpgen only where the `cli` feature's binary reads
# documents at run time (`--spec FILE`), which both copies compile alike.
(
    cd "$pregenerated"
    rm -rf build.rs
    sed -i -e '/^build = "build.rs"$/d' \
        -e '/^qmpgen = { path = "generator", default-features = false, features = \["codegen"\] }$/d' \
        -e '/^qmpgen = { path = "generator", default-features = false, features = \["analysis", "codegen"\] }$/d' \
        -e '/^\[build-dependencies\]$/d' Cargo.toml
    sed -i 's|include!(concat!(env!("OUT_DIR"), "/qmp_events.rs"));|include!("../generated/qmp_events.rs");|' \
        src/lib.rs
    grep -q 'include!("../generated/qmp_events.rs")' src/lib.rs ||
        { echo "build-cost.sh: src/lib.rs no longer includes OUT_DIR/qmp_events.rs" >&2; exit 2; }
    [[ "$(grep -c '^qmpgen = ' Cargo.toml)" == 1 ]] && grep -q '^qmpgen = .*optional = true' Cargo.toml ||
        { echo "build-cost.sh: the pregenerated copy depends on qmpgen other than for the cli feature" >&2; exit 2; }
)

now() { date +%s.%N; }

# One cold `cargo build --release` of crate $1 with the arguments $2 (what to build, which
# features) into the fresh target dir $3; prints the seconds it took, wall clock and CPU (user +
# system, of cargo and every rustc).
cold_build() {
    local crate="$1" args="$2" target="$3" timings=() times
    rm -rf "$target"
    if [[ "${TIMINGS:-0}" == 1 ]]; then timings=(--timings); fi
    # shellcheck disable=SC2086 # $args is empty or flags without spaces in them
    times="$( { TIMEFORMAT='%R %U %S'; time CARGO_TARGET_DIR="$target" cargo build --release \
        --offline --quiet $args "${timings[@]}" --manifest-path "$crate/Cargo.toml" \
        2>/dev/null; } 2>&1 )"
    read -r wall user system <<<"$times"
    echo "$wall $(echo "$user + $system" | bc)"
}

# The rebuild of the library of crate $1 (no default features) in target dir $2, after an edit;
# prints the seconds it took.
rebuild() {
    local crate="$1" target="$2" start end
    start="$(now)"
    CARGO_TARGET_DIR="$target" cargo build --release --lib --offline --quiet \
        --no-default-features --manifest-path "$crate/Cargo.toml"
    end="$(now)"
    echo "$end - $start" | bc
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "rustc: $(rustc --version); cargo build --release --offline; $rounds rounds; $(nproc) CPUs"
echo "| build | with build script (s) | pregenerated (s) | ratio | CPU with (s) | CPU without (s) | CPU ratio |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for args in "--lib --no-default-features" "--lib" ""; do
    case "$args" in
        "--lib --no-default-features") label="--lib --no-default-features (the library alone)" ;;
        "--lib") label="--lib (default features: cli)" ;;
        *) label="plain (library and the qmp-events binary, default features)" ;;
    esac
    script_times=()
    plain_times=()
    script_cpu=()
    plain_cpu=()
    for round in $(seq "$rounds"); do
        read -r wall cpu <<<"$(cold_build "$with_script" "$args" "$work/target-script")"
        script_times+=("$wall")
        script_cpu+=("$cpu")
        read -r wall cpu <<<"$(cold_build "$pregenerated" "$args" "$work/target-plain")"
        plain_times+=("$wall")
        plain_cpu+=("$cpu")
        echo "  round $round ($label): with build script ${script_times[-1]} s" \
            "(CPU ${script_cpu[-1]} s), pregenerated ${plain_times[-1]} s (CPU ${plain_cpu[-1]} s)" >&2
    done
    script="$(printf '%s\n' "${script_times[@]}" | median)"
    plain="$(printf '%s\n' "${plain_times[@]}" | median)"
    cpu_script="$(printf '%s\n' "${script_cpu[@]}" | median)"
    cpu_plain="$(printf '%s\n' "${plain_cpu[@]}" | median)"
    printf '| %s | %.1f | %.1f | %.2f | %.1f | %.1f | %.2f |\n' "$label" "$script" "$plain" \
        "$(echo "$script / $plain" | bc -l)" "$cpu_script" "$cpu_plain" \
        "$(echo "$cpu_script / $cpu_plain" | bc -l)"
    if [[ "${TIMINGS:-0}" == 1 ]]; then
        echo "  timings: $work/target-script/cargo-timings/cargo-timing.html," \
            "$work/target-plain/cargo-timings/cargo-timing.html (KEEP=1 keeps them)" >&2
    fi
    if [[ "$args" != "--lib --no-default-features" ]]; then continue; fi
    # The rebuilds after an edit, on the no-default-features builds just made: a word appended
    # to the description of BLOCK_IO_ERROR, in the spec (build script: it reruns, then the
    # library compiles) and in generated/qmp_events.rs (pregenerated: the library compiles). The
    # difference is what the build script adds to an edit.
    script_rebuilds=()
    plain_rebuilds=()
    for round in $(seq "$rounds"); do
        sed -i "7s/\$/ edited$round/" "$with_script/spec/qmp-events.txt"
        script_rebuilds+=("$(rebuild "$with_script" "$work/target-script")")
        sed -i "2s/\$/ edited$round/" "$pregenerated/generated/qmp_events.rs"
        plain_rebuilds+=("$(rebuild "$pregenerated" "$work/target-plain")")
        echo "  rebuild $round after an edit: with build script (spec) ${script_rebuilds[-1]} s," \
            "pregenerated (generated/qmp_events.rs) ${plain_rebuilds[-1]} s" >&2
    done
    script="$(printf '%s\n' "${script_rebuilds[@]}" | median)"
    plain="$(printf '%s\n' "${plain_rebuilds[@]}" | median)"
    rebuild_line="$(printf '| rebuild after a one-line edit (--no-default-features) | %.1f | %.1f | %.2f | | | |' \
        "$script" "$plain" "$(echo "$script / $plain" | bc -l)")"
done
echo "$rebuild_line"
