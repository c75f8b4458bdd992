"""The README's walkthrough, run as written: each ``sh`` block of the section is read from the
README and played against the app — ``claimsight`` through its CLI on the app's database,
``curl`` through the test client, ``$(… | python3 -c '…["key"]…')`` as that key of the JSON
answer — so an example that stops working fails here, not for a reader."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from typer.testing import CliRunner

from api.cli import app as cli_app
from api.config import get_settings
from tests.fixtures.harness import Harness

README = Path(__file__).resolve().parents[1] / "README.md"
SECTION = "## Walkthrough"
_ASSIGN = re.compile(r"^(\w+)=\$\((.*)\)$", re.DOTALL)
_JSON_KEY = re.compile(r"""\|\s*python3 -c '[^']*\["(\w+)"\][^']*'\s*$""")


def walkthrough_commands(readme: str) -> list[str]:
    """The section's shell commands, one string each (continuations and quoted newlines joined)."""
    section = readme.split(SECTION, 1)[1].split("\n## ", 1)[0]
    commands: list[str] = []
    for block in re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL):
        pending = ""
        for line in block.splitlines():
            pending = f"{pending}\n{line}" if pending else line
            if pending.endswith("\\"):
                continue
            try:
                shlex.split(pending, comments=True)
            except ValueError:  # a quote still open: the command goes on
                continue
            if pending.split("#", 1)[0].strip():
                commands.append(pending.replace("\\\n", " "))
            pending = ""
        assert not pending, f"unterminated command in the README: {pending!r}"
    return commands


class Shell:
    """Just enough of ``sh`` for the walkthrough: variables, curl, the CLI and python -c."""

    def __init__(self, harness: Harness, cwd: Path, cli_env: Callable[[], Any]) -> None:
        self.harness, self.cwd, self.cli_env = harness, cwd, cli_env
        self.vars: dict[str, str] = {}
        self.responses: list[tuple[str, int]] = []

    def run(self, command: str) -> None:
        command = re.sub(r"\$(\w+)", lambda m: self.vars[m.group(1)], command)
        assignment = _ASSIGN.match(command)
        if assignment:
            name, inner = assignment.groups()
            key = _JSON_KEY.search(inner)
            assert key, f"unsupported capture: {inner!r}"
            answer = self.curl(shlex.split(inner[: key.start()]))
            self.vars[name] = str(answer.json()[key.group(1)])
            return
        argv = shlex.split(command, comments=True)
        if argv[:2] == ["sh", "scripts/serve.sh"]:
            return  # the harness is the running service
        if argv[0] == ".venv/bin/claimsight":
            with self.cli_env():
                result = CliRunner().invoke(cli_app, argv[1:])
            assert result.exit_code == 0, (argv, result.output)
        elif argv[:2] == [".venv/bin/python", "-c"]:
            subprocess.run([sys.executable, "-c", argv[2]], cwd=self.cwd, check=True)
        elif argv[0] == "curl":
            self.curl(argv)
        else:
            raise AssertionError(f"the walkthrough runs a command this test cannot play: {argv!r}")

    def curl(self, argv: list[str]) -> Any:
        assert argv[0] == "curl", argv
        method, url, output = None, None, None
        headers: dict[str, str] = {}
        data: list[str] = []
        files: dict[str, tuple[str, bytes]] = {}
        args = iter(argv[1:])
        for arg in args:
            if arg == "-s":
                continue
            if arg == "-X":
                method = next(args)
            elif arg == "-H":
                name, value = next(args).split(":", 1)
                headers[name.strip()] = value.strip()
            elif arg == "-d":
                data.append(next(args))
            elif arg == "-F":
                field, value = next(args).split("=", 1)
                assert value.startswith("@"), value
                files[field] = (value[1:], (self.cwd / value[1:]).read_bytes())
            elif arg == "-o":
                output = next(args)
            else:
                assert not arg.startswith("-") and url is None, f"unsupported curl argument {arg!r}"
                url = arg
        assert url is not None and url.startswith("http://127.0.0.1:8000/"), url
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        method = method or ("POST" if data or files else "GET")
        if data and headers.get("Content-Type") != "application/json":
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        body = "&".join(data).encode() if data else None
        response = self.harness.client.request(method, target, headers=headers, content=body, files=files or None)
        self.responses.append((f"{method} {parts.path}", response.status_code))
        assert 200 <= response.status_code < 300, (method, parts.path, response.status_code, response.text)
        if output:
            (self.cwd / output).write_bytes(response.content)
        return response


def test_the_readme_walkthrough_parses_into_commands() -> None:
    commands = walkthrough_commands(README.read_text(encoding="utf-8"))
    assert sum(c.startswith("curl") or "$(curl" in c for c in commands) >= 8
    assert any("/estimates" in c and "-X POST" in c for c in commands)


def test_the_readme_walkthrough_runs_as_written(
    db_url: str, harness_factory: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("the walkthrough runs on the default database, SQLite")
    with harness_factory() as h:

        @contextmanager
        def cli_env() -> Iterator[None]:
            monkeypatch.setenv("CLAIMSIGHT_DATABASE_URL", h.state.settings.resolved_database_url)
            monkeypatch.setenv("CLAIMSIGHT_DATA_DIR", str(h.state.settings.data_dir))
            get_settings.cache_clear()
            try:
                yield
            finally:
                get_settings.cache_clear()

        workdir = tmp_path / "cwd"
        workdir.mkdir()
        shell = Shell(h, workdir, cli_env)
        for command in walkthrough_commands(README.read_text(encoding="utf-8")):
            shell.run(command)
    assert (workdir / "estimate.pdf").read_bytes().startswith(b"%PDF")
    assert [status for call, status in shell.responses if call.endswith("/estimates")] == [201]
