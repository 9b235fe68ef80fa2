#!/usr/bin/env bash
# Installs Debian's chromium for the offline GraphiQL test (tests/e2e/graphiql-offline.test.ts),
# only when it is missing. Debian's package, not Playwright's browser download: this machine can
# reach the Debian and npm registries and nothing else. Safe to run any number of times.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  as_root=(sudo -n)
fi

"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq chromium </dev/null

if [ ! -x /usr/bin/chromium ]; then
  echo "install-browser: apt-get finished but /usr/bin/chromium is still missing" >&2
  exit 1
fi
