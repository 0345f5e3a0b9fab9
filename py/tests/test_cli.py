"""The `dynoxide` command line."""
from __future__ import annotations

import subprocess
import sys

import pytest

from dynoxide import __version__
from dynoxide.cli import build_parser, main


def run(*args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dynoxide", *args], capture_output=True, text=True, timeout=timeout)


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"dynoxide {__version__}"


def test_python_dash_m_is_the_same_command():
    result = run("--version")
    assert (result.returncode, result.stdout.strip()) == (0, f"dynoxide {__version__}")


def test_no_command_prints_help_and_fails(capsys):
    assert main([]) == 2
    assert "serve" in capsys.readouterr().err


def test_serve_defaults_are_loopback_8000_in_memory():
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.db) == ("127.0.0.1", 8000, None)


def test_serve_options():
    args = build_parser().parse_args(["serve", "--host", "0.0.0.0", "-p", "9000", "--db", "x.db"])
    assert (args.host, args.port, args.db) == ("0.0.0.0", 9000, "x.db")


def test_a_port_out_of_range_is_refused(capsys):
    assert main(["serve", "--port", "70000"]) == 2
    assert "out of range" in capsys.readouterr().err


def test_a_database_that_cannot_be_opened_is_a_clear_error(tmp_path):
    result = run("serve", "--port", "0", "--db", str(tmp_path / "missing-dir" / "x.db"))
    assert result.returncode == 1
    assert "cannot open database" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_engine_core_does_not_import_the_server():
    code = ("import sys, dynoxide; db = dynoxide.Database.memory(); db.execute('ListTables', {}); "
            "print(sorted(m for m in sys.modules if m in ('dynoxide.server', 'dynoxide.cli', 'socketserver')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert result.stdout.strip() == "[]", result.stderr
