#!/bin/sh
# Set up (idempotently) and run ClaimSight on 127.0.0.1:8000 with a SQLite file in ./var/.
# Environment: CLAIMSIGHT_* settings (see api/config.py), e.g. CLAIMSIGHT_DATABASE_URL.
set -eu
. "$(dirname -- "$0")/_venv.sh"
ensure_venv "."
cd "$ROOT"
"$VENV/bin/claimsight" db upgrade
exec "$VENV/bin/claimsight" serve --host 127.0.0.1 --port "${PORT:-8000}" "$@"
