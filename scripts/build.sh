#!/usr/bin/env bash
# Configures and builds Cicatrix into ./build (Release with debug info, Ninja). Used by both
# README commands; pass extra CMake options as arguments.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
cmake --build build --parallel "$(nproc)"
