#!/bin/bash
# meson test 'ray': tensorchunker.ray's tests, with the Python of the
# virtual environment that has Ray (.venv, made by .ci/test).  Without it:
# SKIP (77), or a failure when TC_REQUIRE_SERVICES=1 (CI).
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
venv=$here/../../.venv
if [ ! -x "$venv/bin/ray" ]; then
  echo "no Ray: .ci/test makes $venv (pip install -r tests/python/requirements-ray.txt)"
  [ "${TC_REQUIRE_SERVICES:-0}" = 1 ] && exit 1
  exit 77
fi
exec "$venv/bin/python3" "$here/run_pytest.py" "$here/test_ray.py"
