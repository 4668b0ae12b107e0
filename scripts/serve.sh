#!/usr/bin/env bash
# Serves the app at http://127.0.0.1:8080, rebuilding on change. Installs what is missing first.
NIANBAO_SETUP=serve source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$NIANBAO_ROOT"
# Its own output folder, so that serving never replaces the release build the tests run against.
exec trunk serve --dist target/serve-dist "$@"
