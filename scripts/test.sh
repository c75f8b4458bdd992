#!/bin/sh
# Set up (idempotently) and run the checks: ruff, mypy, pytest.
# The training extra (torch, ultralytics) is installed only when ../shared/datasets exists
# and CLAIMSIGHT_SKIP_TRAIN_EXTRA is unset. Extra arguments are passed to pytest.
set -eu
. "$(dirname -- "$0")/_venv.sh"
if [ -d "$ROOT/../shared/datasets" ] && [ -z "${CLAIMSIGHT_SKIP_TRAIN_EXTRA:-}" ]; then
    ensure_venv ".[dev,train]"
else
    ensure_venv ".[dev]"
fi
cd "$ROOT"

# Lint and type errors under these paths fail the run; elsewhere they are reported only,
# while those folders are being written. Add a folder here once it is clean.
STRICT="api/__init__.py api/app.py api/cli.py api/config.py api/deps.py api/errors.py
api/health.py api/limits.py api/logging.py api/scheduler.py api/schemas.py api/state.py
api/auth api/claims api/db api/fraud api/notifications api/storage api/workflow
tests/conftest.py tests/fixtures tests/test_project.py tests/api/auth tests/api/claims tests/api/db
tests/api/fraud tests/api/notifications tests/api/storage tests/api/workflow tests/api/test_app.py
tests/api/test_authorization_matrix.py tests/api/test_cli.py tests/api/test_config.py
tests/api/test_deps.py tests/api/test_logging.py"

echo ">> ruff (fatal: service foundation; report only: the rest)"
# shellcheck disable=SC2086
"$VENV/bin/ruff" check $STRICT
"$VENV/bin/ruff" check --quiet . || echo "   (findings outside the strict paths: not fatal)"

echo ">> mypy api pricing inference"
out=$(mktemp)
"$VENV/bin/mypy" api pricing inference >"$out" 2>&1 && echo "   ok" || true
fatal=0
for path in $STRICT; do
    case "$path" in tests/*) continue ;; esac
    if grep -q "^$path[:/]" "$out"; then fatal=1; fi
done
if [ "$fatal" = 1 ]; then
    cat "$out"
    echo "   mypy errors in the strict paths" >&2
    rm -f "$out"
    exit 1
fi
grep -q "error:" "$out" && echo "   $(tail -n 1 "$out") (outside the strict paths: not fatal)"
rm -f "$out"

# Browser tests drive Debian's Chromium; they skip when it is missing.
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo ">> installing Debian's chromium for the browser tests"
    { apt-get install -y --no-install-recommends chromium fonts-noto-cjk \
      || { apt-get update && apt-get install -y --no-install-recommends chromium fonts-noto-cjk; }; } >/dev/null 2>&1 \
      || echo "   chromium not installed: browser tests will skip"
fi

echo ">> pytest"
"$VENV/bin/pytest" "$@"
