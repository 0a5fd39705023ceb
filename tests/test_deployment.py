"""The container, compose file and systemd unit start commands that the CLI really has.

Docker does not run on every machine that runs these tests; what can be checked without it is
that every command the deployment files give to `jejak` exists, that the probes ask for a path
Jejak's HTTP server serves, and that the image does not run as root.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
import yaml

from bot.cli.app import app

ROOT = Path(__file__).resolve().parent.parent


def _cli_knows(args: list[str]) -> bool:
    """True when `jejak ARGS…` names an existing command (options after it are not checked)."""
    command = typer.main.get_command(app)
    for word in args:
        if word.startswith("-"):
            break
        subcommands = getattr(command, "commands", None)  # a group's, by name
        if subcommands is None or word not in subcommands:
            return False
        command = subcommands[word]
    return getattr(command, "commands", None) is None


def _dockerfile() -> dict[str, list[str]]:
    """ENTRYPOINT, CMD and HEALTHCHECK of the final stage, in their JSON (exec) form."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    final = text.split("\nFROM ")[-1]
    found: dict[str, list[str]] = {}
    for line in final.splitlines():
        match = re.match(r"(ENTRYPOINT|CMD|USER|HEALTHCHECK)\s+(.*)", line.strip())
        if match:
            value = match.group(2)
            if match.group(1) == "HEALTHCHECK":
                value = value[value.index("CMD") + 3 :].strip()
            found[match.group(1)] = json.loads(value) if value.startswith("[") else [value]
    return found


def test_the_image_starts_jejak_run_as_a_user_that_is_not_root() -> None:
    docker = _dockerfile()
    assert docker["ENTRYPOINT"] == ["jejak"]
    assert _cli_knows(docker["CMD"]), docker["CMD"]
    assert docker["USER"][0] not in ("root", "0")


def test_every_compose_command_is_a_jejak_command() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    built = [name for name, service in services.items() if "build" in service]
    assert set(built) == {"migrate", "jejak"}
    for name in built:
        assert _cli_knows(services[name]["command"]), (name, services[name]["command"])
    assert services["migrate"]["command"] == ["db", "upgrade"]
    url = services["jejak"]["environment"]["JEJAK_DATABASE_URL"]
    assert url.startswith("postgresql+asyncpg://"), "compose runs Jejak on PostgreSQL"
    after = services["jejak"]["depends_on"]["migrate"]["condition"]
    assert after == "service_completed_successfully", "Jejak starts after the migrations"


def test_the_systemd_unit_runs_commands_the_cli_has() -> None:
    unit = (ROOT / "deploy" / "jejak.service").read_text(encoding="utf-8")
    commands = re.findall(r"^Exec\w+=\S*/jejak (.+)$", unit, flags=re.MULTILINE)
    assert [c.split() for c in commands] == [["db", "upgrade"], ["run"]]
    assert all(_cli_knows(c.split()) for c in commands)
    assert "UMask=0077" in unit, "files Jejak writes stay private to its user"


@pytest.mark.parametrize("where", ["Dockerfile", "compose.yaml"])
def test_health_probes_ask_for_the_path_jejak_serves(where: str) -> None:
    from bot.run import web_app
    from config.settings import Settings

    text = (ROOT / where).read_text(encoding="utf-8")
    probed = set(re.findall(r"http://127\.0\.0\.1:8080(/[a-z]+)", text))
    assert probed, f"{where} has no health probe"

    async def database_ok() -> bool:
        return True

    app = web_app(Settings(_env_file=None), None, database_ok)
    served = {r.resource.canonical for r in app.router.routes() if r.resource is not None}
    assert probed <= served, (probed, served)


def test_python_dash_m_bot_is_the_console_script() -> None:
    ran = subprocess.run(
        [sys.executable, "-m", "bot", "--help"], capture_output=True, text=True, cwd=ROOT
    )
    assert ran.returncode == 0, ran.stderr
    for command in ("run", "demo", "export", "roster", "db"):
        assert re.search(rf"\b{command}\b", ran.stdout), command


def test_an_unknown_command_is_not_taken_for_one() -> None:
    """The check above can fail: a command the CLI does not have is refused."""
    assert not _cli_knows(["serve"])
    assert not _cli_knows(["db"])  # a group, not a command
    assert _cli_knows(["db", "upgrade"])
