"""Every benchmark in one run: one table of figures against targets, also written as JSON.

Run: python benchmarks/run_all.py   (a few minutes; writes benchmarks/results/latest.json)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def main() -> None:
    import bench_bot
    import bench_charts
    import bench_model
    import bench_storage
    from table import print_table

    suites = {
        "model": bench_model,
        "charts": bench_charts,
        "storage": bench_storage,
        "bot": bench_bot,
    }
    results = {}
    for name, module in suites.items():
        print(f"\n## {name}", flush=True)
        results[name] = module.run()
        print_table(results[name])
    out = HERE / "results" / "latest.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"\nwritten to {out.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
