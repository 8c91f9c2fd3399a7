#!/usr/bin/env bash
# Debian packages the browser tests need (Chromium and its driver). Installs them when missing and when we
# may (root, apt-get present); otherwise says why and leaves the browser tests to skip with that reason.
set -u
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "system_deps: chromium missing and cannot install it (need root and apt-get); browser tests will skip" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -q chromium chromium-driver >/tmp/claimledger-apt.log 2>&1; then
  apt-get update -q >>/tmp/claimledger-apt.log 2>&1
  apt-get install -y -q chromium chromium-driver >>/tmp/claimledger-apt.log 2>&1 \
    || echo "system_deps: apt-get could not install chromium (see /tmp/claimledger-apt.log)" >&2
fi
exit 0
