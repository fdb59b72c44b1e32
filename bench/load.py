"""`make load`: gunicorn on 127.0.0.1 against the national dataset, driven by locust.

    python -m bench.load [--users 50] [--spawn-rate 10] [--time 2m]

1. Makes sure the national bench database exists (built as `make bench` builds it), then copies
   it to a throwaway database for this run, so the rows the journeys add never reach the bench.
2. Picks the accounts the journeys sign in with (coordinators with referrals to rank, carers with
   proposals to answer, family members, people who decide for themselves, staff with reviews to
   record), gives them the demo password in the copy and writes them, with their authenticator
   keys, to a file for locust.
3. Starts gunicorn (2 workers per CPU core, production settings, whitenoise for static files),
   runs locust headless in .venv-locust, follows each worker's memory, stops gunicorn.
4. Writes bench/LOAD.md and bench/load.json and prints the summary: requests per second,
   p50/p95/p99, errors and each worker's peak memory, against the targets.
"""

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = BASE_DIR / "bench"
LOCUST = BASE_DIR / ".venv-locust" / "bin" / "locust"
GUNICORN = Path(sys.executable).parent / "gunicorn"
LOAD_DATABASE = "sharedlives_bench_load"
BIND = "127.0.0.1:8001"

# Targets (README): no errors, p95 under 300 ms, every worker under 250 MB.
MAX_P95_MS = 300
MAX_WORKER_MB = 250

# How many accounts of each kind to prepare, at most: more than the users of each kind locust starts,
# so that no two simulated users share an account.
POOL_SIZES = {"staff": 40, "reviewers": 15, "carers": 40, "families": 25, "people": 25}
USER_CLASSES = {
    "staff": "Coordinator",
    "reviewers": "Reviewer",
    "carers": "Carer",
    "families": "Family",
    "people": "Person",
}


