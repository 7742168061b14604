#!/usr/bin/env bash
# Installs the Debian 12 packages Cicatrix needs to build, run and test.
# Idempotent: installs only what is missing. The package list lives here and nowhere else.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config git
  # GUI
  libimgui-dev libstb-dev libglfw3-dev libgl-dev fonts-dejavu-core
  # local AI (C++ inference; Python for training and the C++/Python benchmark)
  libtorch-dev python3-torch python3-numpy python3-opencv python3-pil
  # imaging, storage, CLI
  libopencv-dev libopencv-contrib-dev libexif-dev libturbojpeg0-dev libssl-dev
  libsqlite3-dev libsqlitecpp-dev nlohmann-json3-dev libcli11-dev libfmt-dev
  # tests and headless GUI
  googletest libgtest-dev libgmock-dev zlib1g-dev xvfb xauth xdotool
  # sync: HTTP client (libcurl) and the real DICOMweb peer the tests start (Orthanc + plugin)
  libcurl4-openssl-dev orthanc orthanc-dicomweb
  # sync: the curl command-line tool (the sync pull benchmark's baselines)
  curl
  # sync: the DICOM codec (DCMTK) and the independent IOD validator its tests run (dciodvfy)
  libdcmtk-dev dicom3tools
  # telemonitoring enrolment (QR codes, Ed25519-signed tokens), PDF handouts and evolution
  # reports (cairo), and the tools the PDF tests read them back with (pdftotext, pdftoppm)
  libqrencode-dev libsodium-dev libcairo2-dev poppler-utils
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
