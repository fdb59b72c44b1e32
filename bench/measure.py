"""Times the key pages on the database DATABASE_URL names, through the whole middleware stack.

    DATABASE_URL=... DEBUG=0 SECRET_KEY=... ALLOWED_HOSTS=testserver python -m bench.measure --out FILE

Each persona gets a real session (signed in as the login page would: password, then the second
factor for staff). Each page is requested a few times to warm up, once more with its queries
counted, then in rounds (every page once per round, so a slow moment of the machine falls on all
pages alike). `bench.run` calls this once per dataset; it is also handy alone, on any database:
`--show-queries ranking` prints the SQL of one page.
"""

import argparse
import json
import os
import statistics
import sys
import time


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sharedlives.settings")
    import django

    django.setup()


def signed_in_client(user):
    """A test client with a real session for `user`, signed in as the login page would sign them
    in (password, then the authenticator code for staff): the tests' own helper."""
    from django.test import Client

    from tests.factories import sign_in

    return sign_in(Client(), user)


def get(client, url: str):
    # secure: production settings redirect plain HTTP to HTTPS, as the proxy in front would not.
    response = client.get(url, secure=True)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}, not 200: every benchmarked page must work.")
    return response


def percentile(samples: list[float], pct: int) -> float:
    """Inclusive percentile (p50 is the median)."""
    return statistics.quantiles(samples, n=100, method="inclusive")[pct - 1]


def dataset_size() -> dict:
    from arrangements.models import Arrangement, Booking
    from carers.models import Household
    from matching.models import MatchProposal
    from people.models import Person, Referral
    from sharedlives.accounts.models import Scheme
    from sharedlives.audit.models import AccessLog

    models = {
        "schemes": Scheme,
        "households": Household,
        "people": Person,
        "referrals": Referral,
        "proposals": MatchProposal,
        "arrangements": Arrangement,
        "bookings": Booking,
        "access_log": AccessLog,
    }
    return {name: model._base_manager.count() for name, model in models.items()}


def measure(*, rounds: int, warmup: int, only: set[str] | None = None) -> dict:
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .pages import FLOORS, PAGES
    from .targets import find_targets

    targets = find_targets()
    pages = [*FLOORS.values(), *PAGES]
    if only:
        pages = [p for p in pages if p.key in only]
    clients = {persona: signed_in_client(user) for persona, user in targets.users.items()}
    urls = {page.key: page.url(targets) for page in pages}

    queries = {}
    for page in pages:
        client = clients[page.persona]
        for _ in range(warmup):
            get(client, urls[page.key])
        with CaptureQueriesContext(connection) as captured:
            get(client, urls[page.key])
        queries[page.key] = [q["sql"] for q in captured.captured_queries]

    samples: dict[str, list[float]] = {page.key: [] for page in pages}
    for _ in range(rounds):
        for page in pages:
            client = clients[page.persona]
            started = time.perf_counter()
            get(client, urls[page.key])
            samples[page.key].append((time.perf_counter() - started) * 1000)

    return {
        "debug": settings.DEBUG,
        "database": connection.settings_dict["NAME"],
        "dataset": dataset_size(),
        "scheme": {"id": targets.scheme.pk, "name": targets.scheme.name},
        "users": {persona: user.email for persona, user in targets.users.items()},
        "rounds": rounds,
        "warmup": warmup,
        "pages": {
            page.key: {
                "title": page.title,
                "persona": page.persona,
                "url": urls[page.key],
                "queries": len(queries[page.key]),
                "sql": queries[page.key],
                "n": len(samples[page.key]),
                "p50_ms": round(percentile(samples[page.key], 50), 2),
                "p95_ms": round(percentile(samples[page.key], 95), 2),
                "mean_ms": round(statistics.fmean(samples[page.key]), 2),
                "min_ms": round(min(samples[page.key]), 2),
                "max_ms": round(max(samples[page.key]), 2),
                "samples_ms": [round(x, 3) for x in samples[page.key]],
            }
            for page in pages
        },
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", help="write the results here as JSON")
    parser.add_argument("--rounds", type=int, default=40, help="timed requests per page (at least 30)")
    parser.add_argument(
        "--turn", action="store_true", help="one of several turns whose samples bench.run pools (30 in all)"
    )
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per page first")
    parser.add_argument("--only", nargs="*", help="page keys to measure (default: all)")
    parser.add_argument("--show-queries", metavar="PAGE", help="print the SQL of one page and stop")
    parser.add_argument("--allow-debug", action="store_true", help="measure even with DEBUG on")
    args = parser.parse_args(argv)
    if args.rounds < 30 and not args.show_queries and not args.turn:
        parser.error("--rounds must be at least 30 for a p95 worth reading")

    setup_django()
    from django.conf import settings

    if settings.DEBUG and not args.allow_debug:
        sys.exit("DEBUG is on, which records every query and slows every page: run with DEBUG=0.")

    if args.show_queries:
        _show_queries(args.show_queries)
        return
    result = measure(rounds=args.rounds, warmup=args.warmup, only=set(args.only or ()))
    if args.out:
        with open(args.out, "w") as f:
            json.dump(result, f, indent=2)
    for key, page in result["pages"].items():
        print(
            f"{key:<20} {page['queries']:>3} queries"
            f"  p50 {page['p50_ms']:>8.1f} ms  p95 {page['p95_ms']:>8.1f} ms"
        )


def _show_queries(key: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .pages import FLOORS, PAGES
    from .targets import find_targets

    page = {p.key: p for p in [*FLOORS.values(), *PAGES]}[key]
    targets = find_targets()
    client = signed_in_client(targets.user(page.persona))
    url = page.url(targets)
    get(client, url)
    with CaptureQueriesContext(connection) as captured:
        get(client, url)
    print(f"{url}: {len(captured.captured_queries)} queries")
    for i, q in enumerate(captured.captured_queries, 1):
        print(f"\n-- {i} ({q['time']} s)\n{q['sql']}")


if __name__ == "__main__":
    main()
