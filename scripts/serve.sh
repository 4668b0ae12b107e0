#!/usr/bin/env bash
# Serves the app at http://127.0.0.1:8080, rebuilding on change. Installs what is missing first.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$NIANBAO_ROOT"
exec trunk serve "$@"