# --- In the app's environment: choosing the accounts ------------------------------------------------
def prepare_accounts(out: str) -> None:
    """Runs inside Django (the load database): choose accounts, set their password, write them out."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sharedlives.settings")
    import django

    django.setup()
    from allauth.mfa.adapter import get_adapter
    from allauth.mfa.models import Authenticator
    from django.contrib.auth.hashers import make_password
    from django.db.models import Count, Exists, OuterRef
    from django.utils import timezone

    from arrangements.models import Arrangement
    from arrangements.services.reviews import reviews_due
    from carers.models import Carer
    from matching.models import MatchProposal, ProposalStatus, Response, Side
    from people.models import Referral, ReferralStatus, Representative
    from people.selectors import person_side_decider
    from sharedlives.accounts.demo import DEMO_PASSWORD
    from sharedlives.accounts.models import Scheme, SchemeMembership, User

    today = timezone.localdate()
    secrets = {
        a.user_id: get_adapter().decrypt(a.data["secret"])
        for a in Authenticator.objects.filter(type=Authenticator.Type.TOTP)
    }
    chosen: dict[str, list[dict]] = {kind: [] for kind in POOL_SIZES}
    used: set[int] = set()

    def staff_of(scheme, role=None):
        memberships = SchemeMembership.objects.filter(scheme=scheme, user__is_active=True)
        if role:
            memberships = memberships.filter(role=role)
        for m in memberships.select_related("user").order_by("pk"):
            if m.user_id in secrets and m.user_id not in used and m.user.memberships.count() == 1:
                return m.user
        return None

    schemes = Scheme.objects.annotate(n=Count("households")).filter(n__gt=0).order_by("-n", "pk")
    for scheme in schemes:
        if len(chosen["staff"]) >= POOL_SIZES["staff"]:
            break
        referrals = list(
            Referral.objects.filter(person__scheme=scheme, status=ReferralStatus.MATCHING)
            .order_by("pk")
            .values_list("pk", flat=True)[:20]
        )
        user = referrals and staff_of(scheme, SchemeMembership.Role.COORDINATOR)
        if user:
            used.add(user.pk)
            chosen["staff"].append({"email": user.email, "totp": secrets[user.pk], "referrals": referrals})
    for scheme in schemes:
        if len(chosen["reviewers"]) >= POOL_SIZES["reviewers"]:
            break
        user = staff_of(scheme)
        if user is None:
            continue
        due = reviews_due(Arrangement.objects.filter(scheme=scheme, start_date__lt=today), today=today)
        arrangements = list(due.values_list("pk", flat=True)[:30])
        if arrangements:
            used.add(user.pk)
            chosen["reviewers"].append(
                {"email": user.email, "totp": secrets[user.pk], "arrangements": arrangements}
            )

    carer_answered = Response.objects.filter(proposal=OuterRef("pk"), side=Side.CARER)
    waiting_for_carers = MatchProposal.objects.filter(status=ProposalStatus.PROPOSED).exclude(
        Exists(carer_answered)
    )
    carers = (
        Carer.objects.filter(user__is_active=True)
        .filter(Exists(waiting_for_carers.filter(household=OuterRef("household"))))
        .select_related("user")
        .order_by("pk")[: POOL_SIZES["carers"]]
    )
    chosen["carers"] = [{"email": c.user.email, "totp": secrets.get(c.user_id)} for c in carers]

    representatives = (
        Representative.objects.current()
        .filter(user__is_active=True, may_see_proposals=True)
        .filter(Exists(MatchProposal.objects.filter(person=OuterRef("person")).exclude(status="draft")))
        .select_related("user")
        .order_by("user_id")
        .distinct("user_id")[: POOL_SIZES["families"]]
    )
    chosen["families"] = [{"email": r.user.email, "totp": secrets.get(r.user_id)} for r in representatives]

    person_answered = Response.objects.filter(proposal=OuterRef("pk"), side=Side.PERSON)
    waiting_for_people = (
        MatchProposal.objects.filter(status=ProposalStatus.PROPOSED, person__user__is_active=True)
        .exclude(Exists(person_answered))
        .select_related("person__user")
        .order_by("pk")
    )
    for proposal in waiting_for_people[:500]:
        if len(chosen["people"]) >= POOL_SIZES["people"]:
            break
        user = proposal.person.user
        if user.email not in {p["email"] for p in chosen["people"]} and person_side_decider(
            proposal.person
        ).allows(user):
            chosen["people"].append({"email": user.email, "totp": secrets.get(user.pk)})

    emails = [a["email"] for accounts in chosen.values() for a in accounts]
    User.objects.filter(email__in=emails).update(password=make_password(DEMO_PASSWORD))
    Path(out).write_text(json.dumps({"password": DEMO_PASSWORD, **chosen}, indent=2))
    print("Accounts: " + ", ".join(f"{len(v)} {k}" for k, v in chosen.items()), flush=True)


# --- The run ------------------------------------------------------------------------------------------
def production_env(database_url: str) -> dict:
    from .run import MEASURE_ENV

    return {**os.environ, **MEASURE_ENV, "DATABASE_URL": database_url, "ALLOWED_HOSTS": "127.0.0.1,localhost"}


def copy_database(server: str) -> str:
    from psycopg import sql

    from .run import DATASETS, _admin, with_database

    source = DATASETS["national"]["database"]
    with _admin(server) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(LOAD_DATABASE)))
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
                sql.Identifier(LOAD_DATABASE), sql.Identifier(source)
            )
        )
    return with_database(server, LOAD_DATABASE)


def ensure_locust() -> None:
    """.venv-locust with the pinned locust, (re)installed when the pins change."""
    stamp = BASE_DIR / ".venv-locust" / ".installed"
    pins = BENCH_DIR / "locust-requirements.txt"
    if stamp.exists() and stamp.read_text() == pins.read_text():
        return
    if not LOCUST.parent.exists():
        subprocess.run([sys.executable, "-m", "venv", str(BASE_DIR / ".venv-locust")], check=True)
    pip = LOCUST.parent / "pip"
    subprocess.run([str(pip), "install", "--quiet", "-r", str(pins)], check=True)
    stamp.write_text(pins.read_text())


def workers_of(master: int) -> list[int]:
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except FileNotFoundError:
        return []
    return [int(pid) for pid in children]


def peak_memory_mb(pid: int) -> float | None:
    """The process's peak resident memory so far (VmHWM)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        return None
    return None


