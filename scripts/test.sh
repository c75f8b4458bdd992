#!/bin/sh
# Set up (idempotently) and run the checks: ruff, mypy, pytest.
# The training extra (torch, ultralytics) is installed only when ../shared/datasets exists
# and CLAIMSIGHT_SKIP_TRAIN_EXTRA is unset. The Ray extra (the Ray runner's tests, about a minute)
# is installed unless CLAIMSIGHT_SKIP_RAY_EXTRA is set; without it those tests skip.
# Extra arguments are passed to pytest.
set -eu
. "$(dirname -- "$0")/_venv.sh"
EXTRAS="dev"
if [ -d "$ROOT/../shared/datasets" ] && [ -z "${CLAIMSIGHT_SKIP_TRAIN_EXTRA:-}" ]; then
    EXTRAS="$EXTRAS,train"
fi
if [ -z "${CLAIMSIGHT_SKIP_RAY_EXTRA:-}" ]; then
    EXTRAS="$EXTRAS,ray"
fi
ensure_venv ".[$EXTRAS]"
cd "$ROOT"
PYTHON_FOLDERS="api pricing inference training tests scripts"

# Any lint or type finding anywhere in the tree fails the run (pyproject.toml holds the one
# exemption: long lines in generated migrations). mypy covers every folder with Python in it.
echo ">> ruff check ."
"$VENV/bin/ruff" check .
echo ">> mypy $PYTHON_FOLDERS"
# shellcheck disable=SC2086
"$VENV/bin/mypy" $PYTHON_FOLDERS

# Browser tests drive Debian's Chromium; they skip when it is missing.
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo ">> installing Debian's chromium for the browser tests"
    { apt-get install -y --no-install-recommends chromium fonts-noto-cjk \
      || { apt-get update && apt-get install -y --no-install-recommends chromium fonts-noto-cjk; }; } >/dev/null 2>&1 \
      || echo "   chromium not installed: browser tests will skip"
fi

# The S3 blob store's tests run against s3rver, an S3-compatible server from npm that stores on
# disk; they skip when it is missing. Installed (pinned) under .cache/, which git ignores.
S3RVER="$ROOT/.cache/s3rver/node_modules/.bin/s3rver"
if [ ! -x "$S3RVER" ] && command -v npm >/dev/null 2>&1; then
    echo ">> installing s3rver for the S3 storage tests"
    npm install --prefix "$ROOT/.cache/s3rver" --no-audit --no-fund --silent s3rver@3.7.1 >/dev/null 2>&1 \
      || echo "   s3rver not installed: S3 storage tests will skip"
fi

echo ">> pytest"
"$VENV/bin/pytest" "$@"
