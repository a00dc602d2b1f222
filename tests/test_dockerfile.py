"""The container image, checked without a Docker engine.

The Dockerfile is parsed and its build replayed on this machine: the build context filtered by
.dockerignore, COPY into a folder standing for the image's file system, and every RUN that installs
Python code executed as written (absolute paths moved under that folder). The dependency layer is
satisfied from the dependencies already installed for the tests (made visible to the new environment
the way --system-site-packages would, so nothing is downloaded for them); the package itself is built
and installed from the clean copy. Then the image's own commands run from that environment: `smsbridge
--help`, the HEALTHCHECK, and the CMD against the fake Bot API with the documented `docker run`
environment. README's docker commands must be the ones written here.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

import pytest

from bot.config import Settings, load_settings
from tests.fake_telegram import FakeTelegram

REPO = Path(__file__).resolve().parents[1]
DOCKER_BUILD = "docker build -t smsbridge ."
DOCKER_RUN = """\
docker run -d --name smsbridge --restart unless-stopped -v smsbridge-data:/data \\
  -e TELEGRAM_BOT_TOKEN=123456:your-bot-token \\
  -e TELEGRAM_API_URL=https://api.telegram.org/bot \\
  -e ADMIN_IDS=your-telegram-user-id \\
  -e SMS_USERNAME=your-panel-username \\
  -e SMS_PASSWORD=your-panel-password \\
  -e SMS_SENDER=your-panel-number \\
  -e SMS_TRANSPORT=soap \\
  -e SMS_WSDL=/opt/venv/lib/python3.11/site-packages/bot/gateway/service.wsdl \\
  -e SMS_ENDPOINT=https://webservice.0098sms.com/service.asmx \\
  -e SMS_LINK_URL=https://0098sms.com/sendsmslink.aspx \\
  -e SMS_DOMAIN=0098 \\
  -e SMS_TIMEOUT=20 \\
  -e SMS_SANDBOX=false \\
  -e DATABASE_PATH=/data/smsbridge.db \\
  -e TIMEZONE=Asia/Tehran \\
  -e LOG_LEVEL=INFO \\
  -e DELIVERY_POLL_FIRST=30 \\
  -e DELIVERY_POLL_MAX=1800 \\
  -e DELIVERY_TRACK_HOURS=48 \\
  -e LOW_BALANCE_THRESHOLD=100 \\
  -e BALANCE_CHECK_MINUTES=60 \\
  -e BOT_LANGUAGE=fa \\
  -e BULK_CONCURRENCY=8 \\
  -e BULK_RATE=0 \\
  -e EXPORT_FILE_MB=50 \\
  -e WEBHOOK_URL= \\
  -e WEBHOOK_LISTEN=0.0.0.0 \\
  -e WEBHOOK_PORT=8443 \\
  -e WEBHOOK_SECRET= \\
  -e SEND_CONFIRM_PARTS=5 \\
  -e BULK_TEXT_WAIT_MINUTES=15 \\
  -e LOG_CUSTOMER_DATA=false \\
  -e UPLOAD_MAX_KB=1024 \\
  -e WEEKLY_REPORT= \\
  -e METRICS_PORT=0 \\
  -e METRICS_HOST=127.0.0.1 \\
  -e SCHEDULE_MODE=bot \\
  -e SCHEDULE_GRACE=3600 \\
  -e SMS_PROXY= \\
  -e TELEGRAM_PROXY= \\
  -e BULK_APPROVAL_OVER=100 \\
  smsbridge"""
# What an admin puts in place of the placeholders (ADMIN_IDS must be numeric).
FILLED_IN = {"ADMIN_IDS": "111"}
SETTINGS_VARIABLES = {name.upper() for name in Settings.model_fields}
SECRETS = ("your-panel-password", "your-bot-token")
ADMIN = 111
PYTHON = f"python{sys.version_info.major}.{sys.version_info.minor}"  # the image's is 3.11, like this one


# ---------------------------------------------------------------- reading the Dockerfile


@dataclass(frozen=True)
class Step:
    keyword: str
    args: str


def parse_dockerfile(text: str) -> list[Step]:
    """Instructions with their continuation lines joined (comment lines inside them dropped)."""
    steps: list[Step] = []
    pending = ""
    for line in text.splitlines():
        if line.strip().startswith("#") or (not pending and not line.strip()):
            continue
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        keyword, _, args = (pending + line).strip().partition(" ")
        steps.append(Step(keyword.upper(), args.strip()))
        pending = ""
    return steps


STEPS = parse_dockerfile((REPO / "Dockerfile").read_text(encoding="utf-8"))


def _all(keyword: str) -> list[Step]:
    return [step for step in STEPS if step.keyword == keyword]


def _index(predicate_keyword: str, text: str = "") -> int:
    return next(i for i, s in enumerate(STEPS) if s.keyword == predicate_keyword and text in s.args)


def _env_pairs(args: str) -> list[tuple[str, str]]:
    return [(name, value) for name, _, value in (word.partition("=") for word in shlex.split(args))]


def _exec_form(args: str) -> list[str]:
    form = json.loads(args)
    assert isinstance(form, list)
    return [str(part) for part in form]


def run_env_of(command: str) -> dict[str, str]:
    """The `-e NAME=value` pairs of a `docker run` command."""
    words = shlex.split(command.replace("\\\n", " "))
    return dict(words[i + 1].partition("=")[::2] for i, word in enumerate(words) if word == "-e")


def test_base_image_is_slim_python_311() -> None:
    assert re.fullmatch(r"python:3\.11(\.\d+)?-slim(-[a-z]+)?", STEPS[0].args), STEPS[0]


def test_dependencies_are_installed_in_their_own_layer_before_the_code() -> None:
    copies = [i for i, step in enumerate(STEPS) if step.keyword == "COPY"]
    assert shlex.split(STEPS[copies[0]].args)[:-1] == ["pyproject.toml"]
    between = [s for s in STEPS[copies[0] + 1 : copies[1]] if s.keyword == "RUN"]
    assert any("pip install" in s.args and "--no-deps" not in s.args for s in between), between
    code_install = [s for s in STEPS[copies[-1] + 1 :] if s.keyword == "RUN" and "pip install" in s.args]
    assert code_install and "--no-deps" in shlex.split(code_install[0].args)


def test_every_package_of_the_project_is_copied() -> None:
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    include = project["tool"]["setuptools"]["packages"]["find"]["include"]
    packages = {
        path.name for path in REPO.iterdir()
        if (path / "__init__.py").exists() and any(fnmatch(path.name, pattern) for pattern in include)
    }
    copied = {source for step in _all("COPY") for source in shlex.split(step.args)[:-1]}
    assert packages <= copied
    assert project["project"]["readme"] in copied  # setuptools reads it while building


def test_runs_as_a_non_root_user_with_the_database_in_a_volume() -> None:
    users = _all("USER")
    assert users and users[-1].args.split(":")[0] not in {"root", "0"}
    assert _index("USER") > max(i for i, s in enumerate(STEPS) if s.keyword == "RUN")
    env = dict(pair for step in _all("ENV") for pair in _env_pairs(step.args))
    assert env["DATABASE_PATH"] == "/data/smsbridge.db"
    volumes = [v for step in _all("VOLUME") for v in _exec_form(step.args)]
    assert "/data" in volumes


def test_configuration_comes_only_from_the_environment() -> None:
    env = dict(pair for step in _all("ENV") for pair in _env_pairs(step.args))
    assert set(env) & SETTINGS_VARIABLES == {"DATABASE_PATH"}  # no setting, least of all a secret
    assert not _all("ARG")
    assert not any(".env" in step.args for step in _all("COPY") + _all("ADD"))


def test_healthcheck_and_start_commands() -> None:
    [health] = _all("HEALTHCHECK")
    options, _, command = health.args.partition("CMD ")
    assert _exec_form(command) == ["smsbridge", "health"]
    assert "--interval=" in options
    assert _exec_form(_all("CMD")[-1].args) == ["smsbridge", "run"]


# ---------------------------------------------------------------- the build context


@dataclass(frozen=True)
class IgnoreRule:
    negated: bool
    pattern: re.Pattern[str]
    source: str


def ignore_rules(text: str) -> list[IgnoreRule]:
    rules = []
    for line in text.splitlines():
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        negated = entry.startswith("!")
        source = entry.removeprefix("!").strip().strip("/")
        rules.append(IgnoreRule(negated, re.compile(_glob_regex(source)), source))
    return rules


def _glob_regex(glob: str) -> str:
    """Docker's pattern syntax: `*` and `?` stay within a folder, `**` crosses folders."""
    regex, i = "", 0
    while i < len(glob):
        if glob.startswith("**/", i):
            regex, i = regex + "(?:.*/)?", i + 3
        elif glob.startswith("**", i):
            regex, i = regex + ".*", i + 2
        elif glob[i] == "*":
            regex, i = regex + "[^/]*", i + 1
        elif glob[i] == "?":
            regex, i = regex + "[^/]", i + 1
        elif glob[i] == "[":
            end = glob.index("]", i)
            regex, i = regex + glob[i : end + 1], end + 1
        else:
            regex, i = regex + re.escape(glob[i]), i + 1
    return regex


