"""The command line, run as users run it: in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "bbc" / "2002-n-koreans-storm-spanish-embassy.html"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "articlescrape", *args], input=stdin, capture_output=True, timeout=120, cwd=ROOT)


def test_json_output_of_the_seed_page() -> None:
    result = run(str(SEED), "--no-cache")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["headline"] == "N Koreans storm Spanish embassy"
    assert data["published"] == "2002-03-14T08:26:00+00:00"
    assert data["source"]["requested"] == str(SEED)
    assert data["source"]["encoding"] == "cp1252"


def test_jsonl_prints_one_line_per_article() -> None:
    result = run("--jsonl", str(SEED), str(SEED))
    lines = result.stdout.decode().splitlines()
    assert result.returncode == 0 and len(lines) == 2
    assert all(json.loads(line)["headline"] == "N Koreans storm Spanish embassy" for line in lines)


@pytest.mark.parametrize(("fmt", "marker"), [("text", "N Koreans storm Spanish embassy\n"), ("markdown", "# N Koreans storm Spanish embassy\n")])
def test_text_and_markdown_formats(fmt: str, marker: str) -> None:
    result = run("--format", fmt, str(SEED))
    out = result.stdout.decode()
    assert result.returncode == 0 and out.startswith(marker)
    assert "Twenty-five North Koreans have forced their way" in out


def test_stdin_with_a_url_resolves_links() -> None:
    page = b'<html><body><h1>Stdin story</h1><p>' + b"Words of the story, with commas, go here. " * 8 + b'</p><img src="/p.jpg" width="300" height="200"></body></html>'
    result = run("--url", "http://example.com/news/1.html", "-", stdin=page)
    data = json.loads(result.stdout)
    assert result.returncode == 0 and data["url"] == "http://example.com/news/1.html"
    assert data["source"]["requested"] == "-"


def test_a_failed_target_is_one_line_on_stderr_and_exit_1_and_others_still_print() -> None:
    result = run("--jsonl", "/nonexistent/page.html", str(SEED))
    err = result.stderr.decode()
    assert result.returncode == 1
    assert err.count("\n") == 1 and "/nonexistent/page.html" in err and "Traceback" not in err
    assert json.loads(result.stdout)["headline"] == "N Koreans storm Spanish embassy"


def test_binary_input_is_a_clear_error(tmp_path: Path) -> None:
    blob = tmp_path / "photo.jpg"
    blob.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40)
    result = run(str(blob))
    assert result.returncode == 1 and "photo.jpg" in result.stderr.decode() and b"Traceback" not in result.stderr


def test_usage_errors_exit_2() -> None:
    assert run("--format", "yaml", str(SEED)).returncode == 2
    assert run().returncode == 2


def test_help_shows_examples() -> None:
    result = run("--help")
    assert result.returncode == 0 and b"examples:" in result.stdout and b"--wayback" in result.stdout
