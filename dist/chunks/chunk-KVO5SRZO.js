import { createRequire as __runwayRequire } from 'node:module'; import { fileURLToPath as __runwayPath } from 'node:url'; const require = __runwayRequire(import.meta.url); const __filename = __runwayPath(import.meta.url); const __dirname = __runwayPath(new URL('.', import.meta.url));
import{a as S}from"./chunk-YT44AREQ.js";import{g as Y}from"./chunk-NC2QJIS7.js";import{d as K}from"./chunk-IBGPR7F5.js";import{a as Q,b as y,c as q}from"./chunk-TWWWETVY.js";import{f as B}from"./chunk-GPT656J5.js";import{c as W}from"./chunk-BZJYNCUY.js";import{a as h}from"./chunk-4O2RS27C.js";import{a}from"./chunk-NVX4RI35.js";import{createRequire as $t}from"node:module";import{resolve as qe}from"node:path";import{pathToFileURL as Rt}from"node:url";import{mkdtemp as mt,readFile as ft,rm as Ne}from"node:fs/promises";import{tmpdir as gt}from"node:os";import{join as $e}from"node:path";import{basename as J,dirname as T}from"node:path";var p=a((t,e,n)=>({id:t,category:e,title:n}),"rule"),l={conflict:p("RW001-conflicting-leaves","broken","more than one leaf migration in an app"),missing:p("RW002-missing-migration","broken","model changes without a migration"),edited:p("RW003-edited-migration","broken","a migration the live release applied was edited"),deleted:p("RW004-deleted-migration","broken","a migration the live release applied was deleted or renamed"),concurrentInAtomic:p("RW005-concurrent-in-atomic","broken","a concurrent operation in an atomic migration"),createTable:p("RW010-create-table","expand","creates a table"),addColumn:p("RW011-add-column","expand","adds a column the old code can ignore"),concurrentIndex:p("RW012-index-concurrently","expand","builds or drops an index concurrently"),notValid:p("RW013-constraint-not-valid","expand","adds a constraint NOT VALID, or validates one without blocking"),relax:p("RW014-relax-column","expand","relaxes a column (drops NOT NULL or widens its type)"),dropColumn:p("RW101-drop-column","contract","drops a column the old code still reads"),dropTable:p("RW102-drop-table","contract","drops a table the old code still reads"),renameColumn:p("RW103-rename-column","contract","renames a column the old code still uses"),renameTable:p("RW104-rename-table","contract","renames a table the old code still uses"),notNullWithoutDbDefault:p("RW105-not-null-without-db-default","contract","adds a NOT NULL column without a database default"),setNotNull:p("RW106-set-not-null","contract","makes an existing column NOT NULL"),index:p("RW201-index-not-concurrent","locking","builds an index without CONCURRENTLY"),dropIndex:p("RW202-drop-index-not-concurrent","locking","drops an index without CONCURRENTLY"),foreignKey:p("RW203-validated-foreign-key","locking","adds a foreign key validated at once"),unique:p("RW204-unique-constraint","locking","adds a unique constraint or primary key"),check:p("RW205-validated-check","locking","adds a CHECK or exclusion constraint validated at once"),typeChange:p("RW206-change-column-type","locking","changes a column's type"),dataInDdl:p("RW207-data-migration-in-ddl-transaction","locking","runs Python in the same transaction as schema changes"),volatileDefault:p("RW208-volatile-default","locking","adds a column with a volatile default"),rowByRow:p("RW209-row-by-row-data-migration","locking","updates a table row by row in one transaction"),sqlLint:p("RW290-sql-lint","locking","risky SQL"),runPython:p("RW301-run-python-without-reverse","irreversible","RunPython without reverse_code"),runSql:p("RW302-run-sql-without-reverse","irreversible","RunSQL without reverse_sql")},Se=Object.values(l),V=new Set([l.conflict.id,l.concurrentInAtomic.id]),x=a(t=>t.split("-",1)[0],"shortId");function L(t,e){let n=t.trim().toLowerCase();return n!==""&&(n===e.rule.toLowerCase()||n===x(e.rule).toLowerCase()||n===e.category)}a(L,"names");var N=a(t=>J(t,".py"),"nameOf"),Le=a(t=>(t??"").slice(0,12),"short");function C(t,e){let n=T(e);return t.migrations.find(r=>T(r.file)===n)?.app??J(T(n))}a(C,"appOf");function z(t,e){let n=[],r=Le(t.base);for(let i of t.modified){if(e.unchanged.includes(i))continue;if(e.sameEffect?.includes(i)){let s=`${i} was applied by the live release (${r}) and has been edited since, but it still does the same: its operations (and their SQL) are unchanged, so the databases that ran it match it.`;n.push({rule:l.edited,app:C(e,i),migration:N(i),file:i,line:1,message:s,level:"notice"});continue}let o=`${i} was applied by the live release (${r}) and has been edited since. Django records no checksum, so the edit never runs where it was applied; revert it and make the change in a new migration.`;n.push({rule:l.edited,app:C(e,i),migration:N(i),file:i,line:1,message:o})}for(let i of t.deleted){let o=C(e,i);if(e.replaced.includes(`${o}.${N(i)}`))continue;let s=t.renamed.find(c=>c.from===i),d=s?`was renamed to ${s.to}: Django will see a new migration and run it again where ${N(i)} already ran`:"was deleted: databases that applied it keep its changes, and a rollback past it cannot undo them";n.push({rule:l.deleted,app:o,migration:N(i),file:s?.to??i,line:1,message:`${i} was applied by the live release (${r}) and ${d}. Restore it.`})}return n}a(z,"editedOrDeleted");function X(t,e){return Object.entries(t.conflicts).map(([n,r])=>{let i=r.map(c=>`${n}.${c}`),o=i.find(c=>e.has(c))??i[0],s=t.migrations.find(c=>`${c.app}.${c.name}`===o)?.file??"",d=`${n} has ${r.length} leaf migrations (${r.join(", ")}): migrate refuses to run. Merge them (manage.py makemigrations --merge) or make one depend on the other.`;return{rule:l.conflict,app:n,migration:o.slice(n.length+1),file:s,line:1,message:d}})}a(X,"conflicts");function Z(t){return t.missing.map(e=>{let n={rule:l.missing,app:e.app,migration:e.name,file:e.file??"",line:e.line};if(e.stateOnly){let r=`${e.app}: the models changed without a migration (${e.operations.join("; ")}), but nothing changes in the database (sqlmigrate would print no SQL). Run manage.py makemigrations and commit the result, so that Django's state matches the models.`;return{...n,message:r,level:"warning"}}return{...n,message:`${e.app}: the models changed without a migration (${e.operations.join("; ")}). Run manage.py makemigrations and commit the result.`}})}a(Z,"missing");var Te=a(t=>`${t.rule.id} ${t.app}.${t.migration}#${t.unit??""}`,"hitKey");function u(t,e,n,r){return{rule:t,app:e.app,migration:e.name,file:e.file,line:n.line,message:r,unit:n.path}}a(u,"unitHit");function ee(t){let e=new Set;return t.filter(n=>{let r=Te(n);return e.has(r)?!1:(e.add(r),!0)})}a(ee,"dedupe");var j=a((t,e)=>`${t.app}.${t.name}#${e}`,"unitKey"),f=a(t=>t?.column??t?.name??"?","col"),Ce={CreateModel:a((t,e)=>[u(l.createTable,t,e,`${e.description}: a new table (${e.tableAfter}); the old code does not know it.`)],"CreateModel"),DeleteModel:a((t,e)=>[u(l.dropTable,t,e,`${e.description} drops table ${e.tableBefore}, which the running release still queries.`)],"DeleteModel"),RenameModel:te,AlterModelTable:te,AddField:je,RemoveField:a((t,e)=>e.oldField?.manyToMany?[u(l.dropTable,t,e,`${e.description} drops its many-to-many table, which the running release still queries.`)]:[u(l.dropColumn,t,e,`${e.description} drops column ${e.tableBefore}.${f(e.oldField)}, which the running release still selects and inserts.`)],"RemoveField"),RenameField:a((t,e)=>f(e.oldField)===f(e.field)?[]:[u(l.renameColumn,t,e,`${e.description} renames column ${f(e.oldField)} to ${f(e.field)}; the running release still uses the old name.`)],"RenameField"),AlterField:De,AddIndex:a((t,e)=>[u(l.index,t,e,`${e.description} without CONCURRENTLY: writes to ${e.tableBefore} wait until the index is built.`)],"AddIndex"),RemoveIndex:a((t,e)=>[u(l.dropIndex,t,e,`${e.description} without CONCURRENTLY: takes an ACCESS EXCLUSIVE lock on ${e.tableBefore}.`)],"RemoveIndex"),AddIndexConcurrently:ne,RemoveIndexConcurrently:ne,AddConstraint:Oe,AddConstraintNotValid:a((t,e)=>[u(l.notValid,t,e,`${e.description} NOT VALID: existing rows are checked later, without blocking writes.`)],"AddConstraintNotValid"),ValidateConstraint:a((t,e)=>[u(l.notValid,t,e,`${e.description}: validation takes a lock that lets reads and writes go on.`)],"ValidateConstraint"),AlterUniqueTogether:a((t,e)=>e.uniqueAdded?[u(l.unique,t,e,`${e.description} builds a unique index without CONCURRENTLY, blocking writes to ${e.tableBefore}.`)]:[],"AlterUniqueTogether"),RunPython:Ie,RunSQL:a((t,e)=>e.hasReverse?[]:[u(l.runSql,t,e,`RunSQL without reverse_sql: migrating back past ${t.app}.${t.name} raises IrreversibleError, so a rollback cannot undo it.`)],"RunSQL")};function te(t,e){return e.tableBefore===e.tableAfter?[]:[u(l.renameTable,t,e,`${e.description} renames table ${e.tableBefore} to ${e.tableAfter}; the running release still uses the old name.`)]}a(te,"renameTable");function je(t,e){let n=e.field;if(!n)return[];if(n.manyToMany)return[u(l.createTable,t,e,`${e.description}: a new many-to-many table; the old code does not know it.`)];let r=oe(t,e,n),i=[re(n)?Fe(t,e,n):r?Ae(t,e,n,r):Ue(t,e,n)];return n.unique?i.push(u(l.unique,t,e,`${e.description} is unique: its index is built without CONCURRENTLY, blocking writes to ${e.tableBefore}.`)):n.dbIndex&&i.push(u(l.index,t,e,`${e.description} is indexed: the index is built without CONCURRENTLY, blocking writes to ${e.tableBefore}.`)),n.foreignKey&&i.push(u(l.foreignKey,t,e,`${e.description} adds a foreign key validated at once, locking ${e.tableBefore} and the table it references.`)),i}a(je,"addField");var re=a(t=>t.null||t.hasDbDefault&&!t.dbDefaultNull,"usableDefault");function oe(t,e,n){if(!t.atomic||n.dbDefaultNull)return;let r=t.units.indexOf(e),o=t.units.slice(r+1).filter(s=>s.type==="AlterField"&&s.tableBefore===e.tableAfter&&s.field&&f(s.field)===f(n)).at(-1);return o?.field&&re(o.field)?o:void 0}a(oe,"defaultedLater");function Ae(t,e,n,r){let i=r.field?.null?"makes it nullable":"gives it a database default";return u(l.addColumn,t,e,`${e.description}: NOT NULL, and a later operation of this atomic migration (line ${r.line}) ${i} before any INSERT can run, so INSERTs from the running release work (${n.name}).`)}a(Ae,"addColumnLaterHit");function Fe(t,e,n){let r=n.null?"nullable":"NOT NULL with db_default, so INSERTs from the running release get the database default";return u(l.addColumn,t,e,`${e.description}: ${r}.`)}a(Fe,"addColumnHit");function Ue(t,e,n){let r=n.dbDefaultNull?"db_default=None makes its database default NULL (DEFAULT NULL NOT NULL): adding it fails on a table that has rows (the existing rows get NULL)":n.hasDefault?"its default is Python-side only: Django drops the database default right after adding the column":"it has no default";return u(l.notNullWithoutDbDefault,t,e,`${e.description}: NOT NULL and ${r}, so INSERTs from the running release, which does not know ${n.name}, fail. Use db_default, or add it nullable first.`)}a(Ue,"notNullHit");function De(t,e){let[n,r]=[e.oldField,e.field];if(!n||!r)return[];let i=[],o=a((d,c)=>i.push(u(d,t,e,`${e.description}: ${c}`)),"say");f(n)!==f(r)&&o(l.renameColumn,`renames column ${f(n)} to ${f(r)}; the running release still uses the old name.`),n.null&&!r.null&&o(l.setNotNull,`SET NOT NULL scans ${e.tableBefore} under an ACCESS EXCLUSIVE lock, and the running release may still write NULL.`);let s=n.dbType!==r.dbType;return s&&!ie(n.dbType,r.dbType)?o(l.typeChange,`changes ${f(r)} from ${n.dbType} to ${r.dbType}: a table rewrite under an ACCESS EXCLUSIVE lock, and casts can fail.`):(!n.null&&r.null||s)&&o(l.relax,`relaxes ${f(r)} (${n.dbType} ${n.null?"NULL":"NOT NULL"} \u2192 ${r.dbType} ${r.null?"NULL":"NOT NULL"}).`),!n.unique&&r.unique?o(l.unique,`makes ${f(r)} unique: the index is built without CONCURRENTLY, and the running release may insert duplicates.`):!n.dbIndex&&r.dbIndex&&o(l.index,`indexes ${f(r)} without CONCURRENTLY, blocking writes to ${e.tableBefore}.`),n.dbIndex&&!r.dbIndex&&!r.unique&&o(l.dropIndex,`drops the index on ${f(r)} without CONCURRENTLY.`),!n.foreignKey&&r.foreignKey&&o(l.foreignKey,`adds a foreign key validated at once, locking ${e.tableBefore} and the table it references.`),i}a(De,"alterField");function ie(t,e){if(!t||!e)return!1;let n=a(c=>/^varchar(?:\((\d+)\))?$/.exec(c),"varchar"),r=a(c=>/^numeric\((\d+), ?(\d+)\)$/.exec(c),"numeric"),[i,o]=[n(t),n(e)];if(i&&(e==="text"||o&&(o[1]===void 0||Number(o[1])>=Number(i[1]??Number.POSITIVE_INFINITY))))return!0;let[s,d]=[r(t),r(e)];return!!(s&&d&&s[2]===d[2]&&Number(d[1])>=Number(s[1]))}a(ie,"widens");function ne(t,e){return t.atomic?[u(l.concurrentInAtomic,t,e,`${e.description}: ${e.type} cannot run inside a transaction, so migrate fails; set atomic = False on the migration.`)]:[u(l.concurrentIndex,t,e,`${e.description} CONCURRENTLY: reads and writes go on while it runs.`)]}a(ne,"concurrent");function Oe(t,e){return e.constraint==="UniqueConstraint"?[u(l.unique,t,e,`${e.description}: the unique index is built without CONCURRENTLY, and the running release may insert duplicates.`)]:[u(l.check,t,e,`${e.description}: every row is checked under a lock that blocks writes to ${e.tableBefore}.`)]}a(Oe,"addConstraint");function Ie(t,e){let n=[];e.hasReverse||n.push(u(l.runPython,t,e,`RunPython without reverse_code: migrating back past ${t.app}.${t.name} raises IrreversibleError, so a rollback cannot undo it.`));let r=t.units.some(i=>i.reducesToSql&&i.type!=="RunSQL"&&i.path!==e.path);if(t.atomic&&r&&n.push(u(l.dataInDdl,t,e,"RunPython in an atomic migration that also changes the schema: the schema locks are held until the data migration ends.")),t.atomic&&e.rowByRow){let{function:i,line:o}=e.rowByRow;n.push(u(l.rowByRow,t,e,`RunPython ${i} (line ${o}) iterates a queryset and writes each row, all in the migration's one transaction: every row it writes stays locked until the whole table is done, and the transaction holds back vacuum. Batch it: atomic = False on the migration and a transaction per batch of ids (or bulk_update per batch), or run it as a batch job.`))}return n}a(Ie,"runPython");function ae(t){let e=new Set,n=[],r=new Map;for(let i of t)for(let o of i.units){let s=o.tableBefore!==null&&e.has(o.tableBefore),d=o.type==="AlterField"&&ie(o.oldField?.dbType??null,o.field?.dbType??null),c=o.type==="AddField"&&!!(o.field&&oe(i,o,o.field));r.set(j(i,o.path),{newTable:s,safeTypeChange:d,defaultLater:c});let m=(Ce[o.type]?.(i,o)??[]).filter(g=>!(s&&Me(g)));n.push(...m),o.tableAfter&&(o.type==="CreateModel"||s)&&e.add(o.tableAfter)}return{hits:n,context:r}}a(ae,"classifyPlan");var Me=a(t=>t.rule.category==="contract"||t.rule.category==="locking","dropsOnNewTable");import{existsSync as Pe}from"node:fs";import{readFile as de,writeFile as le}from"node:fs/promises";import{join as ce}from"node:path";var se=String.raw`"""Runway's migration gate, Django side: one process that loads the project once and reports
facts about its migrations as JSON. It decides nothing; Runway's rules (TypeScript) do.

usage: python helper.py REQUEST.json RESULT.json   (run with the project directory as cwd)
"""

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


def setup_django(request):
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
    from django.db.migrations.state import ProjectState

    state = ProjectState(real_apps=loader.unmigrated_apps)
    results = []
    for key in order(loader.graph, chosen):
        migration = loader.graph.nodes[key]
        if key in chosen:
            results.append(analyse_migration(migration, state, files[key], connection, collect))
        else:
            try:
                migration.mutate_state(state, preserve=False)
            except Exception as error:
                raise state_error(migration, error, files.get(key))
    return results


def state_error(migration, error, file, line=None, operation=None):
    """A migration that Django cannot replay (e.g. it removes a field that does not exist)."""
    what = "%s.%s%s" % (migration.app_label, migration.name, ": " + operation.describe() if operation else "")
    return GateError("migrations", "%s does not apply to the model state before it: %s: %s" % (what, type(error).__name__, error), file, line or (1 if file else None))


# ------------------------------------------------------------------ what git cannot tell


def missing_migrations(loader, connection):
    """makemigrations --check --dry-run, without writing or asking: app → what is missing."""
    from django.apps import apps
    from django.db.migrations.autodetector import MigrationAutodetector
    from django.db.migrations.questioner import MigrationQuestioner
    from django.db.migrations.state import ProjectState

    state = loader.project_state()
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
    scratch = os.path.dirname(os.path.abspath(sys.argv[1]))
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
    version = setup_django(request)
    connection, pg_version = connect(request)
    loader = load_migrations()
    files = project_files(loader)
    chosen = planned(loader, files, request)
    same_files = unchanged(request)
    try:
        # SQL is collected, never run: any backend tells an empty change from a real one.
        missing = missing_migrations(loader, connection)
    except Exception as error:
        missing, missing_error = [], "%s: %s" % (type(error).__name__, error)
    else:
        missing_error = None
    return {
        "django": version,
        "postgres": pg_version,
        "migrations": [{"app": key[0], "name": key[1], "file": file} for key, file in sorted(files.items())],
        "leaves": sorted("%s.%s" % key for key in loader.graph.leaf_nodes() if key in files),
        "conflicts": {app: sorted(names) for app, names in loader.detect_conflicts().items()},
        "replaced": sorted({"%s.%s" % r for m in loader.disk_migrations.values() for r in m.replaces}),
        "plan": walk(loader, files, chosen, connection, collect=pg_version is not None),
        "missing": missing,
        "missingError": missing_error,
        "unchanged": same_files,
        "sameEffect": same_effect(request, loader, files, connection, same_files),
    }


def main():
    with open(sys.argv[1], encoding="utf-8") as source:
        request = json.load(source)
    try:
        result = analyse(request)
    except GateError as error:
        result = {"error": error.as_json()}
    except Exception as error:
        file, line = where(error)
        result = {"error": {"kind": "internal", "message": "".join(traceback.format_exception(error)), "file": file, "line": line}}
    result["maxRssKb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        json.dump(result, out)


if __name__ == "__main__":
    main()
`;async function Ge(t,e,n){let r=n||e.DJANGO_SETTINGS_MODULE;if(r)return r;let i=ce(t,"manage.py");if(!Pe(i))throw new h(`${t} is not a Django project: it has no manage.py, and DJANGO_SETTINGS_MODULE is not set (use project-dir to point at the project)`,{field:"project-dir"});let o=/DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([\w.]+)['"]/.exec(await de(i,"utf8"));if(!o?.[1])throw new h("manage.py does not name a settings module; set DJANGO_SETTINGS_MODULE",{file:i,field:"DJANGO_SETTINGS_MODULE"});return o[1]}a(Ge,"settingsModule");async function pe(t,e){let n=await Ge(t.dir,t.env,t.settings),[r,i,o]=["runway_gate.py","request.json","result.json"].map($=>ce(e.scratch,$));await le(r,se);let{newFiles:s,deletedFiles:d,modified:c,databaseUrl:m,sql:g}=t;await le(i,JSON.stringify({newFiles:s,deletedFiles:d,modified:c,databaseUrl:m,sql:g}));let k={...t.env,DJANGO_SETTINGS_MODULE:n,PYTHONDONTWRITEBYTECODE:"1"},w=await e.runner(t.python,[r,i,o],{cwd:t.dir,env:k}).catch($=>{throw $.code!=="ENOENT"?$:new h(`Python was not found: ${t.python}. Install Python with the project's requirements (actions/setup-python, then pip install -r requirements.txt) and pass its path (--python, input \`python\`)`,{field:"python"})}),_=await de(o,"utf8").catch(()=>"");if(!_)throw new h(`${t.python} could not run Runway's Django helper (exit ${w.code}):
${w.stderr.trim().split(`
`).slice(-15).join(`
`)}`,{field:"python"});let v=JSON.parse(_);if(v.error)throw He(v.error,t.prefix);return v}a(pe,"djangoPass");function He(t,e){if(t.kind==="internal")return new Error(`Runway's Django helper failed:
${t.message}`);let n=t.file?`${e}${t.file}`:void 0,r=n&&t.file?t.message.replaceAll(t.file,n):t.message,i=n&&!r.includes(n)?`${r} (${n} line ${t.line??1})`:r;return new h(i,n?{file:n,line:t.line??1}:{field:t.kind==="database"?"DATABASE_URL":"project-dir"})}a(He,"helperError");import{existsSync as We}from"node:fs";import{mkdtemp as Be,rm as ue}from"node:fs/promises";import{tmpdir as Qe}from"node:os";import{join as A}from"node:path";var b=a(t=>/(^|\/)migrations\/[^/_~][^/]*\.py$/.test(t),"isMigrationFile"),Ye="this clone is shallow: fetch the full history (actions/checkout with `fetch-depth: 0`, or `git fetch --unshallow`)";function F(t){if(!We(t))throw new h(`project directory ${t} does not exist`,{field:"project-dir"});return S({baseDir:t})}a(F,"gitFor");async function me(t,e,n){if(!e||e.startsWith("-"))throw new h(`${n} must be a commit, got ${JSON.stringify(e)}`,{field:n});let r=await t.revparse(["--verify","--quiet",`${e}^{commit}`]).catch(()=>"");if(r)return r.trim();let o=(await t.revparse(["--is-shallow-repository"]).catch(()=>"false")).trim()==="true"?Ye:n==="base"?"was the history rewritten? fetch it, or pass --base (input `base`)":"fetch it first";throw new h(`the ${n} commit ${e} is not in this repository; ${o}`,{field:n})}a(me,"commitOf");function Ke(t){let e=t.split("\0").filter(r=>r!==""),n=[];for(let r=0;r<e.length;){let i=e[r++],o=/^[RC]/.test(i)?2:1;n.push({status:i,paths:e.slice(r,r+o)}),r+=o}return n}a(Ke,"parseNameStatus");async function fe(t,e,n){let r=F(t),i=await r.revparse(["--show-prefix"]).catch(()=>{throw new h(`${t} is not inside a git repository: the gate compares migrations between commits`,{field:"project-dir"})}),o=await me(r,n,"candidate"),s={base:null,candidate:o,prefix:i.trim(),added:[],modified:[],deleted:[],renamed:[]};if(!e){let c=await r.raw(["ls-tree","-r","-z","--name-only",o]);return s.added=c.split("\0").filter(b),s}s.base=await me(r,e,"base");let d=await r.raw(["diff","--name-status","-z","-M","--relative","--no-ext-diff",s.base,o]);for(let{status:c,paths:m}of Ke(d))Ve(s,c,m);return s}a(fe,"migrationChanges");function Ve(t,e,n){let[r,i]=n;if(e.startsWith("R")&&i){b(r)&&t.deleted.push(r),b(i)&&t.added.push(i),(b(r)||b(i))&&t.renamed.push({from:r,to:i});return}let o=i??r;b(o)&&(e==="A"||e.startsWith("C")?t.added.push(o):e==="D"?t.deleted.push(o):t.modified.push(o))}a(Ve,"sortChange");async function ge(t,e){if(!e.base)return[];let n=F(t);return Promise.all(e.modified.map(async r=>({file:r,base:await n.show([`${e.base}:${e.prefix}${r}`])})))}a(ge,"baseSources");async function he(t,e,n){let r=F(t);if((await r.revparse(["HEAD"]).catch(()=>"")).trim()===e.candidate)return{dir:t,exported:!1};let i=(await r.revparse(["--show-toplevel"])).trim(),o=await Be(A(Qe(),"runway-candidate-"));try{let s=S({baseDir:i,allowEnvironment:["GIT_INDEX_FILE"]}).env({...Je(n),GIT_INDEX_FILE:A(o,".index")}),d=e.prefix?`${e.candidate}:${e.prefix}`:`${e.candidate}^{tree}`;return await s.raw(["read-tree",d]),await s.raw(["checkout-index","-a","-f",`--prefix=${o}/`]),await ue(A(o,".index"),{force:!0}),{dir:o,exported:!0}}catch(s){throw await ue(o,{recursive:!0,force:!0}),s}}a(he,"candidateTree");function Je(t){let e=new Set(["editor","pager","visual","prefix","ssh_askpass"]),n={};for(let[r,i]of Object.entries(t)){let o=r.toLowerCase().trim();i===void 0||o.startsWith("git_")||e.has(o)||(n[r]=i)}return n}a(Je,"localGitEnv");var U="*",we="django-migration-linter's IgnoreMigration() in the operations",ze=/#\s*runway:\s*allow\s+(.*)$/gim,Xe=/^((?:RW\d{3}[\w-]*[\s,]*)+)(?:[—–:-]+\s*(.*))?$/i;function D(t){let e=new Map;for(let[,n]of t.matchAll(ze)){let r=Xe.exec((n??"").trim());if(!r)continue;let i=r[2]?.trim()||"no reason given";for(let o of(r[1]??"").split(/[\s,]+/).filter(Boolean))e.set(x(o).toUpperCase(),i)}return e}a(D,"acknowledgements");function Ze(t,e,n,r){let i=x(t.rule.id),o=t.rule.category;if(t.level==="notice")return{resolution:"allowed",severity:"notice",note:""};if(t.level==="warning")return{resolution:"warned",severity:"warning",note:""};let s=r?.get(i.toUpperCase())??r?.get(U);if(o==="broken")return et(t,i,n,s);let d=e.policy[o];if(d==="block")return{resolution:"blocked",severity:"error",note:`This environment blocks ${o} migrations.`};if(s)return{resolution:"acknowledged",severity:"notice",note:`Acknowledged in the migration: ${s}`};if(d==="allow")return{resolution:"allowed",severity:"notice",note:""};if(d==="warn")return{resolution:"warned",severity:"warning",note:""};let c=n.allow.find(m=>L(m,{rule:t.rule.id,category:o}));return c?{resolution:"approved",severity:"notice",note:`Approved by allow: ${c.trim()}.`}:n.labels.includes(e.approvalLabel)?{resolution:"approved",severity:"notice",note:`Approved by the pull request label ${e.approvalLabel}.`}:{resolution:"needs-approval",severity:"error",note:`Needs approval: add the label "${e.approvalLabel}" to the pull request, or allow ${i} (or ${o}).`}}a(Ze,"verdict");function et(t,e,n,r){if(V.has(t.rule.id))return{resolution:"blocked",severity:"error",note:"Django cannot load or run this graph: it always blocks."};if(r)return{resolution:"acknowledged",severity:"notice",note:`Acknowledged in the file: ${r}`};let i=n.allow.find(o=>L(o,{rule:t.rule.id,category:"broken"}));return i?{resolution:"approved",severity:"notice",note:`Approved by allow: ${i.trim()}.`}:{resolution:"needs-approval",severity:"error",note:`Broken: fix it, or acknowledge it in ${t.file||"the file"} (# runway: allow ${e} \u2014 reason) or allow ${e} for this run.`}}a(et,"brokenVerdict");var ye={error:0,warning:1,notice:2};function _e(t,e,n,r,i){return t.map(s=>{let d=Ze(s,e,n,r.get(s.file));return{rule:s.rule.id,category:s.rule.category,severity:d.severity,app:s.app,migration:s.migration,file:s.file?`${i}${s.file}`:"",line:s.line,message:d.note?`${s.message} ${d.note}`:s.message,resolution:d.resolution}}).map((s,d)=>({f:s,i:d})).sort((s,d)=>ye[s.f.severity]-ye[d.f.severity]||s.i-d.i).map(({f:s})=>s)}a(_e,"judge");var be=a(t=>t.some(e=>e.severity==="error")?"block":"allow","decide");import{writeFile as tt}from"node:fs/promises";import{join as nt}from"node:path";var ke=["require-timeout-settings","require-lock-timeout","require-statement-timeout","prefer-robust-stmts","prefer-bigint-over-int","prefer-bigint-over-smallint","prefer-identity","prefer-text-field","prefer-timestamp-tz","ban-char-field","ban-drop-not-null","transaction-nesting","identifier-too-long"],rt={"ban-drop-column":l.dropColumn,"ban-drop-table":l.dropTable,"ban-drop-database":l.dropTable,"renaming-column":l.renameColumn,"renaming-table":l.renameTable,"adding-required-field":l.notNullWithoutDbDefault,"adding-not-nullable-field":l.setNotNull,"require-concurrent-index-creation":l.index,"require-concurrent-index-deletion":l.dropIndex,"adding-foreign-key-constraint":l.foreignKey,"disallowed-unique-constraint":l.unique,"constraint-missing-not-valid":l.check,"changing-column-type":l.typeChange,"adding-field-with-default":l.volatileDefault,"ban-concurrent-index-creation-in-transaction":l.concurrentInAtomic},ot=["random","clock_timestamp","timeofday","gen_random_uuid","uuid_generate_v1","uuid_generate_v1mc","uuid_generate_v4","nextval","txid_current","setseed"];function ve(t,e={}){let n=[...t.matchAll(/\b([A-Za-z_][A-Za-z0-9_]*)\s*\(/g)].map(r=>r[1].toLowerCase());return[...new Set(n)].filter(r=>e[r]?e[r]==="v":ot.includes(r))}a(ve,"volatileCalls");var it=/\bADD\s+(?:CONSTRAINT\s+("[^"]+"|\S+)\s+)?(?:UNIQUE|PRIMARY\s+KEY)\b/i;function at(t){let e=[],n=[],r=a((i,o)=>{for(let s of i.split(`
`))e.push(s),n.push(o)},"push");t.atomic&&r("BEGIN;",null);for(let[i,o]of t.statements.entries())r(o.sql,i);return t.atomic&&r("COMMIT;",null),{migration:t,text:`${e.join(`
`)}
`,owners:n}}a(at,"sqlFile");async function xe(t,e,n,r){let i=t.filter(d=>d.statements.length>0).map(at);if(i.length===0)return[];let o=i.map((d,c)=>nt(r.dir,`${c}.sql`));return await Promise.all(i.map((d,c)=>tt(o[c],d.text))),(await st(o,n,r)).flatMap(d=>{let c=i[o.indexOf(d.file)],m=c&&dt(c,d)?ct(c,d):void 0;return m&&ut(m,e)?[m]:[]})}a(xe,"sqlPass");async function st(t,e,n){let r=e?["--pg-version",e]:[],i=[...n.squawk.args,"--reporter","json","--exclude",ke.join(","),...r,...t],o=await n.runner(n.squawk.command,i,{}).catch(s=>{throw new Error(`could not start squawk (${n.squawk.command}): ${s.message}`)});if(o.code!==0&&o.code!==1)throw new Error(`squawk failed (exit ${o.code}): ${o.stderr.trim()||o.stdout.trim()}`);try{return JSON.parse(o.stdout||"[]")}catch{throw new Error(`squawk printed no JSON report: ${o.stdout.slice(0,500)}`)}}a(st,"runSquawk");var lt=a((t,e)=>{let n=t.owners[e.line]??null;return n===null?null:t.migration.statements[n]??null},"statementOf");function dt(t,e){if(e.rule_name!=="adding-field-with-default")return!0;let n=lt(t,e);return n===null||ve(n.sql,t.migration.functions).length>0}a(dt,"applies");function ct(t,e){let n=t.migration,r=t.owners[e.line]??null,i=r===null?null:n.statements[r]?.unit??null,o=i===null?void 0:n.units[i],s=r===null?"":n.statements[r]?.sql??"",d=r===null?"":` in \`${pt(s)}\``,c={app:n.app,migration:n.name,file:n.file,line:o?.line??n.line,unit:o?.path};if(e.rule_name==="constraint-missing-not-valid"&&it.test(s)){let v=`${o?.description??"SQL"}${d}: builds a unique index under a lock that blocks writes while it scans the table. NOT VALID does not exist for UNIQUE: build it with CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT \u2026 UNIQUE USING INDEX.`;return{rule:l.unique,...c,message:v}}let m=rt[e.rule_name]??l.sqlLint,g=e.rule_name==="adding-field-with-default"?ve(s,n.functions):[],k=g.length?` It calls ${g.join(", ")}(), which is volatile (pg_proc.provolatile = 'v'), so every row is rewritten.`:"",w=e.help?` ${e.help}`:"",_=`${o?.description??"SQL"}${d}: ${e.message}${k}${w} (squawk: ${e.rule_name})`;return{rule:m,...c,message:_}}a(ct,"toHit");var pt=a(t=>{let e=t.replace(/\s+/g," ").trim();return e.length>120?`${e.slice(0,117)}\u2026`:e},"oneLine");function ut(t,e){let n=t.unit===void 0?void 0:e.get(j({app:t.app,name:t.migration},t.unit));return n?.newTable&&(t.rule.category==="contract"||t.rule.category==="locking")||n?.defaultLater&&t.rule===l.notNullWithoutDbDefault?!1:!(n?.safeTypeChange&&t.rule===l.typeChange)}a(ut,"keep");async function O(t,e){let n=ht(e.clock),r=await fe(t.projectDir,t.base,t.candidate);wt(e.logger,r);let i=n.lap(),o=await mt($e(gt(),"runway-gate-")),s;try{s=await he(t.projectDir,r,t.env);let d=s.dir,c=await e.logger.group("Django pass",()=>_t(t,r,d,e.runner,o)),m=n.lap(),g=await yt(t,e,r,c,o),k=n.lap(),w=_e(g,t.policy,t.approvals,await vt(d,c,g),r.prefix),_={django:c.django,postgres:c.postgres,gitMs:i,djangoMs:m,sqlMs:k,pythonMaxRssKb:c.maxRssKb};return{decision:be(w),base:r.base,candidate:r.candidate,plan:xt(c,g,r.prefix),findings:w,leaves:c.leaves,stats:_}}finally{await Ne(o,{recursive:!0,force:!0}),s?.exported&&await Ne(s.dir,{recursive:!0,force:!0})}}a(O,"analyseMigrations");function ht(t){let e=t.now().getTime();return{lap:a(()=>{let n=t.now().getTime(),r=n-e;return e=n,r},"lap")}}a(ht,"stopwatch");async function yt(t,e,n,r,i){let{hits:o,context:s}=ae(r.plan),d={runner:e.runner,squawk:e.squawk,dir:i},c=t.sql!==!1&&r.postgres?await e.logger.group("SQL pass (squawk)",()=>xe(r.plan,s,r.postgres,d)):[];bt(e.logger,r);let m=new Set(r.plan.map(g=>`${g.app}.${g.name}`));return kt(ee([...X(r,m),...Z(r),...z(n,r),...o,...c]))}a(yt,"findHits");function wt(t,e){let n=e.base?e.base.slice(0,12):"nothing live: every migration is new",r=["added","modified","deleted"].map(i=>`${e[i].length} ${i}`).join(", ");t.info(`base ${n} \u2192 candidate ${e.candidate.slice(0,12)}: ${r} migration files`)}a(wt,"logChanges");async function _t(t,e,n,r,i){let o={dir:n,prefix:e.prefix,python:t.python,settings:t.settings,env:t.env,databaseUrl:t.databaseUrl,sql:t.sql!==!1,newFiles:e.base?e.added:null,deletedFiles:e.deleted,modified:await ge(t.projectDir,e)};return pe(o,{runner:r,scratch:i})}a(_t,"runDjango");function bt(t,e){e.missingError&&t.warn(`could not check for missing migrations: ${e.missingError}`);for(let n of e.plan){n.sqlError&&t.warn(`${n.app}.${n.name}: SQL not collected: ${n.sqlError}`);for(let r of n.units)r.sqlError&&!/Concurrently$/.test(r.type)&&t.warn(`${n.app}.${n.name}: no SQL for "${r.description}": ${r.sqlError}`)}}a(bt,"reportGaps");function kt(t){let e=a(r=>`${r.app}.${r.migration}#${r.unit}`,"at"),n=new Set(t.filter(r=>r.rule===l.foreignKey||r.rule===l.unique).map(e));return t.filter(r=>!(r.rule===l.check&&n.has(e(r))))}a(kt,"withoutOverlaps");async function vt(t,e,n){let r=[...new Set([...e.plan.map(s=>s.file),...n.map(s=>s.file)])].filter(Boolean),i=await Promise.all(r.map(async s=>[s,D(await ft($e(t,s),"utf8").catch(()=>""))])),o=new Map(i);for(let s of e.plan)s.units.some(d=>d.type==="IgnoreMigration"&&d.module.startsWith("django_migration_linter"))&&o.get(s.file)?.set(U,we);return o}a(vt,"readAcknowledgements");function xt(t,e,n){return t.plan.map(r=>{let i=new Set(e.filter(o=>o.app===r.app&&o.migration===r.name).map(o=>o.rule.category));return{app:r.app,name:r.name,file:`${n}${r.file}`,reversible:r.units.every(o=>o.reversible),categories:[...i].sort()}})}a(xt,"planEntries");async function I(t,e){return(await K(t,e)).live?.commit??null}a(I,"liveCommit");var Re="docs/migration-rules.md",R=a(t=>t?t.slice(0,12):"none (nothing live)","short");function M(t){let{decision:e,base:n,candidate:r,plan:i,findings:o}=t;return{decision:e,base:n,candidate:r,plan:i,findings:o}}a(M,"reportJson");function P(t,e){for(let n of t){let r=`${n.rule} (${n.category}) ${n.app}.${n.migration}: ${n.message}`,i=n.file?{file:n.file,line:n.line,field:n.rule}:void 0;n.severity==="error"?e.error(r,i):n.severity==="warning"?e.warn(r,i):e.info(`${n.file}:${n.line}: ${r}`)}}a(P,"announceFindings");function E(t,e){let n=a(s=>t.findings.filter(d=>d.severity===s).length,"count"),r=t.findings.filter(s=>s.severity==="error").map(s=>`${s.rule.split("-")[0]} ${s.app}.${s.migration}`),i=`migration gate for ${e}: ${t.decision}, ${t.plan.length} new migration(s)`,o=`${n("error")} blocking, ${n("warning")} warning(s), ${n("notice")} notice(s)`;return`${i}; ${o}${r.length?` (${[...new Set(r)].join(", ")})`:""}`}a(E,"oneLine");function G(t,e){let n=[E(t,e),`base ${R(t.base)} \u2192 candidate ${R(t.candidate)}`,""];n.push(t.plan.length?"plan:":"plan: no new migrations");for(let r of t.plan)n.push(`  ${r.app}.${r.name}  ${r.file}${r.reversible?"":"  (irreversible)"}`);t.findings.length&&n.push("","findings:");for(let r of t.findings)n.push(`  ${r.severity.padEnd(7)} ${r.rule}  ${r.file}:${r.line}  [${r.resolution}]`,`          ${r.message}`);return n.push("",`rules: ${Re}`),n.join(`
`)}a(G,"renderText");function H(t,e){let n=t.decision==="allow"?"\u2705 allow":"\u26D4 block",r=t.plan.map(o=>[y(`${o.app}.${o.name}`),y(o.file),o.reversible?"yes":"**no**",o.categories.join(", ")]),i=t.findings.map(o=>[o.severity,y(o.rule),o.category,y(`${o.app}.${o.migration}`),y(`${o.file}:${o.line}`),o.resolution,o.message]);return[`## Migration gate: ${Q(e)} \u2014 ${n}`,"",`Base ${y(R(t.base))} \u2192 candidate ${y(R(t.candidate))}. Rules and their safe patterns: ${y(Re)}.`,"",t.plan.length?q(["migration","file","reversible","categories"],r):"No new migrations.","",t.findings.length?q(["severity","rule","category","migration","where","resolution","message"],i):"No findings.",""].join(`
`)}a(H,"renderMarkdown");import{spawn as Nt}from"node:child_process";function Ee(t,e,n={}){return new Promise((r,i)=>{let o=Nt(t,e,{...n,stdio:["ignore","pipe","pipe"]}),s="",d="";o.stdout?.on("data",c=>{s+=c.toString()}),o.stderr?.on("data",c=>{d+=c.toString()}),o.on("error",i),o.on("close",c=>r({code:c,stdout:s,stderr:d}))})}a(Ee,"run");function Qn(t,e=30){return t.trimEnd().split(`
`).slice(-e).join(`
`)}a(Qn,"tail");var Et="2.61.0",qt={policy:{expand:"allow",contract:"warn",locking:"warn",irreversible:"warn"},approvalLabel:"runway/allow-migrations"},rr=a(t=>t.split(/[\s,]+/).filter(Boolean),"splitList"),St=a(t=>t.migrations?{policy:t.migrations.policy,approvalLabel:t.migrations.approvalLabel}:qt,"gatePolicy");async function Lt(t,e,n){let r=n.env.DATABASE_URL||void 0;return r&&Ct(r,n),O({projectDir:e.projectDir,candidate:e.candidate,base:e.base,policy:St(t),approvals:{allow:e.allow,labels:await jt(n,e.candidate,e.pullRequest)},python:e.python||n.env.RUNWAY_PYTHON||"python3",settings:e.settings,env:n.env,databaseUrl:r,sql:e.sql},{logger:n.logger,clock:n.clock,runner:Ee,squawk:At(n.env)})}a(Lt,"analyseFor");async function or(t,e){let n=t.root??".",r=await B(qe(n,t.configDir),t.environment,{root:t.root}),i=t.base??await W(`read the release live in ${r.name}`,()=>Tt(r,e)),o=await Lt(r,{...t,projectDir:qe(n,t.projectDir),base:i},e);P(o.findings,e.logger);let s=E(o,r.name);return{outputs:{outcome:o.decision==="block"?"blocked":"passed",decision:o.decision,findings:JSON.stringify(o.findings),summary:s},summary:t.summaryStyle==="text"?G(o,r.name):H(o,r.name),json:{...M(o),message:s},exitCode:o.decision==="block"?1:0}}a(or,"migrationsCheckCommand");async function Tt(t,e){let n=await I(t,{clients:e.clients(),clock:e.clock,logger:e.logger});return e.logger.info(n?`base: ${n.slice(0,12)}, live in ${t.name}`:`base: nothing is live in ${t.name}, so every migration is new`),n}a(Tt,"ledgerBase");function Ct(t,e){e.logger.secret(t);try{e.logger.secret(decodeURIComponent(new URL(t).password))}catch{}}a(Ct,"maskDatabaseUrl");async function jt(t,e,n){let r=Y(t);if(!r)return[];let{octokit:i,owner:o,repo:s}=r;try{if(n)return(await i.rest.issues.listLabelsOnIssue({owner:o,repo:s,issue_number:n,per_page:100})).data.map(g=>g.name);let d=(await i.rest.repos.listPullRequestsAssociatedWithCommit({owner:o,repo:s,commit_sha:e})).data;return((d.find(m=>m.merge_commit_sha===e&&m.merged_at)??d.find(m=>m.state==="open")??d[0])?.labels??[]).map(m=>m.name)}catch(d){return t.logger.warn(`could not read the pull request's labels, so none approves: ${d.message}`),[]}}a(jt,"pullRequestLabels");function At(t,e=process.cwd()){if(t.RUNWAY_SQUAWK)return{command:t.RUNWAY_SQUAWK,args:[]};let n=`@squawk-cli/${process.platform}-${process.arch}/bin/squawk${process.platform==="win32"?".exe":""}`;for(let r of[import.meta.url,Rt(`${e}/`).href])try{return{command:$t(r).resolve(n),args:[]}}catch{}return{command:"npx",args:["--yes",`squawk-cli@${Et}`]}}a(At,"squawkCommand");export{P as a,E as b,Ee as c,Qn as d,rr as e,Lt as f,or as g};