RULES = ignore_rules((REPO / ".dockerignore").read_text(encoding="utf-8"))


def is_ignored(path: str) -> bool:
    """Docker's rule: the last pattern matching the path or one of its parent folders decides."""
    parts = path.split("/")
    candidates = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    ignored = False
    for rule in RULES:
        if any(rule.pattern.fullmatch(candidate) for candidate in candidates):
            ignored = not rule.negated
    return ignored


def _may_reinclude(folder: str) -> bool:
    return any(r.negated and (r.source.startswith(folder + "/") or "**" in r.source) for r in RULES)


def build_context() -> list[str]:
    """The files `docker build .` would send, relative to the repository."""
    files = []
    for top, folders, names in os.walk(REPO):
        base = Path(top).relative_to(REPO).as_posix()
        prefix = "" if base == "." else base + "/"
        folders[:] = [f for f in folders if not (is_ignored(prefix + f) and not _may_reinclude(prefix + f))]
        files += [prefix + name for name in names if not is_ignored(prefix + name)]
    return sorted(files)


CONTEXT = build_context()


def test_build_context_holds_the_code_and_nothing_else() -> None:
    for needed in ("pyproject.toml", "README.md", "bot/cli.py", "bot/gateway/service.wsdl", "storage/db.py"):
        assert needed in CONTEXT
    tops = {path.split("/")[0] for path in CONTEXT}
    assert tops == {"pyproject.toml", "README.md", "bot", "storage"}
    assert not [path for path in CONTEXT if "__pycache__" in path or path.endswith(".pyc")]


