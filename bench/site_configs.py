"""Throw-away mkdocs.yml files for the bench.

`write_config` is the real mkdocs.yml pointed at another archive: the real
theme, features, plugins and Markdown extensions (read from the project's
mkdocs.yml, so a change there is benchmarked as it is), the real `docs/` and
`overrides/` by absolute path, and only the caresq plugin's `policies:` and the
watched policies folder pointing at the given archive (the other watched folder,
`generator/`, by absolute path, as `mkdocs serve` watches it). Extra plugin
options (the build cache's) can be given.

`write_plain_config` is the baseline for the generator's overhead: the same
site without the caresq plugin, over pages that `python -m generator export`
wrote. What the plugin sets at build time (navigation, its CSS and JS, the
glossary for `abbr`) is copied in literally, so both builds render the same
pages with the same theme and navigation and differ only by the generator. The
site's search (Pagefind, which the plugin runs after its build) is run on the
plain site by bench/build_once.py --pagefind, so both have it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from mkdocs.utils.yaml import yaml_load

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = "caresq"


def real_config() -> dict:
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as handle:
        return yaml_load(handle)  # resolves !ENV to its default, as a plain build does


def _is_plugin(entry) -> bool:
    return entry == PLUGIN or (isinstance(entry, dict) and PLUGIN in entry)


def _absolute_theme(config: dict) -> None:
    theme = config["theme"]
    if "custom_dir" in theme:
        theme["custom_dir"] = str(ROOT / theme["custom_dir"])


def _write(target_dir: Path, config: dict) -> Path:
    target_dir.mkdir(parents=True, exist_ok=True)
    path = target_dir / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def write_config(target_dir: Path, policies: Path, plugin_options: dict | None = None) -> Path:
    """Write `target_dir/mkdocs.yml`: the real site, built from `policies`, with the
    caresq plugin's options of mkdocs.yml overridden by `plugin_options` (such as `cache`)."""
    config = real_config()
    config["docs_dir"] = str(ROOT / config.get("docs_dir", "docs"))
    _absolute_theme(config)
    plugins = []
    watched_policies = "policies"
    for entry in config.get("plugins", []):
        if _is_plugin(entry):
            options = dict(entry[PLUGIN] or {}) if isinstance(entry, dict) else {}
            watched_policies = options.get("policies", watched_policies)
            options["policies"] = str(policies)
            options.update(plugin_options or {})
            entry = {PLUGIN: options}
        plugins.append(entry)
    config["plugins"] = plugins
    # What `mkdocs serve` watches: the archive instead of policies/, the rest (generator/) as it is.
    config["watch"] = [str(policies) if entry == watched_policies else str(ROOT / entry) for entry in config.get("watch", [])]
    if str(policies) not in config["watch"]:
        config["watch"].insert(0, str(policies))
    return _write(target_dir, config)


def plugin_settings(config_file: Path) -> dict:
    """What the caresq plugin adds to the configuration: nav, extra CSS/JS, abbr glossary."""
    import os

    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    config = load_config(str(config_file))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    config.plugins.on_files(get_files(config), config=config)
    return {
        "nav": config.nav,
        "extra_css": [str(item) for item in config.extra_css],
        "extra_javascript": [str(item) for item in config.extra_javascript],
        "abbr": dict(config.mdx_configs.get("abbr", {})),
    }


def merge_docs(exported_docs: Path, target: Path) -> Path:
    """The exported pages plus the hand-written pages of `docs/`: what the plugin build sees."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(exported_docs, target)
    shutil.copytree(ROOT / real_config().get("docs_dir", "docs"), target, dirs_exist_ok=True)
    return target


def write_plain_config(target_dir: Path, docs_dir: Path, settings: dict) -> Path:
    """Write `target_dir/mkdocs.yml`: the real site without the plugin, over `docs_dir`."""
    config = real_config()
    config["docs_dir"] = str(docs_dir)
    _absolute_theme(config)
    config.pop("watch", None)
    config["plugins"] = [entry for entry in config.get("plugins", []) if not _is_plugin(entry)]
    config["nav"] = settings["nav"]
    config["extra_css"] = settings["extra_css"]
    config["extra_javascript"] = settings["extra_javascript"]
    extensions = []
    for entry in config.get("markdown_extensions", []):
        if entry == "abbr" and settings["abbr"]:
            entry = {"abbr": settings["abbr"]}
        extensions.append(entry)
    config["markdown_extensions"] = extensions
    return _write(target_dir, config)
