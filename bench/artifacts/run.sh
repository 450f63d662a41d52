#!/usr/bin/env bash
# Artifact throughput: 100 MiB, 1 GiB and 5 GiB checkpoint-like files (random bytes, made once, removed after) uploaded to and
# downloaded from MinIO through the platform's artifact store (ArtifactBench.java: ArtifactStores.fromEnvironment, as
# the worker builds it) and through MinIO's own client `mc`, 3 times each, alternating which goes first; MB/s medians,
# store/mc ratios, and the store's peak heap in a JVM capped at -Xmx256m; then the parts a store upload is made of.
# MinIO is this script's own (127.0.0.1:9600, data in a temp folder); the tests' MinIO on 9000 is not used.
#
# Usage: bench/artifacts/run.sh [results file (bench/artifacts/results.md)]
# Needs the jars (mvn -B -q -o -DskipTests package; BENCH_BUILD=DIR takes them from another checkout) and MinIO
# (scripts/install-tools.sh); builds mc if missing.
# Env:   BENCH_ARTIFACT_SIZES (default "100M 1G 5G").
# Takes about 15 minutes and at most about 17 GB of disk (the 5 GiB file, its copy in MinIO, a download). Target:
# store/mc >= 0.8.
# shellcheck disable=SC2119 # the bench_* helpers take optional arguments of their own, not the script's
set -euo pipefail
# shellcheck source=bench/common.sh
source "$(dirname "$0")/../common.sh"
cd "$PRETRAIN_REPO"
RESULTS="$(realpath -m "${1:-bench/artifacts/results.md}")"
BUCKET=bench-artifacts
REPS=3
HEAP=256m

bench_require_jars
bench_install_mc
bench_init
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
bench_start_minio
export MC_CONFIG_DIR="$BENCH_TMP/mc"
export "MC_HOST_bench=http://$BENCH_MINIO_USER:$BENCH_MINIO_PASSWORD@127.0.0.1:$BENCH_MINIO_PORT"
mc mb --quiet "bench/$BUCKET" >/dev/null

: >"$BENCH_TMP/rows"
for size in ${BENCH_ARTIFACT_SIZES:-100M 1G 5G}; do
  dir="$BENCH_TMP/files-$size"
  mkdir -p "$dir"
  case "$size" in 100M) bytes=104857600 ;; 1G) bytes=1073741824 ;; 5G) bytes=5368709120 ;; *) die "size $size?" ;; esac
  log "$size: writing $bytes random bytes"
  head -c "$bytes" /dev/urandom >"$dir/checkpoint.bin"
  log "$size: store vs mc, $REPS times each"
  # shellcheck disable=SC2046
  env $(bench_platform_env "$BUCKET") java -Xmx$HEAP -cp "$BENCH_CLASSPATH" bench/artifacts/ArtifactBench.java \
    "$dir/checkpoint.bin" "$size" "$REPS" "bench/$BUCKET" "$BENCH_TMP/out" 2>"$BENCH_TMP/bench-$size.log" >/dev/null \
    || { tail -n 40 "$BENCH_TMP/bench-$size.log" >&2; die "the $size benchmark failed"; }
  grep -v '^\[' "$BENCH_TMP/bench-$size.log" | grep -E 'rep|parts' >&2 || true
  cat "$BENCH_TMP/out" >>"$BENCH_TMP/rows"
  rm -rf "$dir"
done