@pytest.mark.parametrize(
    "path",
    [".env", ".git/HEAD", ".venv/bin/python", "venv/bin/pip", "data/smsbridge.db", "smsbridge.db",
     "tests/test_bot_send.py", "bench/latency.py", ".pytest_cache/v/x", ".mypy_cache/3.11/x.json",
     ".hypothesis/examples/x", "bot/__pycache__/cli.cpython-311.pyc", "smsbridge.egg-info/PKG-INFO",
     "build/lib/bot/cli.py", ".ci/run"],
)
def test_dockerignore_keeps_out(path: str) -> None:
    assert is_ignored(path)


# ---------------------------------------------------------------- replaying the build


@dataclass
class Image:
    """The replayed image: `root` stands for its "/", `env` and `workdir` are those of `docker run`."""

    root: Path
    env: dict[str, str]
    workdir: Path
    build_log: list[str] = field(default_factory=list)

    def path(self, absolute: str) -> Path:
        return self.root / absolute.lstrip("/")

    def command(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.path("/opt/venv/bin") / args[0]), *args[1:]], cwd=self.workdir,
            env={**self.env, **(env or {})}, capture_output=True, text=True, timeout=60,
        )


class Replay:
    def __init__(self, root: Path) -> None:
        self.image = Image(root, self._host_env(root), root)
        self._dependencies_visible = False

    @staticmethod
    def _host_env(root: Path) -> dict[str, str]:
        """This machine's environment as a fresh container would see it: no bot settings, no venv."""
        shim = root.parent / "base-python"
        shim.mkdir(exist_ok=True)
        base = Path(sys.base_prefix, "bin", PYTHON)
        for name in ("python", "python3"):
            (shim / name).symlink_to(base)
        dropped = SETTINGS_VARIABLES | {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP"}
        env = {key: value for key, value in os.environ.items() if key.upper() not in dropped}
        env["PATH"] = f"{shim}:/usr/local/bin:/usr/bin:/bin"
        return env

    def rebase(self, text: str) -> str:
        """Absolute paths in an instruction, moved under the image's root."""
        return re.sub(r"(^|(?<=[\s:=]))/(?=\w)", f"{self.image.root}/", text)

    def step(self, step: Step) -> None:
        image = self.image
        if step.keyword == "ENV":
            for name, value in _env_pairs(step.args):
                image.env[name] = re.sub(
                    r"\$\{?(\w+)\}?", lambda m: image.env.get(m[1], ""), self.rebase(value)
                )
        elif step.keyword == "WORKDIR":
            image.workdir = Path(self.rebase(step.args))
            image.workdir.mkdir(parents=True, exist_ok=True)
        elif step.keyword == "COPY":
            *sources, target = shlex.split(step.args)
            for source in sources:
                self._copy(source, target)
        elif step.keyword == "RUN":
            self._run(step.args)

    def _copy(self, source: str, target: str) -> None:
        files = [path for path in CONTEXT if path == source or path.startswith(source.rstrip("/") + "/")]
        assert files, f"COPY {source}: not in the build context"
        destination = self.image.workdir / target if not target.startswith("/") else Path(self.rebase(target))
        for path in files:
            inside = Path(path).name if path == source else path[len(source.rstrip("/")) + 1 :]
            to = destination / inside if target.endswith("/") or path != source else destination
            to.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / path, to)

    def _run(self, command: str) -> None:
        if not re.search(r"\b(python|pip)\b", command):
            # Users and folders only, which need root and change nothing the checks below look at.
            parts = [part.strip() for part in command.split("&&")]
            assert all(re.match(r"(useradd|mkdir|chown)\b", part) for part in parts), command
            return
        result = subprocess.run(
            ["sh", "-c", self.rebase(command)], cwd=self.image.workdir, env=self.image.env,
            capture_output=True, text=True, timeout=120,
        )
        self.image.build_log.append(f"$ {command}\n{result.stdout}{result.stderr}")
        assert result.returncode == 0, "\n".join(self.image.build_log)
        self._make_dependencies_visible()

    def _make_dependencies_visible(self) -> None:
        """Once the environment exists: the tests' installed packages as its system site-packages."""
        venv = Path(self.image.env.get("VIRTUAL_ENV", "/nonexistent"))
        site = venv / "lib" / PYTHON / "site-packages"
        if site.is_dir() and not self._dependencies_visible:
            (site / "zz-installed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
            self._dependencies_visible = True


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Image]:
    replay = Replay(tmp_path_factory.mktemp("image") / "root")
    replay.image.root.mkdir()
    for step in STEPS[1:]:
        replay.step(step)
    yield replay.image


