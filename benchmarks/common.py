"""What the benchmarks share: PostgreSQL client calls and installing Odoo modules into a
fresh database, with the settings benchmarks/run exports (ODOO_PATH, ODOO_CONF, DB_*)."""

import os
import subprocess
import sys
import time


def pg(*args):
    """Run a PostgreSQL client command (dropdb, createdb, …) against the benchmark server."""
    env = dict(os.environ, PGPASSWORD=os.environ.get("DB_PASSWORD", ""))
    server = ["-h", os.environ.get("DB_HOST", "127.0.0.1"), "-p", os.environ.get("DB_PORT", "5432")]
    return subprocess.run([*args, *server, "-U", os.environ.get("DB_USER", "odoo")], check=True, env=env)


def install(db, modules="dealer_org", logfile=None, fresh=True):
    """Install ``modules`` (no demo data) into ``db``, fresh unless told otherwise; return the seconds."""
    if fresh:
        pg("dropdb", "--if-exists", db)
    started = time.perf_counter()
    log = ["--log-level=info", f"--logfile={logfile}"] if logfile else ["--log-level=warn"]
    subprocess.run(
        [
            sys.executable,
            os.path.join(os.environ["ODOO_PATH"], "odoo-bin"),
            "-c",
            os.environ["ODOO_CONF"],
            "-d",
            db,
            "-i",
            modules,
            "--without-demo=all",
            "--stop-after-init",
            *log,
        ],
        check=True,
    )
    return time.perf_counter() - started


def drop(db):
    """Close Odoo's registry and connections of the benchmark database ``db``, then drop it."""
    import odoo  # imported late: benchmarks/run sets up Odoo's path first
    from odoo.modules.registry import Registry

    Registry.delete(db)
    odoo.sql_db.close_db(db)
    pg("dropdb", "--if-exists", db)
