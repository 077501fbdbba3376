#!/usr/bin/env bash
# Time and peak memory of `qmpgen generate` and `qmpgen schema` on large documents.
#
# Usage: generator/benches/large-document.sh [MEGABYTES...]     (default: 5 10 25 50)
#
# Method:
#  1. Builds the release `qmpgen` and the `large_document` example (cargo, in this workspace).
#  2. For each size, `large_document` writes a document of that many megabytes (10^6 bytes) into
#     a temporary directory: the 113 real versions of tests/data/qmp-events-history, in order,
#     concatenated over and over with their events renamed so that every name is unique
#     (`BLOCK_IO_ERROR_V017_3`: version 017, third copy). See generator/examples/large_document.rs.
#  3. Runs `qmpgen generate DOC` and `qmpgen schema DOC` (output to a file in the directory)
#     under `/usr/bin/time`: wall-clock time, CPU time (user + system; on a shared machine the
#     wall time depends on what else runs, the CPU time much less) and the maximum resident set
#     size. `generate` uses every core, so its CPU time may exceed its wall time.
#
# Set BASELINE=/path/to/another/qmpgen to run that binary too, each command right after the
# current one (side by side in one run), and to check that both generate the same text.
# Set KEEP=1 to keep the temporary directory.
set -euo pipefail

sizes=("$@")
if [[ ${#sizes[@]} -eq 0 ]]; then
    sizes=(5 10 25 50)
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/qmpgen-large.XXXXXX")"
if [[ "${KEEP:-0}" != 1 ]]; then
    trap 'rm -rf "$work"' EXIT
fi

cargo build --quiet --release --manifest-path "$root/Cargo.toml" -p qmpgen --bin qmpgen \
    --example large_document
qmpgen="$root/target/release/qmpgen"
make_document="$root/target/release/examples/large_document"

binaries=("current=$qmpgen")
if [[ -n "${BASELINE:-}" ]]; then
    binaries+=("baseline=$BASELINE")
fi

# measure LABEL BINARY COMMAND DOC OUT: one line of the table.
measure() {
    local label="$1" binary="$2" command="$3" doc="$4" out="$5"
    local times="$work/time"
    local status=0
    /usr/bin/time -f "%e %U %S %M" -o "$times" "$binary" "$command" "$doc" >"$out" \
        2>"$work/stderr" || status=$?
    # `generate` exits 0 and `schema` 0 or 1 (1: the document has errors); 2 is trouble.
    if [[ $status -gt 1 ]]; then
        echo "$label $command failed ($status):" >&2
        cat "$work/stderr" >&2
        exit 2
    fi
    # The last line: `time` puts a note about a non-zero exit above it.
    read -r wall user system rss < <(tail -n 1 "$times")
    local cpu
    cpu="$(awk -v u="$user" -v s="$system" 'BEGIN { print u + s }')"
    printf '| %s | %s | %s | %.2f s | %.2f s | %d MB | %d MB |\n' \
        "$size MB" "$command" "$label" "$wall" "$cpu" \
        "$((rss / 1024))" "$(($(stat -c %s "$out") / 1000000))"
}

echo "| document | command | binary | wall | CPU (user + system) | peak RSS | output |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for size in "${sizes[@]}"; do
    doc="$work/doc-$size.txt"
    "$make_document" "$root/tests/data/qmp-events-history" "$size" "$doc" 2>/dev/null
    for command in generate schema; do
        for entry in "${binaries[@]}"; do
            label="${entry%%=*}"
            measure "$label" "${entry#*=}" "$command" "$doc" "$work/$label.$command.$size"
        done
        if [[ -n "${BASELINE:-}" && $command == generate ]] &&
            ! cmp -s "$work/current.generate.$size" "$work/baseline.generate.$size"; then
            echo "the two binaries generate different text for $size MB" >&2
            exit 1
        fi
    done
    rm -f "$work"/*."$size"
done
