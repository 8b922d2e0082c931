"""The baseline of the migration gate benchmark: django-migration-linter's approach, written out.

django-migration-linter is not installable here (pip reaches only a local index with Django,
psycopg and gunicorn), so this script does the work it does for `lintmigrations <base>`, in one
process, as it does it:
  1. ask git which migration files changed since the base commit (the linter runs `git diff`);
  2. start Django (django.setup()) and load the migration graph (MigrationLoader);
  3. for each new migration, call_command("sqlmigrate", app, name) in this process, which
     rebuilds the graph and replays the project state up to that migration each time;
  4. its checks: the SQL, statement by statement, against the linter's PostgreSQL patterns
     (NOT NULL column without a default, DROP/RENAME of a column or table, ALTER COLUMN TYPE,
     unique or plain index not built concurrently, …), and the migration's code (RunPython or
     RunSQL without a reverse).

usage: python linter_approach.py BASE CANDIDATE   (cwd: the Django project, DATABASE_URL set)
Prints one JSON line: the migrations linted and the errors found.
"""

import io
import json
import os
import re
import subprocess
import sys

MIGRATION = re.compile(r"(^|/)migrations/[^/_~][^/]*\.py$")

# The linter's PostgreSQL SQL checks (sql_analyser/postgresql.py and base.py), by effect.
CHECKS = [
    ("NOT_NULL", re.compile(r"ADD COLUMN .* NOT NULL", re.I), re.compile(r"\bDEFAULT\b", re.I)),
    ("DROP_COLUMN", re.compile(r"DROP COLUMN", re.I), None),
    ("DROP_TABLE", re.compile(r"DROP TABLE", re.I), None),
    ("RENAME_COLUMN", re.compile(r"ALTER TABLE .* RENAME COLUMN", re.I), None),
    ("RENAME_TABLE", re.compile(r"ALTER TABLE .* RENAME TO", re.I), None),
    ("ALTER_COLUMN_TYPE", re.compile(r"ALTER COLUMN .* TYPE", re.I), None),
    ("CREATE_INDEX", re.compile(r"CREATE (UNIQUE )?INDEX", re.I), re.compile(r"CONCURRENTLY", re.I)),
    ("DROP_INDEX", re.compile(r"DROP INDEX", re.I), re.compile(r"CONCURRENTLY", re.I)),
    ("UNIQUE_CONSTRAINT", re.compile(r"ADD CONSTRAINT .* UNIQUE", re.I), None),
    ("NOT_NULL_ALTER", re.compile(r"ALTER COLUMN .* SET NOT NULL", re.I), None),
]


def changed_files(base, candidate):
    out = subprocess.run(["git", "diff", "--relative", "--name-only", "--diff-filter=AMR", base, candidate], capture_output=True, text=True, check=True).stdout
    return [path for path in out.splitlines() if MIGRATION.search(path)]


def main():
    base, candidate = sys.argv[1], sys.argv[2]
    files = changed_files(base, candidate)
    sys.path.insert(0, os.getcwd())
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    wanted = {(path.split("/")[-3], os.path.basename(path)[:-3]) for path in files}
    errors = []
    linted = 0
    for (app, name), migration in sorted(loader.disk_migrations.items()):
        if (app, name) not in wanted:
            continue
        linted += 1
        buffer = io.StringIO()
        call_command("sqlmigrate", app, name, stdout=buffer)
        for statement in buffer.getvalue().split(";"):
            for code, found, unless in CHECKS:
                if found.search(statement) and not (unless and unless.search(statement)):
                    errors.append({"migration": "%s.%s" % (app, name), "code": code})
        for operation in migration.operations:
            kind = type(operation).__name__
            if kind == "RunPython" and operation.reverse_code is None:
                errors.append({"migration": "%s.%s" % (app, name), "code": "RUN_PYTHON_NO_REVERSE"})
            if kind == "RunSQL" and operation.reverse_sql is None:
                errors.append({"migration": "%s.%s" % (app, name), "code": "RUN_SQL_NO_REVERSE"})
    print(json.dumps({"linted": linted, "errors": errors}))


if __name__ == "__main__":
    main()