def wait_for_server(proc, url: str, timeout: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("gunicorn stopped while starting; see its output above.")
        try:
            # As through the TLS proxy: plain HTTP is otherwise redirected to HTTPS.
            request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
            urllib.request.urlopen(request, timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer within a minute.")


def aggregated(stats_csv: Path) -> tuple[dict, list[dict]]:
    rows = list(csv.DictReader(stats_csv.open()))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    return total, [r for r in rows if r["Name"] != "Aggregated"]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=int, default=10)
    parser.add_argument("--time", default="2m")
    parser.add_argument("--prepare-accounts", metavar="FILE", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.prepare_accounts:
        prepare_accounts(args.prepare_accounts)
        return

    from .run import ensure_dataset, server_url

    ensure_locust()
    server = server_url()
    ensure_dataset(server, "national", rebuild=False)
    print(f"Copying the national dataset to {LOAD_DATABASE} ...", flush=True)
    database_url = copy_database(server)
    env = production_env(database_url)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True
    )
    workdir = Path(tempfile.mkdtemp(prefix="sharedlives-load-"))
    accounts = workdir / "accounts.json"
    subprocess.run(
        [sys.executable, "-m", "bench.load", "--prepare-accounts", str(accounts)],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )
    pools = json.loads(accounts.read_text())
    classes = [USER_CLASSES[kind] for kind in USER_CLASSES if pools.get(kind)]

    workers = 2 * (os.cpu_count() or 1)
    print(f"Starting gunicorn with {workers} workers on {BIND} ...", flush=True)
    gunicorn = subprocess.Popen(
        [str(GUNICORN), "sharedlives.wsgi", "--workers", str(workers), "--bind", BIND]
        + ["--log-level", "warning"],
        cwd=BASE_DIR,
        env=env,
    )
    peaks: dict[int, float] = {}
    try:
        wait_for_server(gunicorn, f"http://{BIND}/static/css/app.css")
        print(f"Running locust: {args.users} users ({', '.join(classes)}) for {args.time} ...", flush=True)
        locust = subprocess.Popen(
            [
                str(LOCUST),
                "-f",
                str(BENCH_DIR / "locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                args.time,
                "--host",
                f"http://{BIND}",
                "--csv",
                str(workdir / "load"),
                "--only-summary",
                "--loglevel",
                "WARNING",
                *classes,
            ],
            cwd=BASE_DIR,
            env={**os.environ, "LOAD_ACCOUNTS": str(accounts)},
        )
        while locust.poll() is None:
            for pid in workers_of(gunicorn.pid):
                peak = peak_memory_mb(pid)
                if peak is not None:
                    peaks[pid] = max(peaks.get(pid, 0), peak)
            time.sleep(1)
        for pid in workers_of(gunicorn.pid):
            peak = peak_memory_mb(pid)
            if peak is not None:
                peaks[pid] = max(peaks.get(pid, 0), peak)
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)

    total, endpoints = aggregated(workdir / "load_stats.csv")
    failures = list(csv.DictReader((workdir / "load_failures.csv").open()))
    report(args, workers, total, endpoints, failures, peaks, pools)


def report(args, workers, total, endpoints, failures, peaks, pools) -> None:
    requests, errors = int(total["Request Count"]), int(total["Failure Count"])
    p50, p95, p99 = (float(total[k]) for k in ("50%", "95%", "99%"))
    rps = float(total["Requests/s"])
    worker_mb = sorted((round(mb, 1) for mb in peaks.values()), reverse=True)
    checks = {
        "zero errors": errors == 0,
        f"p95 < {MAX_P95_MS} ms": p95 < MAX_P95_MS,
        f"every worker < {MAX_WORKER_MB} MB": bool(worker_mb) and max(worker_mb) < MAX_WORKER_MB,
    }
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    result = {
        "generated": when,
        "cpu_count": os.cpu_count(),
        "gunicorn_workers": workers,
        "users": args.users,
        "spawn_rate": args.spawn_rate,
        "time": args.time,
        "accounts": {kind: len(v) for kind, v in pools.items() if kind != "password"},
        "requests": requests,
        "errors": errors,
        "rps": round(rps, 1),
        "p50_ms": p50,
        "p95_ms": p95,
        "p99_ms": p99,
        "worker_peak_mb": worker_mb,
        "targets": checks,
        "endpoints": endpoints,
        "failures": failures,
    }
    (BENCH_DIR / "load.json").write_text(json.dumps(result, indent=2))
    summary = (
        f"{requests:,} requests, {rps:.1f} per second, {errors} errors; "
        f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms; "
        f"worker peak memory (MB): {', '.join(f'{mb:.0f}' for mb in worker_mb)}"
    )
    verdicts = "; ".join(f"{name} {'✓' if ok else '✗'}" for name, ok in checks.items())
    lines = [
        "| Request | Count | Errors | p50 (ms) | p95 (ms) | p99 (ms) |",
        "|---|---|---|---|---|---|",
    ]
    for row in sorted(endpoints, key=lambda r: -int(r["Request Count"])):
        lines.append(
            f"| {row['Type']} {row['Name']} | {row['Request Count']} | {row['Failure Count']} "
            f"| {row['50%']} | {row['95%']} | {row['99%']} |"
        )
    used = ", ".join(f"{n} {kind}" for kind, n in result["accounts"].items())
    failure_lines = [f"- {f['Occurrences']}× {f['Method']} {f['Name']}: {f['Error']}" for f in failures]
    body = f"""# Load test

`make load` on {when}: gunicorn with {workers} workers (2 per CPU core, {os.cpu_count()} cores) on
{BIND}, production settings, the national dataset (a copy, `{LOAD_DATABASE}`); locust with {args.users}
users (started {args.spawn_rate} a second) for {args.time}, each signing in through the login page (staff with
their authenticator code) and following a journey: coordinators browse the registry and the people
waiting, rank carers for a referral and propose one; carers and families review their proposals and
answer or give their views; people say yes on the easy-read pages; a few staff record reviews. Each
user waits 1 to 3 seconds between steps. Accounts used: {used}.

**{summary}.**

Targets: {verdicts}.

{chr(10).join(lines)}

{"No errors." if not failures else "Errors:" + chr(10) + chr(10).join(failure_lines)}
"""
    (BENCH_DIR / "LOAD.md").write_text(body)
    print()
    print(summary)
    print(f"Targets: {verdicts}")
    if failures:
        print("\n".join(failure_lines))
    print(f"Written: {BENCH_DIR / 'LOAD.md'}, {BENCH_DIR / 'load.json'}")


if __name__ == "__main__":
    main()
