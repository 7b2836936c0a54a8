"""The `Archive`: every document of `policies/`, parsed and validated, with its source file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from .documents import Glossary, Organisation, Policy, SharedSection
from .errors import Problem
from .source import SourceFile


@dataclass
class Archive:
    """Everything in `policies/`, validated. `files` maps each object to its source file."""

    root: Path
    organisation: Organisation
    glossary: Glossary
    shared: dict[tuple[str, str], SharedSection]
    policies: list[Policy]
    files: dict[int, SourceFile] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # warnings only; errors raise

    def source_of(self, obj: BaseModel) -> SourceFile:
        return self.files[id(obj)]

    def relative_path(self, obj: BaseModel) -> str:
        return self.source_of(obj).path.relative_to(self.root.parent).as_posix()

    def shared_versions(self, section: str) -> list[SharedSection]:
        return sorted((s for (sid, _), s in self.shared.items() if sid == section), key=lambda s: s.version)

    def care_types(self) -> dict[str, list[Policy]]:
        """Care type id -> its policies, oldest year first."""
        grouped: dict[str, list[Policy]] = {}
        for policy in self.policies:
            grouped.setdefault(policy.care_type, []).append(policy)
        return grouped