def documented_env(image: Image, **overrides: str) -> dict[str, str]:
    """The README's `docker run -e` values, placeholders filled in, paths inside the image."""
    env = {**run_env_of(DOCKER_RUN), **FILLED_IN, **overrides}
    return {name: re.sub(r"^/(?=\w)", f"{image.root}/", value) for name, value in env.items()}


def test_the_package_is_installed_from_the_clean_copy(image: Image) -> None:
    site = image.path(f"/opt/venv/lib/{PYTHON}/site-packages")
    result = image.command("python", "-c", "import bot, storage; print(bot.__file__, storage.__file__)")
    assert result.returncode == 0, result.stderr
    for module in result.stdout.split():
        assert Path(module).is_relative_to(site), module  # not the editable checkout the tests run from
    assert Path(run_env_of(DOCKER_RUN)["SMS_WSDL"].replace("/", str(image.root) + "/", 1)).is_file()


def test_help_lists_the_commands(image: Image) -> None:
    result = image.command("smsbridge", "--help")
    assert result.returncode == 0, result.stderr
    for command in ("run", "health", "send", "balance", "status", "check"):
        assert command in result.stdout


def test_healthcheck_is_unhealthy_on_an_empty_database(image: Image) -> None:
    result = image.command("smsbridge", "health", env=documented_env(image))
    assert result.returncode == 1
    # DATABASE_PATH from the image, in the volume; health never creates the database (issue 10)
    assert "unhealthy: no database" in result.stderr and "/data/smsbridge.db" in result.stderr
    assert not image.path("/data/smsbridge.db").exists()
    assert not any(secret in result.stdout + result.stderr for secret in SECRETS)


