#!/usr/bin/env bash
# README command 2 (and CI): install what is missing, build, print the benchmarks, run every test.
# GUI tests start their own Xvfb through xvfb-run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh -DCICATRIX_BUILD_TESTS=ON
echo "== benchmarks (ratios against a baseline measured in the same run) =="
./build/tests/bench/thumbnail_bench
./build/tests/bench/timeline_query_bench
./build/tests/bench/inference_bench
./build/tests/bench/sync_pull_bench
./build/tests/bench/brush_bench
echo "== tests =="
ctest --test-dir build --output-on-failure -j "$(nproc)" --timeout 300
