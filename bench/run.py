"""`make bench`: times the key pages on a national dataset and on one a tenth its size.

    python -m bench.run [--rebuild] [--rounds N] [--datasets tenth national]

Each dataset lives in its own database on the same PostgreSQL server as the app (the embedded
one on a development machine; BENCH_DATABASE_URL names another server). A database is built
with `manage.py seed_scale` when it is missing, when the seeding code or its figures changed
since it was built (a stamp in the database's comment says which), or with --rebuild
(BENCH_REBUILD=1 in make). It is migrated before every run. Pages are then timed with DEBUG off,
in a process of their own per dataset (bench/measure.py), and the results are compared here:
bench/RESULTS.md (a table, printed too) and bench/results.json.
"""

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .measure import percentile
from .pages import FLOORS, MAX_GROWTH, MAX_QUERIES, PAGES

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = BASE_DIR / "bench"
PYTHON = sys.executable

# The national picture (DESIGN.md): 150 schemes, about 10,400 carer households, 9,900 people,
# five years of history; and the same at a tenth. seed_scale's own defaults are the national size.
DATASETS = {
    "national": {"database": "sharedlives_bench_national", "seed": []},
    "tenth": {"database": "sharedlives_bench_tenth", "seed": ["--tenth"]},
}
# A change to any of these rebuilds the datasets.
SEED_CODE = ["datasets/scale/*.py", "datasets/management/commands/seed_scale.py"]
# Production settings, apart from the database: what the measuring process runs with.
MEASURE_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-secret-key-not-used-anywhere-else-0123456789abcdef",
    "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    "LOG_LEVEL": "WARNING",
}


def server_url() -> str:
    """A URL of the PostgreSQL server the bench databases live on."""
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    from sharedlives.embedded_db import database_url

    return database_url()


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def seed_stamp(seed_args: list[str]) -> str:
    """What the dataset was built from: seed_scale's code and its arguments."""
    digest = hashlib.sha256(json.dumps(seed_args).encode())
    for pattern in SEED_CODE:
        for path in sorted(BASE_DIR.glob(pattern)):
            digest.update(path.name.encode() + path.read_bytes())
    return "bench dataset " + digest.hexdigest()[:16]


def _admin(url: str):
    import psycopg

    return psycopg.connect(with_database(url, "postgres"), autocommit=True)


def current_stamp(url: str, database: str) -> str | None:
    """None when the database does not exist; else its comment ('' when it has none)."""
    with _admin(url) as conn:
        row = conn.execute(
            "SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database WHERE datname = %s",
            [database],
        ).fetchone()
    return None if row is None else row[0]


def manage(*args: str, database_url: str, env: dict | None = None) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=BASE_DIR,
        env={**os.environ, "DEBUG": "1", **(env or {}), "DATABASE_URL": database_url},
        check=True,
    )


def ensure_dataset(url: str, name: str, *, rebuild: bool) -> str:
    """Build the dataset's database if it is missing or out of date; return its URL."""
    from psycopg import sql

    spec = DATASETS[name]
    database, stamp = spec["database"], seed_stamp(spec["seed"])
    database_url = with_database(url, database)
    found = current_stamp(url, database)
    if found == stamp and not rebuild:
        print(f"{name}: {database} is up to date.", flush=True)
        manage("migrate", "--noinput", "-v0", database_url=database_url)
        return database_url
    why = "rebuild asked for" if rebuild else "missing" if found is None else "out of date"
    print(f"{name}: building {database} ({why}); this takes a while.", flush=True)
    started = time.monotonic()
    with _admin(url) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    manage("migrate", "--noinput", "-v0", database_url=database_url)
    manage("seed_scale", *spec["seed"], database_url=database_url)
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    with _admin(url) as conn:
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(database), sql.Literal(stamp))
        )
    print(f"{name}: built in {time.monotonic() - started:.0f} s.", flush=True)
    return database_url


