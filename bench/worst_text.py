"""The build of a 1 MiB policy file of the worst text `check` lets through, against a 1 MiB
file of ordinary text. Target: under 10x.

    .venv/bin/python bench/worst_text.py [--runs 3] [--size 1000000]

Each candidate fills a copy of the synthetic archive's wijkzorg 2026 policy with chapters
of one kind of text, each text at most `MAX_TEXT` characters, until the file is just under
the 1 MiB file limit. `check` must pass it (else the candidate is not allowed and is
listed as refused); then the build (`load_archive` + `build_site`, in this process) is
timed as CPU time, the median of the runs. Every text is made unique (its number at the
end), since the renderer caches by text. The candidates are the texts that were slow before the
limits (unclosed '[', '![', '[a](', '*a_', deep quotes) pushed to what the limits allow,
and other Markdown that makes work per character (entities, escapes, glossary terms,
emphasis, nested lists, line breaks, many links), each repeated as often as the limits
allow in one text (`_dense`). Two ordinary files: the bundled policies' own texts, ten a
chapter, and long paragraphs of plain prose.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator import SiteOptions, build_site, load_archive  # noqa: E402
from generator.check.limits import MAX_BRACKETS, MAX_TEXT  # noqa: E402
from generator.load.yamlsource import MAX_BYTES  # noqa: E402

SYNTHETIC = ROOT / "tests" / "archive"
POLICY = "zorgsoorten/wijkzorg/2026.yaml"
ORDINARY = ("De zorgaanbieder levert de zorg volgens de geldende richtlijnen en het Kwaliteitskader Wijkverpleging. "
            "Hij registreert de zorg in het dossier en bespreekt het zorgplan met de cliënt. ")


def _policy_texts() -> list[str]:
    """The Markdown texts of the bundled policies: what editors ordinarily write."""
    from generator.check.texts import archive_texts

    return [t.text for t in archive_texts(load_archive(ROOT / "policies")) if t.field in ("tekst", "toelichting", "inleiding")]


def _fill(unit: str, length: int = MAX_TEXT) -> str:
    return (unit * (length // len(unit) + 1))[:length].rstrip("\\ ")


def _dense(unit: str) -> str:
    """`unit` repeated as often as `check`'s text limits allow in one text, the rest ordinary prose."""
    from generator.check.limits import text_limits

    low, high = 1, MAX_TEXT // len(unit)
    while low < high:  # the largest count that passes
        middle = (low + high + 1) // 2
        if text_limits(unit * middle + " " + _fill(ORDINARY, MAX_TEXT - middle * len(unit) - 1)):
            high = middle - 1
        else:
            low = middle
    return unit * low + " " + _fill(ORDINARY, MAX_TEXT - low * len(unit) - 1)


def _links(length: int = MAX_TEXT) -> str:
    """As many '[' as allowed, each closed as late as allowed: one long link text after another."""
    span = length // MAX_BRACKETS - 30
    return "".join(f"[{'a' * span}](https://x.example/(y))" for _ in range(MAX_BRACKETS))[:length]


CANDIDATES = {
    "ordinary: the bundled policies' texts": _policy_texts(),
    "ordinary: long paragraphs of prose": _fill(ORDINARY),
    "short ordinary texts": ORDINARY[:80],
    "links, each as long as allowed": _links(),
    "links up to the limit": _dense("[a](https://x.example/b) "),
    "unclosed-looking brackets": _dense("[a] [b]: "),
    "30 bracket pairs then text": "[a] " * MAX_BRACKETS + _fill(ORDINARY, MAX_TEXT - 4 * MAX_BRACKETS),
    "*a_ repeated": _dense("*a_"),
    "_a* repeated": _dense("_a*"),
    "** repeated": _dense("**a"),
    "< repeated": _fill("< "),
    "& entities": _fill("&#106;&amp;"),
    "backslash escapes": _dense("\\*\\_\\["),
    "backticks": _dense("`a"),
    "glossary terms": _fill("VVT WMO "),
    "hard line breaks": _dense("a  \n"),
    "quotes three deep": _dense("> > > a\n"),
    "nested lists": _dense("- a\n  - b\n    - c\n      - d\n"),
    "headings": _dense("# a\n"),
    "autolinks": _fill("<https://x.example/a> "),
    "emphasis in links": _dense("[*a* _b_](https://x.example/c) "),
    "lines up to the limit": _fill("- a b c d e f g h i j k l m n o p q r s t u v w x y z\n", MAX_TEXT),
}


def policy_with(texts: str | list[str], size: int) -> str:
    """The synthetic policy with chapters of `texts` added (one text a chapter, or ten of a list) up to `size` bytes."""
    base = (SYNTHETIC / POLICY).read_text(encoding="utf-8")
    head, marker, tail = base.partition("\nhoofdstukken:\n")
    chapters, used, i = [], len(base.encode("utf-8")), 0
    pool = [texts] if isinstance(texts, str) else texts
    per_chapter = 1 if isinstance(texts, str) else 10
    while True:
        # Every text differs (the renderer caches by text): its last characters are its number.
        blocks = ""
        for j in range(per_chapter):
            text = pool[(i * per_chapter + j) % len(pool)]
            unique = text[: max(len(text) - 8, 0) if isinstance(texts, str) else len(text)] + f" {i:07d}"
            blocks += "      - tekst: " + json.dumps(unique, ensure_ascii=False) + "\n"
        part = f"  - id: extra-{i}\n    titel: Extra {i}\n    inhoud:\n" + blocks
        if used + len(part.encode("utf-8")) > size:
            break
        chapters.append(part)
        used += len(part.encode("utf-8"))
        i += 1
    return head + marker + "".join(chapters) + tail


def measure(text: str, size: int, runs: int) -> tuple[float | None, int, str]:
    work = Path(tempfile.mkdtemp(prefix="worst-text-")) / "policies"
    shutil.copytree(SYNTHETIC, work, ignore=shutil.ignore_patterns("README.md"))
    content = policy_with(text, size)
    (work / POLICY).write_text(content, encoding="utf-8")
    from generator import PolicyError

    try:
        archive = load_archive(work)
    except PolicyError as error:
        first = next(p for p in error.problems if p.is_error)
        return None, len(content.encode("utf-8")), first.message
    times = []
    for _ in range(runs):
        started = time.process_time()
        build_site(load_archive(work), SiteOptions(base_url="https://proef.example.test/beleid/"))
        times.append(time.process_time() - started)
    shutil.rmtree(work.parent)
    del archive
    return statistics.median(times), len(content.encode("utf-8")), ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", type=int, default=MAX_BYTES - 4096)
    args = parser.parse_args()
    results = {}
    for name, text in CANDIDATES.items():
        seconds, size, refused = measure(text, args.size, args.runs)
        results[name] = (seconds, size, refused)
        shown = f"{seconds:7.2f} s" if seconds is not None else f"refused by check: {refused}"
        print(f"{name:34} {size / 1024:7.0f} KiB  {shown}", flush=True)
    allowed = {name: r for name, r in results.items() if r[0] is not None}
    worst = max(allowed, key=lambda name: allowed[name][0])
    for name in [n for n in CANDIDATES if n.startswith("ordinary")]:
        ordinary = results[name][0]
        ratio = allowed[worst][0] / ordinary
        print(f"worst: {worst}, {allowed[worst][0]:.2f} s CPU against {ordinary:.2f} s for {name}: "
              f"{ratio:.1f}x (target < 10x) — {'MET' if ratio < 10 else 'MISSED'}")


if __name__ == "__main__":
    main()
