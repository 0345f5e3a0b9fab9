"""The Python package as a user gets it: `python -m build` gives a wheel and
an sdist with clean metadata, and that wheel, installed with pip into a fresh
venv, gives a `dynoxide serve` that answers an SDK-style request."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return {"dir": out, "log": done.stdout + done.stderr}


def test_build_gives_a_wheel_and_an_sdist_with_clean_metadata(built):
    names = sorted(p.name for p in built["dir"].iterdir())
    assert names == ["dynoxide-0.1.0-py3-none-any.whl", "dynoxide-0.1.0.tar.gz"]
    assert "deprecat" not in built["log"].lower()
    with zipfile.ZipFile(built["dir"] / "dynoxide-0.1.0-py3-none-any.whl") as wheel:
        metadata = wheel.read("dynoxide-0.1.0.dist-info/METADATA").decode()
        entry_points = wheel.read("dynoxide-0.1.0.dist-info/entry_points.txt").decode()
        modules = [n for n in wheel.namelist() if n.endswith(".py")]
    assert "License-Expression: MIT OR Apache-2.0" in metadata.splitlines()
    assert "Requires-Python: >=3.11" in metadata.splitlines()
    # No runtime dependency: every Requires-Dist belongs to an extra.
    assert all("extra ==" in line for line in metadata.splitlines() if line.startswith("Requires-Dist:"))
    assert "dynoxide = dynoxide.cli:main" in entry_points
    assert "dynoxide/engine.py" in modules and not any(m.startswith("tests/") for m in modules)


def test_the_wheel_installed_in_a_fresh_venv_serves_dynamodb(built, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    wheel = built["dir"] / "dynoxide-0.1.0-py3-none-any.whl"
    # A PYTHONPATH to the source tree (and the egg-info `build` leaves there)
    # would make pip think dynoxide is installed already.
    without_source = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-index", "--no-deps", str(wheel)],
                   check=True, timeout=300, env=without_source)
    server = subprocess.Popen([str(env_dir / "bin" / "dynoxide"), "serve", "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=without_source)
    try:
        line = server.stdout.readline()
        assert line.startswith("dynoxide listening on http://"), line + server.stderr.read()
        endpoint = line.split()[-1]
        request = urllib.request.Request(endpoint, data=b"{}", method="POST", headers={
            "X-Amz-Target": "DynamoDB_20120810.ListTables", "Content-Type": "application/x-amz-json-1.0"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 200
            assert json.loads(response.read()) == {"TableNames": []}
    finally:
        server.terminate()
        server.wait(timeout=30)
