"""Layer 1, the model: what a file in `policies/` may contain, as pydantic documents.

The only place that knows the YAML keys (the field aliases). No I/O, no HTML.
`documents` holds the documents and field types, `archive` the loaded whole,
`source` a parsed file's values and positions, `errors` problems and exceptions.
"""

from importlib import import_module

# Imported on first use: `errors` alone is light, the documents (pydantic) are not.
_PUBLIC = {
    "Archive": ".archive",
    "Glossary": ".documents", "Organisation": ".documents", "Policy": ".documents", "SharedSection": ".documents",
    "GeneratorError": ".errors", "PolicyError": ".errors", "Problem": ".errors", "Severity": ".errors",
}


def __getattr__(name: str):
    if name in _PUBLIC:
        return getattr(import_module(_PUBLIC[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = sorted(_PUBLIC)
