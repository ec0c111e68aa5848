#!/usr/bin/env bash
# Makes sure the command-line tools Strata's code and tests need are installed: ffmpeg and ffprobe
# (Debian package `ffmpeg`) for the video/audio extractor, and Chromium (Debian package
# `chromium`) for the dashboard's browser tests (apps/strata-e2e/src/dashboard.e2e-spec.ts). As
# root (CI) it installs what is missing with apt-get; otherwise it prints the line to run. Never
# removes anything.
set -euo pipefail

missing=()
command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)

if [ ${#missing[@]} -eq 0 ]; then
  echo "ffmpeg is installed ($(ffmpeg -version | head -1 | cut -d' ' -f1-3))"
  # `chromium --version` goes through Debian's wrapper script; the binary path is what tests launch.
  echo "chromium is installed ($(command -v chromium))"
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing ${missing[*]} with apt-get (video/audio extractor, dashboard browser tests)"
  # Another apt run (a parallel CI job) holds the lock: wait for it instead of failing.
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  command -v ffmpeg >/dev/null && ffmpeg -version | head -1
  command -v chromium >/dev/null && echo "chromium: $(command -v chromium)"
else
  echo "warning: missing ${missing[*]}: the video/audio extractor and its tests need ffmpeg/ffprobe," >&2
  echo "         the dashboard's browser tests need chromium." >&2
  echo "         install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