async def test_the_image_command_runs_the_bot_and_becomes_healthy(
    image: Image, fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    env = documented_env(
        image, TELEGRAM_BOT_TOKEN=fake_telegram.token, TELEGRAM_API_URL=fake_telegram.base_url,
        ADMIN_IDS=str(ADMIN), SMS_SANDBOX="true", BOT_LANGUAGE="en",
        DATABASE_PATH=str(tmp_path / "data" / "smsbridge.db"),
    )
    [command] = [_exec_form(step.args) for step in _all("CMD")]
    log = (tmp_path / "run.log").open("w")
    process = await asyncio.create_subprocess_exec(
        str(image.path("/opt/venv/bin") / command[0]), *command[1:], cwd=image.workdir,
        env={**image.env, **env}, stdout=log, stderr=log,
    )
    try:
        await fake_telegram.wait_for(lambda: _said(fake_telegram, "started"), timeout=30)
        update = fake_telegram.send_text(ADMIN, "/balance", language_code="en")
        await fake_telegram.wait_for(lambda: _replied(fake_telegram, update), timeout=10)
        assert await _becomes_healthy(image, env)
    finally:
        process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(process.wait(), timeout=20)
        log.close()
    output = (tmp_path / "run.log").read_text()
    assert code == 0, output
    assert not any(secret in output for secret in (*SECRETS, fake_telegram.token))


def _said(fake: FakeTelegram, words: str) -> bool:
    return any(words in message.get("text", "") for message in fake.messages_in(ADMIN))


def _replied(fake: FakeTelegram, update: dict[str, object]) -> bool:
    message = update["message"]
    assert isinstance(message, dict)
    return any(
        (reply.get("reply_to_message") or {}).get("message_id") == message["message_id"]
        and "Credit" in reply.get("text", "")
        for reply in fake.messages_in(ADMIN)
    )


async def _becomes_healthy(image: Image, env: dict[str, str]) -> bool:
    """The HEALTHCHECK, retried like Docker does while the first delivery sweep is due."""
    for _ in range(20):
        result = await asyncio.to_thread(image.command, "smsbridge", "health", env=env)
        if result.returncode == 0 and "healthy" in result.stdout:
            return True
        await asyncio.sleep(0.25)
    return False


# ---------------------------------------------------------------- README


def test_documented_run_command_sets_every_setting_and_they_are_valid() -> None:
    env = run_env_of(DOCKER_RUN)
    assert set(env) == SETTINGS_VARIABLES
    dockerfile_env = dict(pair for step in _all("ENV") for pair in _env_pairs(step.args))
    assert env["DATABASE_PATH"] == dockerfile_env["DATABASE_PATH"]
    assert "-v smsbridge-data:/data" in DOCKER_RUN and DOCKER_RUN.rstrip().endswith(" smsbridge")
    assert DOCKER_BUILD.split()[-2:] == ["smsbridge", "."]
    values = {name.lower(): value for name, value in {**env, **FILLED_IN}.items()}
    settings = load_settings(Settings, _env_file=None, **values)
    assert settings.database_path == Path("/data/smsbridge.db") and not settings.sms_sandbox


def _docker_commands(markdown: str) -> list[str]:
    """`docker build`/`docker run` commands in the text, continuation lines joined."""
    commands, current = [], ""
    for line in markdown.splitlines():
        if current or line.strip().startswith(("docker build", "docker run")):
            current += " " + line.strip().rstrip("\\").strip()
            if not line.rstrip().endswith("\\"):
                commands.append(current.strip())
                current = ""
    return commands


def test_readme_documents_these_docker_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    documented = _docker_commands(readme)
    if not documented:
        pytest.skip("README.md has no docker build/docker run section yet")
    expected = _docker_commands(f"{DOCKER_BUILD}\n{DOCKER_RUN}")
    assert [c for c in documented if c.startswith("docker build")] == expected[:1]
    assert [c for c in documented if c.startswith("docker run")] == expected[1:]
