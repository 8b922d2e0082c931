"""Tests of Runway's Django helper: its pure pieces (parsing, classification, ordering) on their
own, and one run of the whole helper, as Runway starts it, on a tiny Django project (SQLite, no
server). Standard library unittest; Django must be importable (the test harness's venv has it).

    cd src/django && python -m unittest test_runway_django
"""

import ast
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any
from unittest import mock

import runway_django as helper

HELPER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "runway_django.py")


@contextmanager
def project(files: dict[str, str]) -> Iterator[str]:
    """A temporary directory holding the files, as the helper's project root (ROOT)."""
    with tempfile.TemporaryDirectory() as temp:
        root = os.path.realpath(temp)
        for name, text in files.items():
            path = os.path.join(root, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as out:
                out.write(textwrap.dedent(text))
        with mock.patch.object(helper, "ROOT", root):
            yield root


# RunPython functions for row_by_row: inspect reads their source from this file.
def backfill_row_by_row(apps: Any, schema_editor: Any) -> None:
    note_model = apps.get_model("notes", "Note")
    for note in note_model.objects.all():
        note.stars = 1
        note.save()


def backfill_with_update(apps: Any, schema_editor: Any) -> None:
    note_model = apps.get_model("notes", "Note")
    for note in note_model.objects.filter(stars=0).iterator():
        note_model.objects.filter(pk=note.pk).update(stars=1)


def backfill_in_bulk(apps: Any, schema_editor: Any) -> None:
    apps.get_model("notes", "Note").objects.update(stars=1)


def loop_without_queryset(apps: Any, schema_editor: Any) -> None:
    for row in [1, 2]:
        row.save()  # type: ignore[attr-defined]


def line_of(function: Any, text: str) -> int:
    import inspect

    lines, first = inspect.getsourcelines(function)
    return first + next(index for index, line in enumerate(lines) if text in line)


class DatabaseFromUrl(unittest.TestCase):
    def test_postgres_url_becomes_a_databases_entry(self) -> None:
        self.assertEqual(
            helper.database_from_url("postgres://us%40er:p%3Ass@db.example:6543/my%20db"),
            {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "my db",
                "USER": "us@er",
                "PASSWORD": "p:ss",
                "HOST": "db.example",
                "PORT": "6543",
            },
        )

    def test_defaults_when_the_url_names_little(self) -> None:
        entry = helper.database_from_url("postgresql://localhost")
        self.assertEqual((entry["NAME"], entry["USER"], entry["PORT"]), ("postgres", "", ""))

    def test_other_schemes_are_a_database_error(self) -> None:
        with self.assertRaises(helper.GateError) as raised:
            helper.database_from_url("mysql://localhost/app")
        self.assertEqual(raised.exception.kind, "database")
        self.assertIn("got scheme 'mysql'", str(raised.exception))


class Places(unittest.TestCase):
    def test_rel_is_none_outside_the_project(self) -> None:
        with project({"app/models.py": ""}) as root:
            self.assertEqual(helper.rel(os.path.join(root, "app", "models.py")), os.path.join("app", "models.py"))
            self.assertIsNone(helper.rel(os.path.dirname(root)))
            self.assertIsNone(helper.rel(None))

    def test_where_names_the_innermost_frame_in_the_project(self) -> None:
        with project({}) as root:
            code = compile("def boom():\n    raise ValueError('no')\n", os.path.join(root, "app", "models.py"), "exec")
            scope: dict[str, Any] = {}
            exec(code, scope)
            try:
                scope["boom"]()
            except ValueError as error:
                self.assertEqual(helper.where(error), (os.path.join("app", "models.py"), 2))
                failure = helper.fail("settings", "the settings module x did not load", error)
            self.assertEqual(
                failure.as_json(),
                {
                    "kind": "settings",
                    "message": "the settings module x did not load: ValueError: no",
                    "file": os.path.join("app", "models.py"),
                    "line": 2,
                },
            )

    def test_where_a_syntax_error_is(self) -> None:
        with project({}) as root:
            try:
                compile("x = (\n", os.path.join(root, "bad.py"), "exec")
            except SyntaxError as error:
                self.assertEqual(helper.where(error)[0], "bad.py")
            try:
                raise KeyError("outside")
            except KeyError as error:
                self.assertEqual(helper.where(error), (None, None))


MIGRATION = """\
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notes", "0001_initial"),
    ]

    operations = [
        migrations.AddField("note", "stars", models.IntegerField(default=0)),
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL("SELECT 1"),
                migrations.RunSQL("SELECT 2"),
            ],
        ),
    ]
"""


class SourceLines(unittest.TestCase):
    def test_operation_lines(self) -> None:
        with project({"m.py": MIGRATION}) as root:
            self.assertEqual(helper.operation_lines(os.path.join(root, "m.py")), (9, [(10, []), (11, [13, 14])]))

    def test_operation_lines_prefers_the_migration_class_and_survives_bad_files(self) -> None:
        # A class before Migration, and the Migration class five lines lower.
        other = "class Helper:\n    operations = []\n\n\n" + MIGRATION.replace("from", "import os\nfrom")
        with project({"m.py": other, "bad.py": "class Migration(:\n"}) as root:
            self.assertEqual(helper.operation_lines(os.path.join(root, "m.py"))[0], 14)
            self.assertEqual(helper.operation_lines(os.path.join(root, "bad.py")), (1, []))
            self.assertEqual(helper.operation_lines(os.path.join(root, "missing.py")), (1, []))

    def test_operation_lines_without_a_literal_list(self) -> None:
        text = "class Migration:\n    x = 1\n    operations = make()\n"
        with project({"m.py": text}) as root:
            self.assertEqual(helper.operation_lines(os.path.join(root, "m.py")), (3, []))

    def test_dependency_line(self) -> None:
        with project({"m.py": MIGRATION}) as root:
            path = os.path.join(root, "m.py")
            self.assertEqual(helper.dependency_line(path, ("notes", "0001_initial")), 6)
            self.assertEqual(helper.dependency_line(path, ("notes", "0009_gone")), 5)
            self.assertEqual(helper.dependency_line(os.path.join(root, "missing.py"), ("a", "b")), 1)

    def test_call_lines(self) -> None:
        tree = ast.parse("[\n  a,\n  b,\n]")
        expression = tree.body[0]
        assert isinstance(expression, ast.Expr)
        self.assertEqual(helper.call_lines(expression.value), [2, 3])
        self.assertIsNone(helper.call_lines(ast.Name(id="x")))


def expression(text: str) -> ast.expr:
    statement = ast.parse(text).body[0]
    assert isinstance(statement, ast.Expr)
    return statement.value


class RowByRow(unittest.TestCase):
    def test_chain(self) -> None:
        self.assertEqual(helper.chain(expression("Note.objects.filter(a=1).all()")), ["all", "filter", "objects"])
        self.assertEqual(helper.chain(expression("rows[0].children.all()")), ["all", "children"])

    def test_is_queryset(self) -> None:
        self.assertTrue(helper.is_queryset(expression("Note.objects.all()")))
        self.assertTrue(helper.is_queryset(expression("Note.objects.filter(x=1)")))
        self.assertTrue(helper.is_queryset(expression("qs.iterator()")))
        self.assertFalse(helper.is_queryset(expression("Note.objects.get(pk=1)")))
        self.assertFalse(helper.is_queryset(expression("range(10)")))

    def test_writes_row(self) -> None:
        self.assertTrue(helper.writes_row(expression("note.save()")))
        self.assertTrue(helper.writes_row(expression("Note.objects.filter(pk=note.pk).update(stars=1)")))
        self.assertFalse(helper.writes_row(expression("counts.update(stars=1)")))
        self.assertFalse(helper.writes_row(expression("save()")))

    def test_row_by_row(self) -> None:
        self.assertEqual(
            helper.row_by_row(backfill_row_by_row),
            {"function": "backfill_row_by_row", "line": line_of(backfill_row_by_row, "for note")},
        )
        self.assertEqual(
            helper.row_by_row(backfill_with_update),
            {"function": "backfill_with_update", "line": line_of(backfill_with_update, "for note")},
        )
        self.assertIsNone(helper.row_by_row(backfill_in_bulk))
        self.assertIsNone(helper.row_by_row(loop_without_queryset))
        self.assertIsNone(helper.row_by_row(len))  # no Python source


class Sql(unittest.TestCase):
    def test_called_functions(self) -> None:
        statements = [
            {"sql": 'ALTER TABLE "t" ADD COLUMN "c" uuid DEFAULT gen_random_uuid() NOT NULL'},
            {"sql": 'CREATE INDEX "i" ON "t" (LOWER("name"))'},
            {"sql": 'ALTER TABLE "t" ADD COLUMN "n" varchar(100) NULL'},
        ]
        self.assertEqual(helper.called_functions(statements), ["gen_random_uuid", "lower", "varchar"])

    def test_volatility_without_a_database(self) -> None:
        self.assertEqual(helper.volatility(None, [{"sql": "SELECT now()"}]), {})


class Graph(unittest.TestCase):
    @staticmethod
    def graph(edges: dict[tuple[str, str], list[tuple[str, str]]], replaces: dict[Any, Any] | None = None) -> Any:
        """A stand-in for Django's MigrationGraph: key → its parents."""
        nodes = {key: SimpleNamespace(key=key, parents=set(), children=[]) for key in edges}
        for key, parents in edges.items():
            for parent in parents:
                nodes[key].parents.add(parent)
                nodes[parent].children.append(nodes[key])
        migrations = {key: SimpleNamespace(replaces=(replaces or {}).get(key, [])) for key in edges}
        return SimpleNamespace(nodes=migrations, node_map=nodes)

    def test_order_applies_the_chosen_last(self) -> None:
        graph = self.graph({("a", "1"): [], ("b", "1"): [], ("b", "2"): [("b", "1")], ("a", "2"): [("a", "1")]})
        self.assertEqual(
            helper.order(graph, {("a", "1")}),
            [("b", "1"), ("b", "2"), ("a", "1"), ("a", "2")],
        )
        self.assertEqual(helper.order(graph, set()), [("a", "1"), ("a", "2"), ("b", "1"), ("b", "2")])

    def test_planned(self) -> None:
        squash = ("a", "1_squashed_2")
        graph = self.graph({("a", "1"): [], ("a", "2"): [("a", "1")], squash: [], ("a", "3"): [squash]})
        graph.nodes[squash].replaces = [("a", "1"), ("a", "2")]
        loader = SimpleNamespace(graph=graph)
        files = {key: f"a/migrations/{key[1]}.py" for key in [("a", "1"), ("a", "2"), squash, ("a", "3"), ("x", "1")]}
        self.assertEqual(
            helper.planned(loader, files, {"newFiles": None}), {("a", "1"), ("a", "2"), squash, ("a", "3")}
        )
        new = ["a/migrations/1_squashed_2.py", "a/migrations/3.py"]
        # The squashed migrations are applied already: migrate records the squash, it runs nothing.
        self.assertEqual(helper.planned(loader, files, {"newFiles": new}), {("a", "3")})
        # The squash came with them: it runs.
        self.assertEqual(
            helper.planned(loader, files, {"newFiles": [*new, "a/migrations/2.py"]}),
            {("a", "2"), squash, ("a", "3")},
        )
        # Replaced migrations deleted in the candidate count as applied.
        del files[("a", "2")]
        self.assertEqual(
            helper.planned(loader, files, {"newFiles": new, "deletedFiles": ["a/migrations/2.py"]}), {("a", "3")}
        )


class SameCode(unittest.TestCase):
    def test_unchanged_ignores_comments_and_layout(self) -> None:
        files = {"a.py": "x = 1  # one\n", "b.py": "x = 2\n", "c.py": "x = (\n"}
        with project(files):
            request = {
                "modified": [
                    {"file": "a.py", "base": "x = 1\n"},
                    {"file": "b.py", "base": "x = 1\n"},
                    {"file": "c.py", "base": "x = 1\n"},
                    {"file": "gone.py", "base": "x = 1\n"},
                ]
            }
            self.assertEqual(helper.unchanged(request), ["a.py"])
        self.assertEqual(helper.unchanged({}), [])

    def test_canon_ignores_where_a_function_is_written(self) -> None:
        def define(source: str, name: str) -> Any:
            scope: dict[str, Any] = {}
            exec(compile(source, name, "exec"), scope)
            return scope["forwards"]

        body = "def forwards(apps, schema_editor, n=3):\n    return [n * 2, 'x']\n"
        here = define(body, "0002_a.py")
        there = define("\n\n# moved\n" + body, "0002_b.py")
        other = define(body.replace("n * 2", "n * 3"), "0002_a.py")
        self.assertEqual(helper.canon(here), helper.canon(there))
        self.assertNotEqual(helper.canon(here), helper.canon(other))
        self.assertEqual(helper.canon({"b": [1, 2], "a": (3,)}), helper.canon({"a": [3], "b": (1, 2)}))
        self.assertEqual(helper.canon({2, 1}), ("set", ("'1'", "'2'")))
        self.assertEqual(helper.again_all(int, "x"), (("class", "int"), "'x'"))


class Errors(unittest.TestCase):
    def test_state_error(self) -> None:
        migration = SimpleNamespace(app_label="notes", name="0003_drop")
        operation = SimpleNamespace(describe=lambda: "Remove field body from note")
        error = helper.state_error(migration, KeyError("body"), "notes/migrations/0003_drop.py", 9, operation)
        self.assertEqual(
            error.as_json(),
            {
                "kind": "migrations",
                "message": "notes.0003_drop: Remove field body from note does not apply to the model state "
                "before it: KeyError: 'body'",
                "file": "notes/migrations/0003_drop.py",
                "line": 9,
            },
        )
        self.assertEqual(helper.state_error(migration, ValueError("x"), "m.py").line, 1)
        self.assertIsNone(helper.state_error(migration, ValueError("x"), None).line)


# A tiny project for one whole run: SQLite, one app, one migration applied and one new.
PROJECT = {
    "settings.py": """\
        SECRET_KEY = "test"
        INSTALLED_APPS = ["notes"]
        DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
        DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
        USE_TZ = True
    """,
    "notes/__init__.py": "",
    "notes/models.py": """\
        from django.db import models


        class Note(models.Model):
            title = models.CharField(max_length=100)
            stars = models.IntegerField(default=0)
            body = models.TextField(default="")
    """,
    "notes/migrations/__init__.py": "",
    "notes/migrations/0001_initial.py": """\
        from django.db import migrations, models

        ID = models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")


        class Migration(migrations.Migration):
            initial = True

            operations = [
                migrations.CreateModel(
                    "Note",
                    [
                        ("id", ID),
                        ("title", models.CharField(max_length=100)),
                    ],
                ),
            ]
    """,
    "notes/migrations/0002_stars.py": """\
        from django.db import migrations, models


        def backfill(apps, schema_editor):
            Note = apps.get_model("notes", "Note")
            for note in Note.objects.all():
                note.stars = len(note.title)
                note.save()


        class Migration(migrations.Migration):
            dependencies = [("notes", "0001_initial")]

            operations = [
                migrations.AddField("note", "stars", models.IntegerField(default=0)),
                migrations.RunPython(backfill),
            ]
    """,
}


class WholeRun(unittest.TestCase):
    """The helper as Runway runs it: a process, the request on stdin, the result in a file."""

    def run_helper(self, root: str, request: dict[str, Any]) -> dict[str, Any]:
        result = os.path.join(root, "result.json")
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        done = subprocess.run(
            [sys.executable, HELPER, "-", result],
            input=json.dumps(request),
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        self.assertEqual(done.returncode, 0, done.stderr)
        with open(result, encoding="utf-8") as source:
            facts: dict[str, Any] = json.load(source)
        self.assertIsInstance(facts.pop("maxRssKb"), int)
        timings = facts.pop("timings")
        self.assertLessEqual(timings["started"], timings["finished"])
        return facts

    def test_facts_of_a_new_migration(self) -> None:
        with project(PROJECT) as root:
            request = {
                "dir": root,
                "settings": "settings",
                "newFiles": ["notes/migrations/0002_stars.py"],
                "deletedFiles": [],
                "modified": [],
                "sql": False,
            }
            facts = self.run_helper(root, request)
        import django

        self.assertNotIn("error", facts)
        self.assertEqual(facts["django"], django.get_version())
        self.assertIsNone(facts["postgres"])
        self.assertEqual(
            facts["migrations"],
            [
                {"app": "notes", "name": "0001_initial", "file": "notes/migrations/0001_initial.py"},
                {"app": "notes", "name": "0002_stars", "file": "notes/migrations/0002_stars.py"},
            ],
        )
        self.assertEqual(facts["leaves"], ["notes.0002_stars"])
        self.assertEqual((facts["conflicts"], facts["replaced"]), ({}, []))
        self.assertEqual((facts["unchanged"], facts["sameEffect"]), ([], []))
        [migration] = facts["plan"]
        self.assertEqual(
            {k: migration[k] for k in ("app", "name", "file", "line", "atomic", "initial", "statements")},
            {
                "app": "notes",
                "name": "0002_stars",
                "file": "notes/migrations/0002_stars.py",
                "line": 14,
                "atomic": True,
                "initial": False,
                "statements": [],
            },
        )
        add, run = migration["units"]
        self.assertEqual(
            (add["type"], add["path"], add["line"], add["tableAfter"]), ("AddField", "0", 15, "notes_note")
        )
        self.assertIsNone(add["oldField"])
        self.assertEqual(
            {k: add["field"][k] for k in ("name", "column", "dbType", "null", "hasDefault", "unique", "foreignKey")},
            {
                "name": "stars",
                "column": "stars",
                "dbType": "integer",
                "null": False,
                "hasDefault": True,
                "unique": False,
                "foreignKey": False,
            },
        )
        self.assertEqual((run["type"], run["path"], run["line"], run["hasReverse"]), ("RunPython", "1", 16, False))
        self.assertEqual(run["rowByRow"], {"function": "backfill", "line": 6})
        [missing] = facts["missing"]
        self.assertEqual(
            {k: missing[k] for k in ("app", "operations", "file", "line")},
            {"app": "notes", "operations": ["Add field body to note"], "file": "notes/models.py", "line": 4},
        )
        self.assertIsNone(facts["missingError"])

    def test_a_settings_module_that_does_not_load(self) -> None:
        with project(PROJECT) as root:
            facts = self.run_helper(root, {"dir": root, "settings": "no_such_settings", "sql": False})
        self.assertEqual(facts["error"]["kind"], "settings")
        message = facts["error"]["message"]
        self.assertIn("the settings module no_such_settings did not load: ModuleNotFoundError", message)


if __name__ == "__main__":
    unittest.main()
