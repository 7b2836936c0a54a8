"""The long run of the `check` contract (tests/contract_support.py): many mutated archives,
each through `check`, and when it passes through the build and the output validators.

    .venv/bin/python bench/property_run.py                      # 10,000 examples, 2 worker processes
    .venv/bin/python bench/property_run.py --examples 500 --workers 1 --seed 7

Each worker runs Hypothesis with its own seed and its share of the examples; a worker
that finds a broken example prints Hypothesis's shrunk example and stops. The last line
is the result: examples run, how many passed check and were built, failures, time.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def worker(examples: int, seed: int) -> dict:
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as with_seed

    from contract_support import check_then_build, mutated_archive, write_archive

    root = Path(tempfile.mkdtemp(prefix="contract-")) / "policies"
    counts = {"examples": 0, "built": 0, "failures": 0, "failure": None}

    @with_seed(seed)
    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(mutated_archive())
    def contract(files):
        counts["examples"] += 1
        outcome = check_then_build(write_archive(root, files))
        counts["built"] += outcome.exit_code == 0

    try:
        contract()
    except Exception as error:  # Hypothesis re-raises the shrunk failure
        counts["failures"] = 1
        counts["failure"] = f"{type(error).__name__}: {error}"[:4000]
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=20261124)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.examples, args.seed)))
        return
    started = time.monotonic()
    share = -(-args.examples // args.workers)
    processes = [subprocess.Popen([sys.executable, __file__, "--worker", "--examples", str(share),
                                   "--seed", str(args.seed + index)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
                 for index in range(args.workers)]
    results = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in processes]
    elapsed = time.monotonic() - started
    for result in results:
        if result["failure"]:
            print(result["failure"])
    total = {key: sum(r[key] for r in results) for key in ("examples", "built", "failures")}
    print(f"property run: {total['examples']} examples ({total['built']} passed check and were built), "
          f"{total['failures']} failure(s), {elapsed / 60:.1f} min, {args.workers} worker(s), seed {args.seed}")
    sys.exit(1 if total["failures"] else 0)


if __name__ == "__main__":
    main()
