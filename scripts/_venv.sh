# Shared by serve.sh and test.sh (sourced, not run): create .venv if missing and install
# a requirement spec such as ".[dev]" into it, unless that spec was already installed from
# the same pyproject.toml.
set -eu

ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
VENV="$ROOT/.venv"

ensure_venv() {
    spec="$1"
    if [ ! -x "$VENV/bin/python" ]; then
        echo ">> creating $VENV"
        python3 -m venv "$VENV"
    fi
    stamp="$VENV/.claimsight-installed"
    digest=$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)
    if [ -f "$stamp" ] && grep -qxF "$digest $spec" "$stamp"; then
        return 0
    fi
    echo ">> installing $spec into $VENV"
    (cd "$ROOT" && "$VENV/bin/pip" install --quiet --disable-pip-version-check -e "$spec")
    # Remember what is installed for this pyproject.toml only.
    { grep "^$digest " "$stamp" 2>/dev/null || true; echo "$digest $spec"; } >"$stamp.tmp"
    mv "$stamp.tmp" "$stamp"
}
