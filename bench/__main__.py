"""The benchmark's command line: `python -m bench run --sizes 10000 50000 250000`.

Each size runs in its own process (Django is set up once per process, on that size's
own database); the results are bench/results/<N>.json and bench/results/<N>-explain/,
and one table of every size run is printed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from bench import report
from bench.run import ROOT, SHARED_CORPUS, Options

DEFAULT_WORK = ROOT / "bench" / "work"
DEFAULT_RESULTS = ROOT / "bench" / "results"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="Build the corpora and run the benchmark at each size.")
    _common(run)
    run.add_argument("--sizes", type=int, nargs="+", default=[10000], help="Numbers of cables.")

    one = commands.add_parser("one", help="Run one size in this process (used by `run`).")
    _common(one)
    one.add_argument("--size", type=int, required=True, help="Number of cables.")

    build = commands.add_parser("build", help="Only build the corpora (bench/work/corpus-N-…).")
    build.add_argument("--sizes", type=int, nargs="+", default=[10000], help="Numbers of cables.")
    build.add_argument("--work", type=Path, default=DEFAULT_WORK, help="Work folder.")
    build.add_argument("--seed", type=int, default=1, help="Random seed of the corpus.")
    build.add_argument("--templates", type=int, default=None, help="Use only the first pages.")

    table = commands.add_parser("table", help="Print the table of saved results.")
    table.add_argument("--results", type=Path, default=DEFAULT_RESULTS, help="Results folder.")

    argv = sys.argv[1:] if argv is None else argv
    args = parser.parse_args(argv)
    if args.command == "build":
        return _build(args)
    if args.command == "table":
        print(report.table(report.load(args.results)))
        return 0
    if args.command == "one":
        return _one(args)
    return _run(args, argv)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="Corpora, static files.")
    parser.add_argument("--results", type=Path, default=DEFAULT_RESULTS, help="Results folder.")
    parser.add_argument("--corpus", type=Path, default=SHARED_CORPUS, help="The real pages.")
    parser.add_argument("--seed", type=int, default=1, help="Random seed of the corpus.")
    parser.add_argument(
        "--templates", type=int, default=None, help="Use only the first pages (quick runs)."
    )
    parser.add_argument(
        "--db-prefix",
        default="bench",
        help="The run's database is <prefix>_<N>; dropped and created fresh.",
    )
    parser.add_argument("--repeat", type=int, default=30, help="Timed requests per request.")
    parser.add_argument(
        "--export-repeat", type=int, default=5, help="Timed requests per whole-file export."
    )
    parser.add_argument(
        "--series-seconds",
        type=float,
        default=30,
        help="Stop timing one side of a request (ours, or a Datasette variant) after this"
        " long, once it has been timed 3 times (at 3× this, whatever the count).",
    )
    parser.add_argument("--load-seconds", type=int, default=10, help="Duration of each wrk run.")
    parser.add_argument(
        "--connections", type=int, nargs="+", default=[8, 32, 64], help="wrk connections (mix)."
    )
    parser.add_argument(
        "--kind-connections", type=int, default=32, help="wrk connections per page kind."
    )
    parser.add_argument(
        "--concurrent-exports", type=int, default=5, help="Whole CSV exports sent at once."
    )
    parser.add_argument(
        "--search-queries", type=int, default=1000, help="Distinct queries of the search load."
    )
    parser.add_argument(
        "--no-datasette", action="store_true", help="Leave out the Datasette comparison."
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * (os.cpu_count() or 1) + 1,
        help="gunicorn workers (default 2 × cores + 1).",
    )
    parser.add_argument("--threads", type=int, default=2, help="Threads per gunicorn worker.")
    parser.add_argument("--keep-db", action="store_true", help="Keep the database afterwards.")


def _build(args) -> int:
    from bench import corpus

    for size in args.sizes:
        built = corpus.build(
            size,
            corpus=SHARED_CORPUS,
            work=args.work,
            seed=args.seed,
            template_limit=args.templates,
        )
        print(json.dumps(built.as_dict()))
    return 0


def _run(args, argv: list[str]) -> int:
    passed = [a for a in argv if a != "run"]
    for size in args.sizes:
        forwarded = _without_sizes(passed)
        command = [sys.executable, "-m", "bench", "one", "--size", str(size), *forwarded]
        if subprocess.run(command, cwd=ROOT).returncode != 0:
            print(f"the run at {size} cables failed", file=sys.stderr)
            return 1
    results = [r for r in report.load(args.results) if r["cables"] in args.sizes]
    print(report.table(results))
    return 0


def _without_sizes(argv: list[str]) -> list[str]:
    out, skipping = [], False
    for arg in argv:
        if arg.startswith("--"):
            skipping = arg == "--sizes"
            if skipping:
                continue
        if not skipping:
            out.append(arg)
    return out


def _one(args) -> int:
    from bench import run

    options = Options(
        size=args.size,
        work=args.work.resolve(),
        results=args.results.resolve(),
        db_name=f"{args.db_prefix}_{args.size}",
        seed=args.seed,
        templates=args.templates,
        repeat=args.repeat,
        export_repeat=args.export_repeat,
        series_seconds=args.series_seconds,
        load_seconds=args.load_seconds,
        connections=tuple(args.connections),
        kind_connections=args.kind_connections,
        concurrent_exports=args.concurrent_exports,
        search_queries=args.search_queries,
        datasette=not args.no_datasette,
        workers=args.workers,
        threads=args.threads,
        keep_db=args.keep_db,
        corpus_path=args.corpus,
    )
    run.configure_environment(options)
    run.run(options)
    return 0


if __name__ == "__main__":
    sys.exit(main())