def measure(name: str, database_url: str, *, rounds: int, warmup: int) -> dict:
    """One turn of timing `name`'s pages; merge() pools the turns."""
    out = BENCH_DIR / f"{name}.json.tmp"
    print(f"{name}: timing pages ({rounds} requests each after {warmup} to warm up) ...", flush=True)
    subprocess.run(
        [PYTHON, "-m", "bench.measure", "--out", str(out), "--rounds", str(rounds), "--warmup", str(warmup)]
        + ["--turn"],
        cwd=BASE_DIR,
        env={**os.environ, **MEASURE_ENV, "DATABASE_URL": database_url},
        check=True,
    )
    result = json.loads(out.read_text())
    out.unlink()
    return result


def merge(passes: list[dict]) -> dict:
    """One dataset's passes as one result: every timed request's sample pooled, the figures
    worked out again over them, the queries and the rest from the first pass."""
    merged = {**passes[0], "rounds": sum(p["rounds"] for p in passes), "passes": len(passes)}
    merged["pages"] = {}
    for key, page in passes[0]["pages"].items():
        samples = [x for p in passes for x in p["pages"][key]["samples_ms"]]
        merged["pages"][key] = {
            **page,
            "n": len(samples),
            "p50_ms": round(percentile(samples, 50), 2),
            "p95_ms": round(percentile(samples, 95), 2),
            "mean_ms": round(statistics.fmean(samples), 2),
            "min_ms": round(min(samples), 2),
            "max_ms": round(max(samples), 2),
            "samples_ms": samples,
        }
    return merged


def compare(results: dict) -> dict:
    """Per page: both datasets' figures, its ratio to its persona's floor, the growth, the verdict."""
    national, tenth = results.get("national"), results.get("tenth")
    largest = national or tenth  # the floor ratio is read on the largest dataset measured
    rows = {}
    for page in [*FLOORS.values(), *PAGES]:
        n = national["pages"][page.key] if national else None
        t = tenth["pages"][page.key] if tenth else None
        here = largest["pages"][page.key]
        floor = largest["pages"][FLOORS[page.persona].key]
        row = {
            "title": page.title,
            "persona": page.persona,
            "is_floor": page.key.startswith("floor_"),
            "queries": {"tenth": t and t["queries"], "national": n and n["queries"]},
            "tenth": t and {k: t[k] for k in ("p50_ms", "p95_ms")},
            "national": n and {k: n[k] for k in ("p50_ms", "p95_ms")},
            "floor_ratio": round(here["p50_ms"] / floor["p50_ms"], 2),
            "growth": round(n["p50_ms"] / t["p50_ms"], 2) if n and t else None,
            "max_floor_ratio": page.max_floor_ratio,
        }
        misses = []
        if not row["is_floor"]:
            counts = [c for c in row["queries"].values() if c is not None]
            if any(c > MAX_QUERIES for c in counts):
                misses.append(f"queries > {MAX_QUERIES}")
            if len(set(counts)) > 1:
                misses.append("queries grow with data")
            if row["growth"] is not None and row["growth"] > MAX_GROWTH:
                misses.append(f"growth > {MAX_GROWTH}")
            if row["floor_ratio"] is not None and row["floor_ratio"] > page.max_floor_ratio:
                misses.append(f"> {page.max_floor_ratio:g}× floor")
        row["misses"] = misses
        rows[page.key] = row
    return rows


def _ms(figures: dict | None, key: str) -> str:
    return "–" if not figures else f"{figures[key]:.1f}"


