"""Layer 1, the model: what a file in `policies/` may contain, as pydantic documents.

The only place that knows the YAML keys (the field aliases). No I/O, no HTML.
`documents` holds the documents and field types, `archive` the loaded whole,
`source` a parsed file's values and positions, `errors` problems and exceptions.
"""

from .archive import Archive
from .documents import Glossary, Organisation, Policy, SharedSection
from .errors import GeneratorError, PolicyError, Problem, Severity

__all__ = ["Archive", "GeneratorError", "Glossary", "Organisation", "Policy", "PolicyError", "Problem", "Severity",
           "SharedSection"]