rows() { sed -n "s/^$1 //p" "$BENCH_TMP/rows"; }
result() { grep "^RESULT $1 " "$BENCH_TMP/rows" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
verdict() { awk -v v="$1" -v t="$2" 'BEGIN { print (v >= t ? "met" : "NOT met") }'; }
part() { awk -F'|' -v n="$1" '$2 ~ /1G/ { gsub(/ /, "", $n); print $n }' <(rows PARTS); }
sha_rate="$(part 3)"
put_rate="$(part 4)"
copy_rate="$(part 5)"
get_rate="$(part 7)"
get_big_rate="$(part 8)"
get_sha_rate="$(part 9)"
store_get_rate="$(part 10)"
store_put_rate="$(part 6)"
mc_up_rate="$(awk -F'|' '$2 ~ /1G/ && $3 ~ /upload/ { gsub(/ /, "", $5); print $5 }' <(rows THROUGHPUT))"
mc_down_rate="$(awk -F'|' '$2 ~ /1G/ && $3 ~ /download/ { gsub(/ /, "", $5); print $5 }' <(rows THROUGHPUT))"
{
  cat <<EOF
# Artifact throughput

\`bench/artifacts/run.sh\`: a file of random bytes (100 MiB = 104,857,600 bytes; 1 GiB = 1,073,741,824 bytes; 5 GiB =
5,368,709,120 bytes) uploaded to and downloaded from a local MinIO through the platform's artifact store
(\`MinioArtifactStore\`, built by \`ArtifactStores.fromEnvironment\` as the worker builds it) and through MinIO's client
\`mc cp\`, $REPS times each, alternating which goes first. MB/s is 10^6 bytes per second of wall time, median of $REPS.
A store upload is the whole \`put\`: the file's sha256, then one multipart upload straight to the final key with the
sha256 in its metadata and four 16 MiB parts in flight (the object appears whole when the upload completes), and the
lineage file. A store download is \`download\`: four ranged GETs in flight written at their offsets of a temporary file,
each range hashed as soon as it and those before it are written, the file renamed into place once the sha256 matches. \`mc cp\` uploads in parallel multipart and
writes the download straight to the file, with no checksum of its own beyond what S3 signing needs.

## Targets

| target | measured | |
| --- | --- | --- |
| store/mc >= 0.8, upload, 100 MiB | $(result 100M upload_ratio) | $(verdict "$(result 100M upload_ratio)" 0.8) |
| store/mc >= 0.8, upload, 1 GiB | $(result 1G upload_ratio) | $(verdict "$(result 1G upload_ratio)" 0.8) |
| store/mc >= 0.8, download, 100 MiB | $(result 100M download_ratio) | $(verdict "$(result 100M download_ratio)" 0.8) |
| store/mc >= 0.8, download, 1 GiB | $(result 1G download_ratio) | $(verdict "$(result 1G download_ratio)" 0.8) |
| store/mc >= 0.8, upload, 5 GiB | $(result 5G upload_ratio) | $(verdict "$(result 5G upload_ratio)" 0.8) |
| store/mc >= 0.8, download, 5 GiB | $(result 5G download_ratio) | $(verdict "$(result 5G download_ratio)" 0.8) |
| heap independent of file size (-Xmx$HEAP) | peak $(result 100M heap_peak_mib) MiB at 100 MiB, $(result 1G heap_peak_mib) MiB at 1 GiB, $(result 5G heap_peak_mib) MiB at 5 GiB | |

## Throughput (MB/s)

| file | direction | store (median) | mc (median) | store/mc | store, each run | mc, each run |
| --- | --- | ---: | ---: | ---: | --- | --- |
$(rows THROUGHPUT)

## Heap of the store's JVM (MiB)

Used heap sampled every millisecond during each store transfer, which starts after a System.gc(), and the sum of the
heap pools' own peaks over the same transfer (an upper bound: the pools need not peak together); the largest over the
runs. "After GC" is the heap in use when a transfer starts (the smallest over the runs).

| file | -Xmx | after GC | upload, sampled peak | upload, pool peaks | download, sampled peak | download, pool peaks |
| --- | --- | ---: | ---: | ---: | ---: | ---: |
$(rows HEAP)

## What a store transfer is made of (MB/s, median of $REPS)

Each part timed on its own with a MinioClient configured like the store's: hashing the file alone; a multipart upload
with one part at a time (minio-java's \`putObject\`); a server-side copy of the object (what the store's publish cost
before it uploaded straight to the final key); the whole store \`put\`; a single-stream download to a file with
\`Files.copy\` (8 KiB reads), the same with 1 MiB reads, and hashed on the way; the store's \`download\`.

| file | sha256 | multipart put, one part at a time | server-side copy | store put | get | get, 1 MiB reads | get + sha256 | store download |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
$(rows PARTS)

## Where the time goes (1 GiB)

- Upload: the store's \`put\` at ${store_put_rate} MB/s against \`mc\` at ${mc_up_rate} MB/s. Its parts: the sha256
  of the file (${sha_rate} MB/s alone, a local read before the upload), then the parallel multipart upload. One part at
  a time would reach ${put_rate} MB/s; publishing through a temporary key and a server-side copy, as the store did
  before, would add a copy at ${copy_rate} MB/s, writing every byte twice.
- Download: the store's \`download\` at ${store_get_rate} MB/s against \`mc\` at ${mc_down_rate} MB/s; one GET
  stream into a file reaches ${get_rate} MB/s (${get_big_rate} MB/s with 1 MiB reads) and ${get_sha_rate} MB/s hashed
  on the way. The store's four ranged GETs run in parallel and each range is hashed, read back from the
  page cache, once it and the ranges before it are written; the hashing thread competes with the downloads for the
  two cores, and mc checks no sha256 at all.
- The heap stays flat: each part is read from the file at its offset by the HTTP client, and a ranged GET copies
  through one 1 MiB buffer; the peaks above (with -Xmx$HEAP) are about the same for a file 50 times larger.

## Notes

- Everything runs on one 2-core machine: MinIO, the JVM or mc, and the disk MinIO writes to; the source file is in the
  page cache. Load average ${load_before} at the start (other builds and tests were running), so the rates are loose;
  the ratios compare runs made minutes apart on the same machine.

$(bench_machine_section)
EOF
} >"$RESULTS"
log "wrote $RESULTS"
cat "$RESULTS"
