"""CPU timers around the generator's functions during one build: where its time goes.

Not a profiler. Each timed function gets a thin wrapper that adds the CPU time of
this process, the wall-clock time and the CPU time of child processes (Pagefind)
spent inside it to the chain of timed calls it was made under, such as
`on_files > outputs.build_site > outputs.ical.care_type_feeds`. Everything else runs at
full speed, so the figures add up to the build's own CPU time, unlike cProfile's.

What is timed:
- every method of the plugin class (its MkDocs hooks);
- the functions in TARGETS: loading and checking, `build_site` and each of its parts;
- every public function, and every method of a public class, of the modules in
  `generator.plugin` other than the hooks' own module: the theme fixes, the CSP,
  Pagefind, and whatever is added there later (a build cache, say).
A function is replaced wherever the generator holds it (a `from x import f` binds
it in more than one module). A target that no longer exists is skipped and listed,
so a refactor of the generator does not break the bench.

Used by `bench/build_once.py --timers FILE`.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
import resource
import sys
import time

PACKAGE = "generator"
PLUGIN_MODULE, PLUGIN_CLASS = "generator.plugin.plugin", "CaresqPlugin"
TARGETS = (
    ("generator.check", "load_archive"),
    ("generator.load", "read_archive"),
    ("generator.check", "check_archive"),
    ("generator.outputs", "build_site"),
    ("generator.outputs.pages", "asset_files"),
    ("generator.outputs.pages", "care_type_pages"),
    ("generator.outputs.pages", "aggregate_pages"),
    ("generator.outputs.changes", "care_type_changes"),
    ("generator.outputs.changes", "aggregate_changes"),
    ("generator.outputs.ical", "care_type_feeds"),
    ("generator.outputs.ical", "combined_feed"),
    ("generator.outputs.opendata", "care_type_data"),
    ("generator.outputs.opendata", "aggregate_data"),
    ("generator.outputs.nav", "navigation"),
)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class Timers:
    def __init__(self) -> None:
        self.stack: list[str] = []
        # chain of labels -> [calls, CPU of this process, wall-clock, CPU of child processes]
        self.totals: dict[tuple[str, ...], list] = {}
        self.skipped: list[str] = []

    def wrap(self, label: str, function):
        @functools.wraps(function)  # keeps MkDocs' event priority attributes on hooks
        def timed(*args, **kwargs):
            self.stack.append(label)
            chain = tuple(self.stack)
            wall, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
            try:
                return function(*args, **kwargs)
            finally:
                row = self.totals.setdefault(chain, [0, 0.0, 0.0, 0.0])
                row[0] += 1
                row[1] += time.process_time() - cpu
                row[2] += time.perf_counter() - wall
                row[3] += _children_cpu() - children
                self.stack.pop()

        timed.__bench_timed__ = True
        return timed

    def as_json(self) -> dict:
        return {
            "nodes": [{"chain": list(chain), "calls": calls, "cpu": cpu + children, "wall": wall,
                       "children_cpu": children} for chain, (calls, cpu, wall, children) in self.totals.items()],
            "skipped": self.skipped,
        }


def _label(function) -> str:
    module = function.__module__.removeprefix(PACKAGE + ".")
    return f"{module}.{function.__name__}"


def _replace_everywhere(original, wrapped) -> None:
    """Put `wrapped` wherever a generator module holds `original` as a global."""
    for name, module in list(sys.modules.items()):
        if module is None or not (name == PACKAGE or name.startswith(PACKAGE + ".")):
            continue
        for attribute, value in list(vars(module).items()):
            if value is original:
                setattr(module, attribute, wrapped)


def install() -> Timers:
    """Import the generator and wrap its timed functions. Call before MkDocs loads the plugin."""
    timers = Timers()
    importlib.import_module(PLUGIN_MODULE)  # imports (nearly) the whole generator
    plugin_class = getattr(sys.modules[PLUGIN_MODULE], PLUGIN_CLASS)
    for name, member in list(vars(plugin_class).items()):
        if inspect.isfunction(member) and not name.startswith("__"):
            setattr(plugin_class, name, timers.wrap(name, member))

    functions = []
    for module_name, name in TARGETS:
        try:
            function = getattr(importlib.import_module(module_name), name)
        except (ImportError, AttributeError):
            timers.skipped.append(f"{module_name}.{name}")
            continue
        functions.append(function)
    plugin_package = importlib.import_module("generator.plugin")
    for info in pkgutil.iter_modules(plugin_package.__path__, "generator.plugin."):
        if info.name == PLUGIN_MODULE:
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if name.startswith("_") or getattr(value, "__module__", None) != info.name:
                continue
            if inspect.isfunction(value):
                functions.append(value)
            elif inspect.isclass(value):  # its own methods (a cache's lookup and store, say)
                for method_name, method in list(vars(value).items()):
                    if inspect.isfunction(method) and not method_name.startswith("__"):
                        setattr(value, method_name, timers.wrap(f"{_label(value)}.{method_name}", method))
    seen: set[int] = set()
    for function in functions:
        if id(function) in seen or getattr(function, "__bench_timed__", False):
            continue
        seen.add(id(function))
        _replace_everywhere(function, timers.wrap(_label(function), function))
    return timers