def table(rows: dict) -> str:
    lines = [
        "| Page | Who | Queries tenth / national | p50 / p95 tenth (ms) | p50 / p95 national (ms) "
        "| × floor | Growth | Target |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows.values():
        q = row["queries"]
        verdict = "" if row["is_floor"] else ("✓" if not row["misses"] else "✗ " + ", ".join(row["misses"]))
        growth = "" if row["growth"] is None else f"{row['growth']:.2f}"
        ratio = "" if row["is_floor"] else f"{row['floor_ratio']:.1f} (≤{row['max_floor_ratio']:g})"
        lines.append(
            f"| {row['title']} | {row['persona']} | {q['tenth'] if q['tenth'] is not None else '–'} / "
            f"{q['national'] if q['national'] is not None else '–'} "
            f"| {_ms(row['tenth'], 'p50_ms')} / {_ms(row['tenth'], 'p95_ms')} "
            f"| {_ms(row['national'], 'p50_ms')} / {_ms(row['national'], 'p95_ms')} "
            f"| {ratio} | {growth} | {verdict} |"
        )
    return "\n".join(lines)


def write_report(results: dict, rows: dict) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    sizes = []
    for name, result in results.items():
        d = result["dataset"]
        sizes.append(
            f"- **{name}** (`{result['database']}`): {d['schemes']:,} schemes, "
            f"{d['households']:,} households, "
            f"{d['people']:,} people, {d['referrals']:,} referrals, {d['proposals']:,} proposals, "
            f"{d['arrangements']:,} arrangements, {d['bookings']:,} bookings; pages of "
            f"{result['scheme']['name']} (the largest scheme), "
            f"{result['rounds']} timed requests per page in {result.get('passes', 1)} turns taken with "
            f"the other dataset, each after {result['warmup']} to warm up."
        )
    missed = [row["title"] for row in rows.values() if row["misses"]]
    cores = os.cpu_count()
    body = f"""# Page timings

`make bench` on {when}, {cores} CPU cores. Server time per request through the whole middleware stack
(django.test.Client, real sessions, DEBUG off, production settings), p50 and p95, and the queries
of one request counted. Each page is compared with the floor of its persona: a signed-in page that
renders the base layout and nothing else (`/signed-in/`). Growth is national p50 / tenth p50.

{chr(10).join(sizes)}

Targets: at most {MAX_QUERIES} queries on every key page and the same number at both sizes;
growth ≤ {MAX_GROWTH}; p50 ≤ 5× floor (the ranking across schemes ≤ 10×).

{table(rows)}

{"All key pages meet their targets." if not missed else "Missing a target: " + ", ".join(missed) + "."}

Raw figures, with every page's SQL: `bench/results.json`. One page's SQL on any database:
`python -m bench.measure --show-queries ranking` (with DATABASE_URL and DEBUG=0).
"""
    (BENCH_DIR / "RESULTS.md").write_text(body)
    (BENCH_DIR / "results.json").write_text(
        json.dumps({"generated": when, "cpu_count": cores, "datasets": results, "pages": rows}, indent=2)
    )
    return table(rows)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rebuild", action="store_true", default=os.environ.get("BENCH_REBUILD") == "1")
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", 40)))
    parser.add_argument(
        "--passes", type=int, default=4, help="turns each dataset takes; the rounds are shared among them"
    )
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--datasets", nargs="+", choices=list(DATASETS), default=["tenth", "national"])
    parser.add_argument("--build-only", action="store_true", help="build the databases, time nothing")
    args = parser.parse_args(argv)

    url = server_url()
    urls = {name: ensure_dataset(url, name, rebuild=args.rebuild) for name in args.datasets}
    if args.build_only:
        return
    # Pages are timed with DEBUG off, so the static files' manifest must exist (as in production).
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env={**os.environ, **MEASURE_ENV, "DATABASE_URL": urls[args.datasets[0]]},
        check=True,
    )
    # The datasets take turns, a few rounds at a time, so that a slow spell of the machine falls on
    # both alike and the growth (national / tenth) measures the data, not the moment.
    if args.rounds < 30:
        parser.error("--rounds must be at least 30 for a p95 worth reading")
    passes = max(1, args.passes)
    per_pass = -(-args.rounds // passes)
    timed: dict[str, list[dict]] = {name: [] for name in args.datasets}
    for _ in range(passes):
        for name in args.datasets:
            timed[name].append(measure(name, urls[name], rounds=per_pass, warmup=args.warmup))
    results = {name: merge(timed[name]) for name in args.datasets}
    rows = compare(results)
    print()
    print(write_report(results, rows))
    print(f"\nWritten: {BENCH_DIR / 'RESULTS.md'}, {BENCH_DIR / 'results.json'}")


if __name__ == "__main__":
    main()
