#!/usr/bin/env bash
# README command 1: install what is missing, build, and open the workstation on the demo library
# (built on first run from assets/demo into $XDG_DATA_HOME/cicatrix/demo-library).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
exec ./build/workstation/cicatrix gui --demo "$@"
