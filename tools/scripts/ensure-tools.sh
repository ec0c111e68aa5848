#!/usr/bin/env bash
# Makes sure the command-line tools extractors need are installed: ffmpeg and ffprobe (Debian
# package `ffmpeg`) for the video/audio extractor. As root (CI) it installs them with apt-get;
# otherwise it prints the line to run. Never removes anything.
set -euo pipefail

if command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1; then
  echo "ffmpeg is installed ($(ffmpeg -version | head -1 | cut -d' ' -f1-3))"
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing ffmpeg with apt-get (video/audio extractor)"
  # Another apt run (a parallel CI job) holds the lock: wait for it instead of failing.
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends ffmpeg >/dev/null
  ffmpeg -version | head -1
else
  echo "warning: ffmpeg/ffprobe are not installed; the video/audio extractor and its tests need them." >&2
  echo "         install them with: sudo apt-get install -y ffmpeg" >&2
  exit 1
fi
