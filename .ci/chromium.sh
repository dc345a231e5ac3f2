#!/usr/bin/env bash
# Installs Debian's headless-capable Chromium for StatusPageBrowserTest. Idempotent: does nothing when
# /usr/bin/chromium is already there. Needs root (CI runs as root); no browser is downloaded by any test tool.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core
