"""References to numbered chapters: "hoofdstuk 4" or "artikel 2.2" in a policy's text must
name a chapter that policy numbers (`nummer`), or the link on the full policy page is missing.

Only policies that number their chapters are checked, and there the rule is an error: such
a policy follows its source's numbering, so a number it does not have is a typo or a chapter
that was left out, and the reader who follows it lands nowhere. A policy without numbers
(a secondary source, say, that quotes another document's chapters) is left alone: its
references are not links. "punt N" is not checked: a source also says it of a list item.
Shared sections are not checked here; on a policy's page their references resolve against
that policy's chapters.
"""

from __future__ import annotations

from ..model.archive import Archive
from ..model.documents import CHAPTER_REFERENCE, walk_chapters
from ..model.errors import Problem
from .texts import file_texts

CHECKED_WORDS = frozenset({"hoofdstuk", "paragraaf", "artikel"})


def reference_problems(archive: Archive) -> list[Problem]:
    """An error for each "hoofdstuk N"/"paragraaf N"/"artikel N" whose number no chapter of its policy carries."""
    found: list[Problem] = []
    for policy in archive.policies:
        numbers = {chapter.number for chapter in walk_chapters(policy.chapters) if chapter.number}
        if not numbers:
            continue  # only the texts of a policy that numbers its chapters are read
        source = archive.source_of(policy)
        for value in file_texts(archive, source):
            for match in CHAPTER_REFERENCE.finditer(value.text):
                word, number = match.group(1).lower(), match.group(2)
                if word in CHECKED_WORDS and number not in numbers:
                    known = ", ".join(sorted(numbers, key=lambda n: tuple(int(p) for p in n.split("."))))
                    found.append(source.problem(
                        value.path, f"'{match.group(0)}' verwijst naar een nummer dat geen hoofdstuk van dit beleid heeft",
                        f"controleer het nummer in de bron, of geef het hoofdstuk 'nummer: \"{number}\"' "
                        f"(de hoofdstukken hebben nu: {known})"))
    return found
