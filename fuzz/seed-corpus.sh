#!/usr/bin/env bash
# Fills fuzz/corpus/{parse,check,diff,validate,qapi} with seeds (gitignored: the history files are
# copied, never committed):
#   parse, check  every history version and the bundled document, whole and cut into one file
#                 per event section (small inputs fuzz faster);
#   diff          consecutive versions, whole and section by section, joined by a NUL byte (the
#                 diff target splits its input there);
#   validate      every example of every version (as `qmpgen schema --format json` reads them),
#                 the recorded QEMU session tests/fixtures/qemu-7.2.22.jsonl line by line, and a
#                 few hostile messages;
#   qapi          every file of the QAPI schemas of tests/data/qapi-schemas (the real schemas and
#                 QEMU's parser tests) as a main file alone, and schemas of four files joined by
#                 NUL bytes (main, a.json, b.json, sub/c.json: the qapi target splits there) that
#                 include each other, once and in a loop.
# Usage: fuzz/seed-corpus.sh [HISTORY_DIR]   (default: tests/data/qmp-events-history)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
history=${1:-$root/tests/data/qmp-events-history}
corpus=$root/fuzz/corpus
if [[ ! -d $history ]]; then
    echo "no history folder at $history" >&2
    exit 2
fi
mkdir -p "$corpus"/{parse,check,diff,validate,qapi}

# Stores stdin in corpus dir $1 under its SHA-1, so that equal seeds are kept once.
put() {
    local tmp
    tmp=$(mktemp)
    cat >"$tmp"
    if [[ -s $tmp ]]; then
        mv "$tmp" "$1/$(sha1sum "$tmp" | cut -c1-40)"
    else
        rm -f "$tmp"
    fi
}

# Cuts document $1 into its event sections (a heading is the line above an underline of `-` or
# `=`), written to directory $2 as files named after the heading.
sections() {
    awk -v out="$2" '
        function flush() { if (name != "" && body != "") { gsub(/[^A-Za-z0-9_]/, "_", name); print body > (out "/" name); close(out "/" name) } }
        /^[-=]+[ \t\r]*$/ && prev != "" { sub(/\n[^\n]*\n?$/, "", body); flush(); name = prev; body = prev "\n" }
        { body = body $0 "\n"; prev = $0 }
        END { flush() }
    ' "$1"
}

versions=("$history"/[0-9]*.txt)
documents=("${versions[@]}" "$root/spec/qmp-events.txt")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "building qmpgen (to read the examples)" >&2
cargo build --quiet --manifest-path "$root/Cargo.toml" -p qmpgen --bin qmpgen
qmpgen=$root/target/debug/qmpgen

previous=""
for document in "${documents[@]}"; do
    name=$(basename "$document" .txt)
    put "$corpus/parse" <"$document"
    put "$corpus/check" <"$document"
    mkdir -p "$work/$name"
    sections "$document" "$work/$name"
    for section in "$work/$name"/*; do
        [[ -f $section ]] || continue
        put "$corpus/parse" <"$section"
        put "$corpus/check" <"$section"
    done
    if [[ -n $previous ]]; then
        { cat "$history/$previous.txt" 2>/dev/null || cat "$root/spec/$previous.txt"; printf '\0'; cat "$document"; } | put "$corpus/diff"
        for section in "$work/$name"/*; do
            old="$work/$previous/$(basename "$section")"
            if [[ -f $old ]] && ! cmp -s "$old" "$section"; then
                { cat "$old"; printf '\0'; cat "$section"; } | put "$corpus/diff"
            fi
        done
    fi
    previous=$name
    # `schema` exits 1 for a document with errors; its model is still printed.
    "$qmpgen" schema --format json "$document" 2>/dev/null |
        jq -r '.events[].examples[] | @json' |
        while IFS= read -r example; do
            jq -r '.text' <<<"$example" | put "$corpus/validate"
        done || true
done

while IFS= read -r line; do
    printf '%s' "$line" | put "$corpus/validate"
done <"$root/tests/fixtures/qemu-7.2.22.jsonl"

# Hostile messages, small: the fuzzer grows them.
for message in '[]' 'null' '{"event": "STOP", "event": "STOP", "timestamp": {"seconds": 1, "microseconds": 2}}' \
    '{"event": "RTC_CHANGE", "data": {"offset": 1e999}, "timestamp": {"seconds": 1, "microseconds": 2}}' \
    '{"event": "RTC_CHANGE", "data": {"offset": 18446744073709551616}, "timestamp": {"seconds": 1, "microseconds": 2}}' \
    '{"data": {"offset": -9223372036854775809}, "event": "RTC_CHANGE", "timestamp": {"seconds": 1, "microseconds": 2}}' \
    '{"event": "STOP", "data": [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]], "timestamp": {"seconds": -1, "microseconds": -1}}' \
    '{"event": "STOP", "timestamp": {"seconds": 1, "micro'; do
    printf '%s' "$message" | put "$corpus/validate"
done

find "$root/tests/data/qapi-schemas" -name '*.json' -print0 |
    while IFS= read -r -d '' schema; do
        put "$corpus/qapi" <"$schema"
    done
qapi_file() { # $1: what it includes (or nothing); then a documented event
    [[ -n $1 ]] && printf "{ 'include': '%s' }\n" "$1"
    printf "##\n# @EV_%s:\n#\n# @a: text\n#\n# Since: 9.1\n##\n{ 'event': 'EV_%s', 'data': { 'a': 'str', '*b': ['int'] },\n  'if': { 'all': [ 'CONFIG_A', { 'not': 'CONFIG_B' } ] } }\n" "${#1}" "${#1}"
}
{ qapi_file a.json; printf '\0'; qapi_file b.json; printf '\0'; qapi_file sub/c.json; printf '\0'; qapi_file ""; } | put "$corpus/qapi"
{ qapi_file a.json; printf '\0'; qapi_file b.json; printf '\0'; qapi_file sub/c.json; printf '\0'; qapi_file ../a.json; } | put "$corpus/qapi"
{ qapi_file a.json; printf '\0'; qapi_file main.json; } | put "$corpus/qapi"

for target in parse check diff validate qapi; do
    echo "$target: $(find "$corpus/$target" -type f | wc -l) seeds" >&2
done
