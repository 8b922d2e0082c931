import { createRequire as __runwayRequire } from 'node:module'; import { fileURLToPath as __runwayPath } from 'node:url'; const require = __runwayRequire(import.meta.url); const __filename = __runwayPath(import.meta.url); const __dirname = __runwayPath(new URL('.', import.meta.url));
import{b as g}from"./chunk-4NAKAG47.js";import{a as s}from"./chunk-NVX4RI35.js";import{existsSync as E}from"node:fs";import{mkdtemp as q,readFile as b,rm as N,writeFile as x}from"node:fs/promises";import{tmpdir as v}from"node:os";import{join as y}from"node:path";var w=String.raw`"""Runway's migration gate, Django side: one process that loads the project once and reports
facts about its migrations as JSON. It decides nothing; Runway's rules (TypeScript) do.

usage: python helper.py REQUEST.json RESULT.json   (run with the project directory as cwd)
       python helper.py - RESULT.json   (the request on stdin: Django's own modules load while
                                          the caller prepares it; the request names the directory)
"""

import gc
import time

STARTED = time.time()
# A short-lived process: the cyclic collector would scan Django's models, states and the whole
# migration graph again and again (a sixth of the run on 1,000 migrations) to free a megabyte.
gc.disable()
TIMINGS = {}


class timed:
    """Adds the time spent inside to TIMINGS[name] (ms), for the benchmark's parts."""

    def __init__(self, name):
        self.name = name

    def __enter__(self):
        self.started = time.perf_counter()

    def __exit__(self, *exc):
        TIMINGS[self.name] = TIMINGS.get(self.name, 0) + (time.perf_counter() - self.started) * 1000
        return False


import ast
import heapq
import inspect
import json
import os
import re
import resource
import sys
import textwrap
import traceback
import types
from contextlib import nullcontext
from urllib.parse import unquote, urlsplit

ROOT = os.path.realpath(os.getcwd())


class GateError(Exception):
    """A problem in the user's project, reported with its place instead of a traceback."""

    def __init__(self, kind, message, file=None, line=None):
        super().__init__(message)
        self.kind, self.file, self.line = kind, file, line

    def as_json(self):
        return {"kind": self.kind, "message": str(self), "file": self.file, "line": self.line}


def rel(path):
    """A path relative to the project, or None when it lies outside (site-packages)."""
    if not path:
        return None
    found = os.path.relpath(os.path.realpath(path), ROOT)
    return None if found.startswith("..") else found


def where(error):
    """The innermost traceback frame inside the project: the user's line at fault."""
    if isinstance(error, SyntaxError) and rel(error.filename):
        return rel(error.filename), error.lineno
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if rel(frame.filename):
            return rel(frame.filename), frame.lineno
    return None, None


def fail(kind, message, error):
    file, line = where(error)
    return GateError(kind, "%s: %s: %s" % (message, type(error).__name__, error), file, line)


# ------------------------------------------------------------------ setting up Django


def database_from_url(url):
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise GateError("database", "DATABASE_URL must be a postgres:// URL, got scheme %r" % parts.scheme)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")) or "postgres",
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
    }


def prewarm():
    """Imports Django's own modules that every run needs, before the request is known. They read
    no settings and nothing of the project; a failure here is found again, and reported, later."""
    with timed("prewarm"):
        try:
            import django.db.migrations.autodetector  # noqa: F401
            import django.db.migrations.loader  # noqa: F401
            import django.db.migrations.questioner  # noqa: F401
            import django.db.migrations.state  # noqa: F401
            import django.db.models  # noqa: F401
        except Exception:
            return
        try:
            import django.db.backends.postgresql.base  # noqa: F401  (psycopg)
        except Exception:
            pass


def set_root(request):
    """The project directory: the request's when it names one (the process started before it was known)."""
    global ROOT
    if request.get("dir"):
        os.chdir(request["dir"])
        root = os.path.realpath(request["dir"])
        if sys.path[:1] == [ROOT]:
            sys.path[0] = root
        ROOT = root
    if request.get("settings"):
        os.environ["DJANGO_SETTINGS_MODULE"] = request["settings"]


def setup_django(request):
    if sys.path[:1] != [ROOT]:
        sys.path.insert(0, ROOT)
    try:
        import django
    except ImportError as error:
        raise GateError("django-missing", "Django is not importable by %s (%s): install the project's requirements into that Python" % (sys.executable, error))
    from django.conf import settings

    name = os.environ.get("DJANGO_SETTINGS_MODULE", "")
    try:
        databases = settings.DATABASES  # loads the settings module
        if request.get("databaseUrl"):
            # The gate's database replaces the whole entry: another engine's OPTIONS (SQLite's
            # init_command) are invalid connection options for PostgreSQL.
            databases["default"] = database_from_url(request["databaseUrl"])
        django.setup()
    except GateError:
        raise
    except Exception as error:
        raise fail("settings", "the settings module %s did not load" % name, error)
    return django.get_version()


def connect(request):
    from django.db import connection

    if not request.get("sql"):
        return connection, None
    if connection.vendor != "postgresql":
        raise GateError("database", "the SQL pass needs PostgreSQL, but DATABASES['default'] uses %s; set DATABASE_URL to a PostgreSQL server" % connection.vendor)
    try:
        connection.ensure_connection()
    except Exception as error:
        raise GateError("database", "cannot connect to PostgreSQL for the SQL pass (%s); set DATABASE_URL to a reachable server" % str(error).strip().splitlines()[0])
    version = connection.pg_version
    return connection, "%d.%d" % (version // 10000, version % 10000)


def load_migrations():
    from django.db.migrations.exceptions import NodeNotFoundError
    from django.db.migrations.loader import MigrationLoader

    try:
        return MigrationLoader(None, ignore_no_migrations=True)
    except SyntaxError as error:
        file, line = where(error)
        raise GateError("syntax", "syntax error in %s line %s: %s" % (file or error.filename, error.lineno, error.msg), file, line)
    except NodeNotFoundError as error:
        origin = getattr(error, "origin", None)
        file = rel(getattr(sys.modules.get(getattr(origin, "__module__", "")), "__file__", None)) if origin else None
        line = dependency_line(os.path.join(ROOT, file), getattr(error, "node", None)) if file else None
        raise GateError("graph", "%s (%s line %s)" % (error, file, line) if file else str(error), file, line)
    except Exception as error:
        raise fail("migrations", "the migrations did not load", error)


# ------------------------------------------------------------------ where operations are written


def dependency_line(path, node):
    """The line of the dependency on node (app, name) in a migration file, else its first line."""
    try:
        with open(path, encoding="utf-8") as source:
            tree = ast.parse(source.read(), path)
    except (OSError, SyntaxError, ValueError):
        return 1
    wanted = [str(part) for part in (node or ())]
    for element in ast.walk(tree):
        if isinstance(element, ast.Tuple) and [getattr(e, "value", None) for e in element.elts] == wanted:
            return element.lineno
    for element in ast.walk(tree):
        if isinstance(element, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "dependencies" for t in element.targets):
            return element.lineno
    return 1


def call_lines(node):
    """Lines of the elements of a literal list or tuple, or None."""
    if isinstance(node, (ast.List, ast.Tuple)):
        return [element.lineno for element in node.elts]
    return None


def operation_lines(path):
    """For each operation in "operations = [...]": its line, and the lines of its database_operations."""
    try:
        with open(path, encoding="utf-8") as source:
            tree = ast.parse(source.read(), path)
    except (OSError, SyntaxError, ValueError):
        return 1, []
    classes = [node for node in tree.body if isinstance(node, ast.ClassDef)]
    classes.sort(key=lambda node: node.name != "Migration")
    for cls in classes:
        for statement in cls.body:
            targets = statement.targets if isinstance(statement, ast.Assign) else [getattr(statement, "target", None)]
            if not any(isinstance(t, ast.Name) and t.id == "operations" for t in targets):
                continue
            elements = statement.value.elts if isinstance(statement.value, (ast.List, ast.Tuple)) else []
            lines = []
            for element in elements:
                nested = None
                for keyword in getattr(element, "keywords", []):
                    if keyword.arg == "database_operations":
                        nested = call_lines(keyword.value)
                lines.append((element.lineno, nested or []))
            return statement.lineno, lines
        return cls.lineno, []
    return 1, []


# ------------------------------------------------------------------ facts about one operation


def model_of(state, app, name):
    try:
        return state.apps.get_model(app, name)
    except (LookupError, ValueError):
        return None


def field_facts(model, name, connection):
    if model is None or not name:
        return None
    try:
        field = model._meta.get_field(name)
    except Exception:
        return None
    if not getattr(field, "concrete", False) and not field.many_to_many:
        return None
    has_db_default = getattr(field, "has_db_default", lambda: False)()
    db_default = getattr(field, "db_default", None)
    return {
        "name": name,
        "column": getattr(field, "column", None),
        "dbType": field.db_type(connection) if not field.many_to_many else None,
        "null": bool(field.null),
        "hasDefault": bool(field.has_default()),
        "hasDbDefault": bool(has_db_default),
        # db_default=None is Value(None): DEFAULT NULL, which on a NOT NULL column is no default.
        "dbDefaultNull": bool(has_db_default) and (db_default is None or (type(db_default).__name__ == "Value" and getattr(db_default, "value", 0) is None)),
        "unique": bool(field.unique) and not field.primary_key,
        "dbIndex": bool(getattr(field, "db_index", False)),
        "foreignKey": bool(field.many_to_one or field.one_to_one) and bool(getattr(field, "db_constraint", False)),
        "manyToMany": bool(field.many_to_many),
    }


def model_names(operation):
    """(name before, name after) of the model an operation is about."""
    if hasattr(operation, "old_name") and hasattr(operation, "new_name") and not hasattr(operation, "model_name"):
        return operation.old_name, operation.new_name  # RenameModel
    from django.db.migrations.operations.models import ModelOperation

    if hasattr(operation, "model_name"):
        return operation.model_name, operation.model_name
    if isinstance(operation, ModelOperation):
        return operation.name, operation.name
    return None, None


def unique_together(model):
    return {tuple(names) for names in (model._meta.unique_together if model else ())}


def unit_facts(app, operation, before, after, connection):
    from django.db.migrations.operations.fields import FieldOperation

    kind = type(operation).__name__
    old_name, new_name = model_names(operation)
    old_model, new_model = model_of(before, app, old_name), model_of(after, app, new_name)
    facts = {
        "type": kind,
        "module": type(operation).__module__,
        "description": operation.describe(),
        "model": new_name or old_name,
        "tableBefore": old_model._meta.db_table if old_model else None,
        "tableAfter": new_model._meta.db_table if new_model else None,
        "reversible": bool(operation.reversible),
        "reducesToSql": bool(operation.reduces_to_sql),
    }
    if isinstance(operation, FieldOperation):
        if kind == "RenameField":
            facts["oldField"] = field_facts(old_model, operation.old_name, connection)
            facts["field"] = field_facts(new_model, operation.new_name, connection)
        else:
            facts["oldField"] = field_facts(old_model, operation.name, connection)
            facts["field"] = field_facts(new_model, operation.name, connection)
    if kind in ("RunPython", "RunSQL"):
        facts["hasReverse"] = (operation.reverse_code if kind == "RunPython" else operation.reverse_sql) is not None
    if kind == "RunPython":
        facts["rowByRow"] = row_by_row(operation.code)
    if hasattr(operation, "constraint"):
        facts["constraint"] = type(operation.constraint).__name__
    if kind == "AlterUniqueTogether":
        facts["uniqueAdded"] = bool(unique_together(new_model) - unique_together(old_model))
    return facts


# ------------------------------------------------------------------ data migrations row by row

QUERYSET_STARTS = ("all", "iterator")
QUERYSET_CHAIN = ("filter", "exclude", "order_by", "select_related", "prefetch_related", "only", "defer", "distinct")


def chain(node):
    """The attribute names and called methods of an expression like Model.objects.filter(...).all()."""
    names = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            return names


def is_queryset(node):
    names = chain(node)
    return any(n in QUERYSET_STARTS for n in names) or ("objects" in names and any(n in QUERYSET_CHAIN for n in names))


def writes_row(call):
    """row.save(), or Model.objects.filter(pk=row.pk).update(...): one write per iteration."""
    if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute):
        return False
    if call.func.attr == "save":
        return True
    return call.func.attr == "update" and is_queryset(call.func.value)


def row_by_row(function):
    """Where a RunPython function loops over a queryset and writes each row, or None."""
    try:
        lines, first = inspect.getsourcelines(function)
        tree = ast.parse(textwrap.dedent("".join(lines)))
    except Exception:
        return None
    for node in ast.walk(tree):
        if isinstance(node, (ast.For, ast.AsyncFor)) and is_queryset(node.iter):
            if any(writes_row(inner) for statement in node.body for inner in ast.walk(statement)):
                return {"function": getattr(function, "__name__", "?"), "line": first + node.lineno - 1}
    return None


# ------------------------------------------------------------------ one planned migration


class Collector:
    """Collects the SQL of one migration, as sqlmigrate does, attributing each statement
    (including deferred ones, which Django emits at the end) to the unit that caused it."""

    def __init__(self, connection, migration):
        self.connection, self.migration = connection, migration
        self.statements, self.owner, self.error = [], {}, None

    def __enter__(self):
        self.editor = self.connection.schema_editor(collect_sql=True, atomic=self.migration.atomic) if self.connection else None
        if self.editor:
            self.editor.__enter__()
        return self

    def run(self, unit, app, operation, before, after):
        if not self.editor or not operation.reduces_to_sql:
            return
        from django.db import transaction

        mark = len(self.editor.collected_sql)
        # A savepoint keeps one failing operation from aborting the migration's transaction.
        guard = transaction.atomic() if self.connection.in_atomic_block else nullcontext()
        try:
            with guard:
                operation.database_forwards(app, self.editor, before, after)
        except Exception as error:
            del self.editor.collected_sql[mark:]
            return "%s: %s" % (type(error).__name__, error)
        for sql in self.editor.collected_sql[mark:]:
            self.statements.append({"unit": unit, "sql": sql})
        for deferred in self.editor.deferred_sql:
            self.owner.setdefault(id(deferred), (deferred, unit))
        return None

    def __exit__(self, *exc):
        if not self.editor:
            return False
        pending = [self.owner.get(id(sql), (None, None))[1] for sql in self.editor.deferred_sql]
        mark = len(self.editor.collected_sql)
        try:
            self.editor.__exit__(*exc)
        except Exception as error:
            self.error = "%s: %s" % (type(error).__name__, error)
            return False
        for unit, sql in zip(pending, self.editor.collected_sql[mark:]):
            self.statements.append({"unit": unit, "sql": sql})
        return False


def analyse_migration(migration, state, file, connection, collect):
    from django.db.migrations.operations.special import SeparateDatabaseAndState

    app = migration.app_label
    class_line, lines = operation_lines(os.path.join(ROOT, file))
    units = []
    with Collector(connection if collect else None, migration) as collector:
        for index, operation in enumerate(migration.operations):
            line, nested = lines[index] if index < len(lines) else (class_line, [])
            before = state.clone()
            try:
                operation.state_forwards(app, state)
            except Exception as error:
                raise state_error(migration, error, file, line, operation)
            if isinstance(operation, SeparateDatabaseAndState):
                # Only the database operations touch the database; the state ones are bookkeeping.
                steps = operation.database_operations
                frm = before
                for sub, step in enumerate(steps):
                    to = frm.clone()
                    step.state_forwards(app, to)
                    add_unit(units, collector, app, step, frm, to, connection, "%d.%d" % (index, sub), nested[sub] if sub < len(nested) else line)
                    frm = to
            else:
                add_unit(units, collector, app, operation, before, state, connection, str(index), line)
    return {
        "app": app,
        "name": migration.name,
        "file": file,
        "line": class_line,
        "atomic": bool(migration.atomic),
        "initial": bool(migration.initial),
        "replaces": ["%s.%s" % key for key in migration.replaces],
        "units": units,
        "statements": collector.statements,
        "sqlError": collector.error,
        "functions": volatility(connection if collect else None, collector.statements),
    }


def volatility(connection, statements):
    """pg_proc.provolatile ("i", "s" or "v", "v" if any overload is volatile) of each function
    the SQL calls, as this server defines them; {} without a database."""
    names = sorted({name.lower() for s in statements for name in re.findall(r"\b([A-Za-z_][A-Za-z0-9_]*)\s*\(", s["sql"])})
    if connection is None or not names:
        return {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT proname, max(provolatile::text COLLATE \"C\") FROM pg_proc WHERE proname = ANY(%s) GROUP BY proname", [names])
            return {name: kind for name, kind in cursor.fetchall()}
    except Exception:
        return {}


def add_unit(units, collector, app, operation, before, after, connection, path, line):
    facts = unit_facts(app, operation, before, after, connection)
    facts.update(path=path, line=line)
    facts["sqlError"] = collector.run(len(units), app, operation, before, after)
    units.append(facts)


# ------------------------------------------------------------------ the graph and the plan


def project_files(loader):
    """(app, name) → file relative to the project, for the migrations written in the project."""
    files = {}
    for key, migration in loader.disk_migrations.items():
        module = sys.modules.get(type(migration).__module__)
        file = rel(getattr(module, "__file__", None))
        if file:
            files[key] = file
    return files


def planned(loader, files, request):
    """The migrations new since the base, in the graph, that Django would apply."""
    new = None if request.get("newFiles") is None else set(request["newFiles"])
    deleted = set(request.get("deletedFiles") or [])
    known = {key for key, file in files.items() if new is not None and file not in new}
    dirs = {key[0]: os.path.dirname(file) for key, file in files.items()}
    chosen = set()
    for key, file in files.items():
        if key not in loader.graph.nodes or (new is not None and file not in new):
            continue
        migration = loader.graph.nodes[key]
        # A squash whose replaced migrations were all applied is recorded, not run, by migrate.
        if new is not None and migration.replaces and all(r in known or os.path.join(dirs.get(r[0], ""), r[1] + ".py") in deleted for r in migration.replaces):
            continue
        chosen.add(key)
    return chosen


def order(graph, chosen):
    """A topological order of every node that applies the chosen ones as late as possible, so
    the state before them is built without rendering models (much faster)."""
    waiting = {key: len(graph.node_map[key].parents) for key in graph.nodes}
    ready = [(key in chosen, key) for key, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    result = []
    while ready:
        _, key = heapq.heappop(ready)
        result.append(key)
        for child in graph.node_map[key].children:
            waiting[child.key] -= 1
            if waiting[child.key] == 0:
                heapq.heappush(ready, (child.key in chosen, child.key))
    return result


def walk(loader, files, chosen, connection, collect):
    """Replays the whole graph once, analysing the chosen migrations on the way. Returns their
    facts and the state at the end: every migration applied, as loader.project_state() builds it."""
    from django.db.migrations.state import ProjectState

    state = ProjectState(real_apps=loader.unmigrated_apps)
    results = []
    for key in order(loader.graph, chosen):
        migration = loader.graph.nodes[key]
        if key in chosen:
            with timed("analysis"):
                # Render the models once, here: the clones taken before each operation then
                # copy them instead of rendering every model again (as migrate does).
                state.apps  # noqa: B018
                results.append(analyse_migration(migration, state, files[key], connection, collect))
        else:
            try:
                migration.mutate_state(state, preserve=False)
            except Exception as error:
                raise state_error(migration, error, files.get(key))
    return results, state


def state_error(migration, error, file, line=None, operation=None):
    """A migration that Django cannot replay (e.g. it removes a field that does not exist)."""
    what = "%s.%s%s" % (migration.app_label, migration.name, ": " + operation.describe() if operation else "")
    return GateError("migrations", "%s does not apply to the model state before it: %s: %s" % (what, type(error).__name__, error), file, line or (1 if file else None))


# ------------------------------------------------------------------ what git cannot tell


def missing_migrations(loader, connection, state):
    """makemigrations --check --dry-run, without writing or asking: app → what is missing.
    state: every migration applied (walk's, so the graph is replayed once, not twice)."""
    from django.apps import apps
    from django.db.migrations.autodetector import MigrationAutodetector
    from django.db.migrations.questioner import MigrationQuestioner
    from django.db.migrations.state import ProjectState

    detector = MigrationAutodetector(state, ProjectState.from_apps(apps), MigrationQuestioner(dry_run=True))
    found = []
    for app, migrations in detector.changes(graph=loader.graph).items():
        config = apps.get_app_config(app)
        if not rel(config.path):
            continue
        operations = [operation for migration in migrations for operation in migration.operations]
        file, line = source_of(app, operations, config)
        sql = sql_of(connection, app, operations, state)
        found.append({
            "app": app,
            "name": migrations[0].name,
            "operations": [o.describe() for o in operations],
            "file": file,
            "line": line,
            # What sqlmigrate would print for it is empty: choices, help_text, validators...
            "stateOnly": sql is not None and not any(s.strip() for s in sql),
        })
    return found


def sql_of(connection, app, operations, state):
    """The SQL the operations would run from this state (as sqlmigrate collects it), or None
    when it cannot be known. Advances the state."""
    if connection is None:
        return None
    try:
        with connection.schema_editor(collect_sql=True, atomic=False) as editor:
            for operation in operations:
                before = state.clone()
                operation.state_forwards(app, state)
                if operation.reduces_to_sql:
                    operation.database_forwards(app, editor, before, state)
        return list(editor.collected_sql)
    except Exception:
        return None


def source_of(app, operations, config):
    """Where a model a missing migration is about is defined, for the annotation."""
    from django.apps import apps

    for operation in operations:
        name = getattr(operation, "model_name", None) or getattr(operation, "name", None)
        try:
            model = apps.get_model(app, name)
            return rel(inspect.getsourcefile(model)), inspect.getsourcelines(model)[1]
        except Exception:
            continue
    module = getattr(config, "models_module", None)
    return rel(getattr(module, "__file__", None)) or rel(config.path), 1


def unchanged(request):
    """Modified files whose code is the same (only comments or layout changed)."""
    same = []
    for item in request.get("modified") or []:
        try:
            with open(os.path.join(ROOT, item["file"]), encoding="utf-8") as source:
                now = ast.dump(ast.parse(source.read()))
            if now == ast.dump(ast.parse(item["base"])):
                same.append(item["file"])
        except (OSError, SyntaxError, ValueError):
            continue
    return same


def canon_code(code):
    """What a function does, without where it is written (lines, file names)."""
    consts = tuple(canon_code(c) if isinstance(c, types.CodeType) else repr(c) for c in code.co_consts)
    return ("code", code.co_code, consts, code.co_names, code.co_varnames, code.co_freevars)


def canon(value, depth=0):
    """A comparable form of an operation and everything in it: two migrations with the same
    canon do the same thing, whatever their imports, layout or module name."""
    import functools

    from django.utils.functional import Promise

    if depth > 40:
        return repr(value)
    again = lambda v: canon(v, depth + 1)  # noqa: E731
    if isinstance(value, (types.FunctionType, types.MethodType)):
        function = getattr(value, "__func__", value)
        return ("function", function.__qualname__, canon_code(function.__code__), again(function.__defaults__))
    if isinstance(value, functools.partial):
        return ("partial", again(value.func), again(value.args), again(value.keywords))
    if isinstance(value, type):
        return ("class", value.__qualname__)
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, (list, tuple)):
        return tuple(again(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((repr(k), again(v)) for k, v in value.items()))
    if isinstance(value, (set, frozenset)):
        return ("set", tuple(sorted(repr(again(v)) for v in value)))
    if hasattr(value, "deconstruct") and callable(value.deconstruct):
        try:
            return (type(value).__qualname__, again(value.deconstruct()))
        except Exception:
            return repr(value)
    return repr(value)


def migration_canon(migration):
    return again_all(migration.operations, migration.dependencies, migration.replaces, migration.run_before, migration.atomic)


def again_all(*values):
    return tuple(canon(v) for v in values)


def base_migration(item, key, index):
    """The base's version of a modified migration, loaded as a module next to the candidate's."""
    import importlib.util

    module = sys.modules.get(type(item["migration"]).__module__)
    package = module.__name__.rpartition(".")[0] if module else ""
    scratch = os.path.dirname(os.path.abspath(sys.argv[2]))
    path = os.path.join(scratch, "runway_base_%d.py" % index)
    with open(path, "w", encoding="utf-8") as out:
        out.write(item["base"])
    spec = importlib.util.spec_from_file_location("%s.runway_base_%d" % (package, index) if package else "runway_base_%d" % index, path)
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    return loaded.Migration(key[1], key[0])


def same_effect(request, loader, files, connection, unchanged_files):
    """Edited applied migrations that still do the same: the same operations (compared by what
    they are, not how they are written), or, with a database, the same SQL and the same Python."""
    by_file = {file: key for key, file in files.items()}
    same = []
    for index, item in enumerate(request.get("modified") or []):
        key = by_file.get(item["file"])
        if item["file"] in unchanged_files or key is None or key not in loader.disk_migrations:
            continue
        current = loader.disk_migrations[key]
        try:
            base = base_migration({**item, "migration": current}, key, index)
            if migration_canon(base) == migration_canon(current):
                same.append(item["file"])
                continue
            if connection is None or again_all(base.dependencies, base.replaces, base.atomic) != again_all(current.dependencies, current.replaces, current.atomic):
                continue
            python = lambda m: [canon(o) for o in m.operations if not o.reduces_to_sql]  # noqa: E731
            before = loader.project_state(key, at_end=False)
            old_sql = sql_of(connection, key[0], base.operations, before.clone())
            new_sql = sql_of(connection, key[0], current.operations, before.clone())
            if old_sql is not None and old_sql == new_sql and python(base) == python(current):
                same.append(item["file"])
        except Exception:
            continue
    return same


def analyse(request):
    TIMINGS["imports"] = (time.time() - STARTED) * 1000 - TIMINGS.get("prewarm", 0) - TIMINGS.get("wait", 0)
    with timed("django"):
        version = setup_django(request)
    with timed("connect"):
        connection, pg_version = connect(request)
    with timed("graph"):
        loader = load_migrations()
        files = project_files(loader)
        chosen = planned(loader, files, request)
    same_files = unchanged(request)
    with timed("walk"):
        plan, state = walk(loader, files, chosen, connection, collect=pg_version is not None)
    with timed("missing"):
        try:
            # SQL is collected, never run: any backend tells an empty change from a real one.
            missing = missing_migrations(loader, connection, state)
        except Exception as error:
            missing, missing_error = [], "%s: %s" % (type(error).__name__, error)
        else:
            missing_error = None
    with timed("sameEffect"):
        same_effect_files = same_effect(request, loader, files, connection, same_files)
    return {
        "django": version,
        "postgres": pg_version,
        "migrations": [{"app": key[0], "name": key[1], "file": file} for key, file in sorted(files.items())],
        "leaves": sorted("%s.%s" % key for key in loader.graph.leaf_nodes() if key in files),
        "conflicts": {app: sorted(names) for app, names in loader.detect_conflicts().items()},
        "replaced": sorted({"%s.%s" % r for m in loader.disk_migrations.values() for r in m.replaces}),
        "plan": plan,
        "missing": missing,
        "missingError": missing_error,
        "unchanged": same_files,
        "sameEffect": same_effect_files,
    }


def main():
    if sys.argv[1] == "-":
        # The project first on the path, as for the rest of the run (a Django it vendors wins).
        sys.path.insert(0, ROOT)
        prewarm()
        waited = time.perf_counter()
        text = sys.stdin.read()
        TIMINGS["wait"] = (time.perf_counter() - waited) * 1000
        if not text.strip():
            return False  # the caller stopped before sending a request: nothing to do
        request = json.loads(text)
    else:
        with open(sys.argv[1], encoding="utf-8") as source:
            request = json.load(source)
    set_root(request)
    try:
        result = analyse(request)
    except GateError as error:
        result = {"error": error.as_json()}
    except Exception as error:
        file, line = where(error)
        result = {"error": {"kind": "internal", "message": "".join(traceback.format_exception(error)), "file": file, "line": line}}
    result["maxRssKb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result["timings"] = dict(TIMINGS, started=STARTED * 1000, finished=time.time() * 1000)
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        json.dump(result, out)
    return True


def close_connections():
    try:
        from django.db import connections

        connections.close_all()
    except Exception:
        pass


if __name__ == "__main__":
    main()
    # The result is written and closed. Tearing the interpreter down (freeing every module, model
    # and state object Django built) takes a fifth of a second and changes nothing: skip it.
    close_connections()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
`;async function j(e,n,t){let o=t||n.DJANGO_SETTINGS_MODULE;if(o)return o;let i=y(e,"manage.py");if(!E(i))throw new g(`${e} is not a Django project: it has no manage.py, and DJANGO_SETTINGS_MODULE is not set (use project-dir to point at the project)`,{field:"project-dir"});let d=/DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([\w.]+)['"]/.exec(await b(i,"utf8"));if(!d?.[1])throw new g("manage.py does not name a settings module; set DJANGO_SETTINGS_MODULE",{file:i,field:"DJANGO_SETTINGS_MODULE"});return d[1]}s(j,"settingsModule");async function G(e,n){let t=await q(y(v(),"runway-gate-")),[o,i]=["runway_gate.py","result.json"].map(a=>y(t,a));await x(o,w);let d=s(()=>{},"send"),f=s(()=>{},"cancel"),l=new Promise((a,h)=>{d=a,f=h}),m={...e.env,PYTHONDONTWRITEBYTECODE:"1"},p=Date.now(),r=performance.now(),u=n(e.python,[o,"-",i],{cwd:e.cwd,env:m,input:l}).then(a=>({run:a}),a=>({error:a})),c,_=s(()=>(f(new Error("the Django pass was not needed")),c??=N(t,{recursive:!0,force:!0}),c),"dispose");return{python:e.python,scratch:t,result:i,spawned:p,spawnedAt:r,running:u,send:s(a=>d(JSON.stringify(a)),"send"),dispose:_}}s(G,"startDjango");async function I(e,n){let t=await j(e.dir,e.env,e.settings),{dir:o,newFiles:i,deletedFiles:d,modified:f,databaseUrl:l,sql:m}=e;n.send({dir:o,settings:t,newFiles:i,deletedFiles:d,modified:f,databaseUrl:l,sql:m});let{run:p,error:r}=await n.running;if(r)throw r.code!=="ENOENT"?r:new g(`Python was not found: ${e.python}. Install Python with the project's requirements (actions/setup-python, then pip install -r requirements.txt) and pass its path (--python, input \`python\`)`,{field:"python"});let u=await b(n.result,"utf8").catch(()=>"");if(!u)throw new g(`${e.python} could not run Runway's Django helper (exit ${p?.code}):
${(p?.stderr??"").trim().split(`
`).slice(-15).join(`
`)}`,{field:"python"});let c=JSON.parse(u);if(c.error)throw T(c.error,e.prefix);let{started:_,finished:a,...h}=c.timings??{},k=a===void 0?0:Date.now()-a;return c.timings={spawn:n.spawnedAt,python:_===void 0?0:_-n.spawned,...h,exit:k},c}s(I,"djangoPass");function T(e,n){if(e.kind==="internal")return new Error(`Runway's Django helper failed:
${e.message}`);let t=e.file?`${n}${e.file}`:void 0,o=t&&e.file?e.message.replaceAll(e.file,t):e.message,i=t&&!o.includes(t)?`${o} (${t} line ${e.line??1})`:o;return new g(i,t?{file:t,line:e.line??1}:{field:e.kind==="database"?"DATABASE_URL":"project-dir"})}s(T,"helperError");import{spawn as S}from"node:child_process";function C(e,n,t={}){let{input:o,...i}=t;return new Promise((d,f)=>{let l=S(e,n,{...i,stdio:[o?"pipe":"ignore","pipe","pipe"]});if(o&&l.stdin){let r=l.stdin;r.on("error",()=>{}),o.then(u=>r.end(u),()=>l.kill())}let m="",p="";l.stdout?.on("data",r=>{m+=r.toString()}),l.stderr?.on("data",r=>{p+=r.toString()}),l.on("error",f),l.on("close",r=>d({code:r,stdout:m,stderr:p}))})}s(C,"run");function J(e,n=30){return e.trimEnd().split(`
`).slice(-n).join(`
`)}s(J,"tail");export{G as a,I as b,C as c,J as d};
