# Sourced by scripts/serve and scripts/test: make .venv (Python 3.11) and install the project
# with exactly the versions of the lock file (hashes checked): requirements.lock, or
# requirements-test.lock with the test tools. See README.md, "Dependencies".
# usage: source scripts/_venv.sh "EXTRAS"   (EXTRAS: "" or "[test]")
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  echo "binhdan needs Python 3.11 (found: $("$PYTHON" --version 2>&1)). Set PYTHON=/path/to/python3.11." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
fi
lock=requirements.lock
[ "$1" = "[test]" ] && lock=requirements-test.lock
stamp=".venv/.installed$1"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ "$lock" -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --require-hashes -r "$lock"
  .venv/bin/python -m pip install -q --no-deps -e .
  # The lock must satisfy pyproject.toml: a dependency added without updating the lock fails here.
  .venv/bin/python -m pip check >/dev/null || { .venv/bin/python -m pip check >&2; exit 1; }
  touch "$stamp"
fi
