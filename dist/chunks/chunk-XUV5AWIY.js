import { createRequire as __runwayRequire } from 'node:module'; import { fileURLToPath as __runwayPath } from 'node:url'; const require = __runwayRequire(import.meta.url); const __filename = __runwayPath(import.meta.url); const __dirname = __runwayPath(new URL('.', import.meta.url));
import{a as Rt}from"./chunk-YHMGUYCM.js";import{c as qt}from"./chunk-4DXVWTBU.js";import{a as jt,b as I,c as Re}from"./chunk-TWWWETVY.js";import{c as Ct}from"./chunk-5AA7ZZ2B.js";import{a as O}from"./chunk-UEMIN3QE.js";import{a as s,b as Er,d as $e,f as Te}from"./chunk-NVX4RI35.js";var Vt=$e(C=>{"use strict";var Pr=C&&C.__importDefault||function(e){return e&&e.__esModule?e:{default:e}};Object.defineProperty(C,"__esModule",{value:!0});var Gr=Er("fs"),Br=Pr(Rt()),K=Br.default("@kwsites/file-exists");function Hr(e,t,n){K("checking %s",e);try{let r=Gr.statSync(e);return r.isFile()&&t?(K("[OK] path represents a file"),!0):r.isDirectory()&&n?(K("[OK] path represents a directory"),!0):(K("[FAIL] path represents something other than a file or directory"),!1)}catch(r){if(r.code==="ENOENT")return K("[FAIL] path is not accessible: %o",r),!1;throw K("[FATAL] %o",r),r}}s(Hr,"check");function Wr(e,t=C.READABLE){return Hr(e,(t&C.FILE)>0,(t&C.FOLDER)>0)}s(Wr,"exists");C.exists=Wr;C.FILE=1;C.FOLDER=2;C.READABLE=C.FILE+C.FOLDER});var Jt=$e(se=>{"use strict";function Qr(e){for(var t in e)se.hasOwnProperty(t)||(se[t]=e[t])}s(Qr,"__export");Object.defineProperty(se,"__esModule",{value:!0});Qr(Vt())});var Xt=$e(W=>{"use strict";Object.defineProperty(W,"__esModule",{value:!0});W.createDeferred=W.deferred=void 0;function Ue(){let e,t,n="pending";return{promise:new Promise((o,i)=>{e=o,t=i}),done(o){n==="pending"&&(n="resolved",e(o))},fail(o){n==="pending"&&(n="rejected",t(o))},get fulfilled(){return n!=="pending"},get status(){return n}}}s(Ue,"deferred");W.deferred=Ue;W.createDeferred=Ue;W.default=Ue});import{createRequire as xl}from"node:module";import{resolve as vr}from"node:path";import{pathToFileURL as El}from"node:url";import{mkdtemp as ul,readFile as dl,rm as yr}from"node:fs/promises";import{tmpdir as fl}from"node:os";import{join as br}from"node:path";import{basename as Ot,dirname as qe}from"node:path";var _=s((e,t,n)=>({id:e,category:t,title:n}),"rule"),d={conflict:_("RW001-conflicting-leaves","broken","more than one leaf migration in an app"),missing:_("RW002-missing-migration","broken","model changes without a migration"),edited:_("RW003-edited-migration","broken","a migration the live release applied was edited"),deleted:_("RW004-deleted-migration","broken","a migration the live release applied was deleted or renamed"),concurrentInAtomic:_("RW005-concurrent-in-atomic","broken","a concurrent operation in an atomic migration"),createTable:_("RW010-create-table","expand","creates a table"),addColumn:_("RW011-add-column","expand","adds a column the old code can ignore"),concurrentIndex:_("RW012-index-concurrently","expand","builds or drops an index concurrently"),notValid:_("RW013-constraint-not-valid","expand","adds a constraint NOT VALID, or validates one without blocking"),relax:_("RW014-relax-column","expand","relaxes a column (drops NOT NULL or widens its type)"),dropColumn:_("RW101-drop-column","contract","drops a column the old code still reads"),dropTable:_("RW102-drop-table","contract","drops a table the old code still reads"),renameColumn:_("RW103-rename-column","contract","renames a column the old code still uses"),renameTable:_("RW104-rename-table","contract","renames a table the old code still uses"),notNullWithoutDbDefault:_("RW105-not-null-without-db-default","contract","adds a NOT NULL column without a database default"),setNotNull:_("RW106-set-not-null","contract","makes an existing column NOT NULL"),index:_("RW201-index-not-concurrent","locking","builds an index without CONCURRENTLY"),dropIndex:_("RW202-drop-index-not-concurrent","locking","drops an index without CONCURRENTLY"),foreignKey:_("RW203-validated-foreign-key","locking","adds a foreign key validated at once"),unique:_("RW204-unique-constraint","locking","adds a unique constraint or primary key"),check:_("RW205-validated-check","locking","adds a CHECK or exclusion constraint validated at once"),typeChange:_("RW206-change-column-type","locking","changes a column's type"),dataInDdl:_("RW207-data-migration-in-ddl-transaction","locking","runs Python in the same transaction as schema changes"),volatileDefault:_("RW208-volatile-default","locking","adds a column with a volatile default"),rowByRow:_("RW209-row-by-row-data-migration","locking","updates a table row by row in one transaction"),sqlLint:_("RW290-sql-lint","locking","risky SQL"),runPython:_("RW301-run-python-without-reverse","irreversible","RunPython without reverse_code"),runSql:_("RW302-run-sql-without-reverse","irreversible","RunSQL without reverse_sql")},Nr=Object.values(d),At=new Set([d.conflict.id,d.concurrentInAtomic.id]),X=s(e=>e.split("-",1)[0],"shortId");function Ce(e,t){let n=e.trim().toLowerCase();return n!==""&&(n===t.rule.toLowerCase()||n===X(t.rule).toLowerCase()||n===t.category)}s(Ce,"names");var Z=s(e=>Ot(e,".py"),"nameOf"),Sr=s(e=>(e??"").slice(0,12),"short");function je(e,t){let n=qe(t);return e.migrations.find(r=>qe(r.file)===n)?.app??Ot(qe(n))}s(je,"appOf");function Ut(e,t){let n=[],r=Sr(e.base);for(let o of e.modified){if(t.unchanged.includes(o))continue;if(t.sameEffect?.includes(o)){let a=`${o} was applied by the live release (${r}) and has been edited since, but it still does the same: its operations (and their SQL) are unchanged, so the databases that ran it match it.`;n.push({rule:d.edited,app:je(t,o),migration:Z(o),file:o,line:1,message:a,level:"notice"});continue}let i=`${o} was applied by the live release (${r}) and has been edited since. Django records no checksum, so the edit never runs where it was applied; revert it and make the change in a new migration.`;n.push({rule:d.edited,app:je(t,o),migration:Z(o),file:o,line:1,message:i})}for(let o of e.deleted){let i=je(t,o);if(t.replaced.includes(`${i}.${Z(o)}`))continue;let a=e.renamed.find(c=>c.from===o),l=a?`was renamed to ${a.to}: Django will see a new migration and run it again where ${Z(o)} already ran`:"was deleted: databases that applied it keep its changes, and a rollback past it cannot undo them";n.push({rule:d.deleted,app:i,migration:Z(o),file:a?.to??o,line:1,message:`${o} was applied by the live release (${r}) and ${l}. Restore it.`})}return n}s(Ut,"editedOrDeleted");function Lt(e,t){return Object.entries(e.conflicts).map(([n,r])=>{let o=r.map(c=>`${n}.${c}`),i=o.find(c=>t.has(c))??o[0],a=e.migrations.find(c=>`${c.app}.${c.name}`===i)?.file??"",l=`${n} has ${r.length} leaf migrations (${r.join(", ")}): migrate refuses to run. Merge them (manage.py makemigrations --merge) or make one depend on the other.`;return{rule:d.conflict,app:n,migration:i.slice(n.length+1),file:a,line:1,message:l}})}s(Lt,"conflicts");function Dt(e){return e.missing.map(t=>{let n={rule:d.missing,app:t.app,migration:t.name,file:t.file??"",line:t.line};if(t.stateOnly){let r=`${t.app}: the models changed without a migration (${t.operations.join("; ")}), but nothing changes in the database (sqlmigrate would print no SQL). Run manage.py makemigrations and commit the result, so that Django's state matches the models.`;return{...n,message:r,level:"warning"}}return{...n,message:`${t.app}: the models changed without a migration (${t.operations.join("; ")}). Run manage.py makemigrations and commit the result.`}})}s(Dt,"missing");var $r=s(e=>`${e.rule.id} ${e.app}.${e.migration}#${e.unit??""}`,"hitKey");function k(e,t,n,r){return{rule:e,app:t.app,migration:t.name,file:t.file,line:n.line,message:r,unit:n.path}}s(k,"unitHit");function Ft(e){let t=new Set;return e.filter(n=>{let r=$r(n);return t.has(r)?!1:(t.add(r),!0)})}s(Ft,"dedupe");var Ae=s((e,t)=>`${e.app}.${e.name}#${t}`,"unitKey"),T=s(e=>e?.column??e?.name??"?","col"),Tr={CreateModel:s((e,t)=>[k(d.createTable,e,t,`${t.description}: a new table (${t.tableAfter}); the old code does not know it.`)],"CreateModel"),DeleteModel:s((e,t)=>[k(d.dropTable,e,t,`${t.description} drops table ${t.tableBefore}, which the running release still queries.`)],"DeleteModel"),RenameModel:Mt,AlterModelTable:Mt,AddField:Rr,RemoveField:s((e,t)=>t.oldField?.manyToMany?[k(d.dropTable,e,t,`${t.description} drops its many-to-many table, which the running release still queries.`)]:[k(d.dropColumn,e,t,`${t.description} drops column ${t.tableBefore}.${T(t.oldField)}, which the running release still selects and inserts.`)],"RemoveField"),RenameField:s((e,t)=>T(t.oldField)===T(t.field)?[]:[k(d.renameColumn,e,t,`${t.description} renames column ${T(t.oldField)} to ${T(t.field)}; the running release still uses the old name.`)],"RenameField"),AlterField:Ar,AddIndex:s((e,t)=>[k(d.index,e,t,`${t.description} without CONCURRENTLY: writes to ${t.tableBefore} wait until the index is built.`)],"AddIndex"),RemoveIndex:s((e,t)=>[k(d.dropIndex,e,t,`${t.description} without CONCURRENTLY: takes an ACCESS EXCLUSIVE lock on ${t.tableBefore}.`)],"RemoveIndex"),AddIndexConcurrently:It,RemoveIndexConcurrently:It,AddConstraint:Or,AddConstraintNotValid:s((e,t)=>[k(d.notValid,e,t,`${t.description} NOT VALID: existing rows are checked later, without blocking writes.`)],"AddConstraintNotValid"),ValidateConstraint:s((e,t)=>[k(d.notValid,e,t,`${t.description}: validation takes a lock that lets reads and writes go on.`)],"ValidateConstraint"),AlterUniqueTogether:s((e,t)=>t.uniqueAdded?[k(d.unique,e,t,`${t.description} builds a unique index without CONCURRENTLY, blocking writes to ${t.tableBefore}.`)]:[],"AlterUniqueTogether"),RunPython:Ur,RunSQL:s((e,t)=>t.hasReverse?[]:[k(d.runSql,e,t,`RunSQL without reverse_sql: migrating back past ${e.app}.${e.name} raises IrreversibleError, so a rollback cannot undo it.`)],"RunSQL")};function Mt(e,t){return t.tableBefore===t.tableAfter?[]:[k(d.renameTable,e,t,`${t.description} renames table ${t.tableBefore} to ${t.tableAfter}; the running release still uses the old name.`)]}s(Mt,"renameTable");function Rr(e,t){let n=t.field;if(!n)return[];if(n.manyToMany)return[k(d.createTable,e,t,`${t.description}: a new many-to-many table; the old code does not know it.`)];let r=Gt(e,t,n),o=[Pt(n)?qr(e,t,n):r?Cr(e,t,n,r):jr(e,t,n)];return n.unique?o.push(k(d.unique,e,t,`${t.description} is unique: its index is built without CONCURRENTLY, blocking writes to ${t.tableBefore}.`)):n.dbIndex&&o.push(k(d.index,e,t,`${t.description} is indexed: the index is built without CONCURRENTLY, blocking writes to ${t.tableBefore}.`)),n.foreignKey&&o.push(k(d.foreignKey,e,t,`${t.description} adds a foreign key validated at once, locking ${t.tableBefore} and the table it references.`)),o}s(Rr,"addField");var Pt=s(e=>e.null||e.hasDbDefault&&!e.dbDefaultNull,"usableDefault");function Gt(e,t,n){if(!e.atomic||n.dbDefaultNull)return;let r=e.units.indexOf(t),i=e.units.slice(r+1).filter(a=>a.type==="AlterField"&&a.tableBefore===t.tableAfter&&a.field&&T(a.field)===T(n)).at(-1);return i?.field&&Pt(i.field)?i:void 0}s(Gt,"defaultedLater");function Cr(e,t,n,r){let o=r.field?.null?"makes it nullable":"gives it a database default";return k(d.addColumn,e,t,`${t.description}: NOT NULL, and a later operation of this atomic migration (line ${r.line}) ${o} before any INSERT can run, so INSERTs from the running release work (${n.name}).`)}s(Cr,"addColumnLaterHit");function qr(e,t,n){let r=n.null?"nullable":"NOT NULL with db_default, so INSERTs from the running release get the database default";return k(d.addColumn,e,t,`${t.description}: ${r}.`)}s(qr,"addColumnHit");function jr(e,t,n){let r=n.dbDefaultNull?"db_default=None makes its database default NULL (DEFAULT NULL NOT NULL): adding it fails on a table that has rows (the existing rows get NULL)":n.hasDefault?"its default is Python-side only: Django drops the database default right after adding the column":"it has no default";return k(d.notNullWithoutDbDefault,e,t,`${t.description}: NOT NULL and ${r}, so INSERTs from the running release, which does not know ${n.name}, fail. Use db_default, or add it nullable first.`)}s(jr,"notNullHit");function Ar(e,t){let[n,r]=[t.oldField,t.field];if(!n||!r)return[];let o=[],i=s((l,c)=>o.push(k(l,e,t,`${t.description}: ${c}`)),"say");T(n)!==T(r)&&i(d.renameColumn,`renames column ${T(n)} to ${T(r)}; the running release still uses the old name.`),n.null&&!r.null&&i(d.setNotNull,`SET NOT NULL scans ${t.tableBefore} under an ACCESS EXCLUSIVE lock, and the running release may still write NULL.`);let a=n.dbType!==r.dbType;return a&&!Bt(n.dbType,r.dbType)?i(d.typeChange,`changes ${T(r)} from ${n.dbType} to ${r.dbType}: a table rewrite under an ACCESS EXCLUSIVE lock, and casts can fail.`):(!n.null&&r.null||a)&&i(d.relax,`relaxes ${T(r)} (${n.dbType} ${n.null?"NULL":"NOT NULL"} \u2192 ${r.dbType} ${r.null?"NULL":"NOT NULL"}).`),!n.unique&&r.unique?i(d.unique,`makes ${T(r)} unique: the index is built without CONCURRENTLY, and the running release may insert duplicates.`):!n.dbIndex&&r.dbIndex&&i(d.index,`indexes ${T(r)} without CONCURRENTLY, blocking writes to ${t.tableBefore}.`),n.dbIndex&&!r.dbIndex&&!r.unique&&i(d.dropIndex,`drops the index on ${T(r)} without CONCURRENTLY.`),!n.foreignKey&&r.foreignKey&&i(d.foreignKey,`adds a foreign key validated at once, locking ${t.tableBefore} and the table it references.`),o}s(Ar,"alterField");function Bt(e,t){if(!e||!t)return!1;let n=s(c=>/^varchar(?:\((\d+)\))?$/.exec(c),"varchar"),r=s(c=>/^numeric\((\d+), ?(\d+)\)$/.exec(c),"numeric"),[o,i]=[n(e),n(t)];if(o&&(t==="text"||i&&(i[1]===void 0||Number(i[1])>=Number(o[1]??Number.POSITIVE_INFINITY))))return!0;let[a,l]=[r(e),r(t)];return!!(a&&l&&a[2]===l[2]&&Number(l[1])>=Number(a[1]))}s(Bt,"widens");function It(e,t){return e.atomic?[k(d.concurrentInAtomic,e,t,`${t.description}: ${t.type} cannot run inside a transaction, so migrate fails; set atomic = False on the migration.`)]:[k(d.concurrentIndex,e,t,`${t.description} CONCURRENTLY: reads and writes go on while it runs.`)]}s(It,"concurrent");function Or(e,t){return t.constraint==="UniqueConstraint"?[k(d.unique,e,t,`${t.description}: the unique index is built without CONCURRENTLY, and the running release may insert duplicates.`)]:[k(d.check,e,t,`${t.description}: every row is checked under a lock that blocks writes to ${t.tableBefore}.`)]}s(Or,"addConstraint");function Ur(e,t){let n=[];t.hasReverse||n.push(k(d.runPython,e,t,`RunPython without reverse_code: migrating back past ${e.app}.${e.name} raises IrreversibleError, so a rollback cannot undo it.`));let r=e.units.some(o=>o.reducesToSql&&o.type!=="RunSQL"&&o.path!==t.path);if(e.atomic&&r&&n.push(k(d.dataInDdl,e,t,"RunPython in an atomic migration that also changes the schema: the schema locks are held until the data migration ends.")),e.atomic&&t.rowByRow){let{function:o,line:i}=t.rowByRow;n.push(k(d.rowByRow,e,t,`RunPython ${o} (line ${i}) iterates a queryset and writes each row, all in the migration's one transaction: every row it writes stays locked until the whole table is done, and the transaction holds back vacuum. Batch it: atomic = False on the migration and a transaction per batch of ids (or bulk_update per batch), or run it as a batch job.`))}return n}s(Ur,"runPython");function Ht(e){let t=new Set,n=[],r=new Map;for(let o of e)for(let i of o.units){let a=i.tableBefore!==null&&t.has(i.tableBefore),l=i.type==="AlterField"&&Bt(i.oldField?.dbType??null,i.field?.dbType??null),c=i.type==="AddField"&&!!(i.field&&Gt(o,i,i.field));r.set(Ae(o,i.path),{newTable:a,safeTypeChange:l,defaultLater:c});let p=(Tr[i.type]?.(o,i)??[]).filter(u=>!(a&&Lr(u)));n.push(...p),i.tableAfter&&(i.type==="CreateModel"||a)&&t.add(i.tableAfter)}return{hits:n,context:r}}s(Ht,"classifyPlan");var Lr=s(e=>e.rule.category==="contract"||e.rule.category==="locking","dropsOnNewTable");import{existsSync as Dr}from"node:fs";import{readFile as Qt,writeFile as Fr}from"node:fs/promises";import{join as Kt}from"node:path";var Wt=String.raw`"""Runway's migration gate, Django side: one process that loads the project once and reports
facts about its migrations as JSON. It decides nothing; Runway's rules (TypeScript) do.

usage: python helper.py REQUEST.json RESULT.json   (run with the project directory as cwd)
       python helper.py - RESULT.json   (the request on stdin: Django's own modules load while
                                          the caller prepares it; the request names the directory)
"""

import time

STARTED = time.time()
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
        ROOT = os.path.realpath(request["dir"])
    if request.get("settings"):
        os.environ["DJANGO_SETTINGS_MODULE"] = request["settings"]


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
            with timed("analysis"):
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
    with timed("missing"):
        try:
            # SQL is collected, never run: any backend tells an empty change from a real one.
            missing = missing_migrations(loader, connection)
        except Exception as error:
            missing, missing_error = [], "%s: %s" % (type(error).__name__, error)
        else:
            missing_error = None
    with timed("walk"):
        plan = walk(loader, files, chosen, connection, collect=pg_version is not None)
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
    result["timings"] = dict(TIMINGS, started=STARTED * 1000)
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
`;async function Mr(e,t,n){let r=n||t.DJANGO_SETTINGS_MODULE;if(r)return r;let o=Kt(e,"manage.py");if(!Dr(o))throw new O(`${e} is not a Django project: it has no manage.py, and DJANGO_SETTINGS_MODULE is not set (use project-dir to point at the project)`,{field:"project-dir"});let i=/DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([\w.]+)['"]/.exec(await Qt(o,"utf8"));if(!i?.[1])throw new O("manage.py does not name a settings module; set DJANGO_SETTINGS_MODULE",{file:o,field:"DJANGO_SETTINGS_MODULE"});return i[1]}s(Mr,"settingsModule");async function Yt(e,t){let[n,r]=["runway_gate.py","result.json"].map(u=>Kt(t.scratch,u));await Fr(n,Wt);let o=s(()=>{},"send"),i=s(()=>{},"cancel"),a=new Promise((u,h)=>{o=u,i=h}),l={...e.env,PYTHONDONTWRITEBYTECODE:"1"},c=Date.now(),p=t.runner(e.python,[n,"-",r],{cwd:e.cwd,env:l,input:a}).then(u=>({run:u}),u=>({error:u}));return{python:e.python,result:r,spawned:c,running:p,send:s(u=>o(JSON.stringify(u)),"send"),cancel:s(()=>i(new Error("the Django pass was not needed")),"cancel")}}s(Yt,"startDjango");async function zt(e,t){let n=await Mr(e.dir,e.env,e.settings),{dir:r,newFiles:o,deletedFiles:i,modified:a,databaseUrl:l,sql:c}=e;t.send({dir:r,settings:n,newFiles:o,deletedFiles:i,modified:a,databaseUrl:l,sql:c});let{run:p,error:u}=await t.running;if(u)throw u.code!=="ENOENT"?u:new O(`Python was not found: ${e.python}. Install Python with the project's requirements (actions/setup-python, then pip install -r requirements.txt) and pass its path (--python, input \`python\`)`,{field:"python"});let h=await Qt(t.result,"utf8").catch(()=>"");if(!h)throw new O(`${e.python} could not run Runway's Django helper (exit ${p?.code}):
${(p?.stderr??"").trim().split(`
`).slice(-15).join(`
`)}`,{field:"python"});let w=JSON.parse(h);if(w.error)throw Ir(w.error,e.prefix);let{started:$,...G}=w.timings??{};return w.timings={...G,python:$===void 0?0:$-t.spawned},w}s(zt,"djangoPass");function Ir(e,t){if(e.kind==="internal")return new Error(`Runway's Django helper failed:
${e.message}`);let n=e.file?`${t}${e.file}`:void 0,r=n&&e.file?e.message.replaceAll(e.file,n):e.message,o=n&&!r.includes(n)?`${r} (${n} line ${e.line??1})`:r;return new O(o,n?{file:n,line:e.line??1}:{field:e.kind==="database"?"DATABASE_URL":"project-dir"})}s(Ir,"helperError");import{existsSync as Pa}from"node:fs";import{mkdtemp as Ga,rm as Ba}from"node:fs/promises";import{tmpdir as Ha}from"node:os";import{join as yt}from"node:path";var Oe=new WeakMap;function ee(...e){let t=new String(e);return Oe.set(t,e),t}s(ee,"c");function D(e){return e instanceof String&&Oe.has(e)}s(D,"r");function Q(e){return Oe.get(e)??[]}s(Q,"o");var ye=Te(Jt(),1),be=Te(Rt(),1),B=Te(Xt(),1);import{spawn as Eo}from"node:child_process";import{normalize as No}from"node:path";function*Zt(e,t){let n=t==="global";for(let r of e)r.isGlobal===n&&(yield r)}s(Zt,"x");var Kr=new Set(["--add","--edit","--remove-section","--rename-section","--replace-all","--unset","--unset-all","-e"]),Yr=new Set(["--get","--get-all","--get-color","--get-colorbool","--get-regexp","--get-urlmatch","--list","-l"]),zr=new Set(["edit","remove-section","rename-section","set","unset"]),Vr=new Set(["get","get-color","get-colorbool","list"]);function Jr(e,t){for(let{name:r}of Zt(e,"task")){if(Kr.has(r))return Y(!0,t);if(Yr.has(r))return Y(!1,t)}let n=t.at(0)?.toLowerCase();return n===void 0?null:zr.has(n)?Y(!0,t.slice(1)):Vr.has(n)?Y(!1,t.slice(1)):t.length===1?Y(!1,t):Y(!0,t)}s(Jr,"A");function Y(e=!1,t=[]){let n=t.at(0)?.toLowerCase();return n===void 0?null:{isWrite:e,isRead:!e,key:n,value:t.at(1)}}s(Y,"w");function Xr(e,t){return t.isWrite&&t.value!==void 0?{key:t.key,value:t.value,scope:e}:{key:t.key,scope:e}}s(Xr,"O");function Zr(e){let t=e?.indexOf("=")||-1;return!e||t<0?null:{key:e.slice(0,t).trim().toLowerCase(),value:e.slice(t+1)}}s(Zr,"G");function eo(e){for(let{name:t}of Zt(e,"task"))switch(t){case"--global":return"global";case"--system":return"system";case"--worktree":return"worktree";case"--local":return"local";case"--file":case"-f":return"file"}return"local"}s(eo,"M");function to({name:e}){if(e==="-c"||e==="--config")return"inline";if(e==="--config-env")return"env"}s(to,"N");function*no(e){for(let t of e){let n=to(t),r=n&&Zr(t.value);r&&(yield{...r,scope:n})}}s(no,"$");function ro(e,t,n){let r={read:[],write:[...no(t)]};return e==="config"&&oo(r,eo(t),Jr(t,n)),r}s(ro,"D");function oo(e,t,n){if(n===null)return;let r=Xr(t,n);n.isWrite?e.write.push(r):e.read.push(r)}s(oo,"L");var en={short:new Map([["c",!0]])},so={short:new Map([["C",!0],["P",!1],["h",!1],["p",!1],["v",!1],...en.short.entries()]),long:new Set(["attr-source","config-env","exec-path","git-dir","list-cmds","namespace","super-prefix","work-tree"])},io={clone:{short:new Map([["b",!0],["j",!0],["l",!1],["n",!1],["o",!0],["q",!1],["s",!1],["u",!0]]),long:new Set(["branch","config","jobs","origin","upload-pack","u","template"])},commit:{short:new Map([["C",!0],["F",!0],["c",!0],["m",!0],["t",!0]]),long:new Set(["file","message","reedit-message","reuse-message","template"])},config:{short:new Map([["e",!1],["f",!0],["l",!1]]),long:new Set(["blob","comment","default","file","type","value"])},fetch:{short:new Map,long:new Set(["upload-pack"])},init:{short:new Map,long:new Set(["template"])},pull:{short:new Map,long:new Set(["upload-pack"])},push:{short:new Map,long:new Set(["exec","receive-pack"])},rebase:{short:new Map([["X",!0],["f",!1],["i",!1],["k",!1],["m",!1],["n",!1],["q",!1],["r",!1],["s",!0],["v",!1],["x",!0]]),long:new Set(["exec","onto","strategy","strategy-option"])}},ao={short:new Map,long:new Set};function lo(e){let t=io[e??""]??ao;return{short:new Map([...en.short.entries(),...t.short.entries()]),long:t.long}}s(lo,"B");function tn(e,t=so){if(e.startsWith("--")){let n=e.indexOf("=");if(n>2)return[{name:e.slice(0,n),value:e.slice(n+1),needsNext:!1}];let r=e.slice(2);return[{name:e,needsNext:t.long.has(r)}]}if(e.length===2){let n=e.charAt(1),r=t.short.get(n);return[{name:e,needsNext:r===!0}]}return co(e,t.short)}s(tn,"b");function co(e,t){let n=e.slice(1).split(""),r=[];for(let o=0;o<n.length;o++){let i=n[o],a=t.get(i);if(a===void 0)return[{name:e,needsNext:!1}];if(a){let l=n.slice(o+1).join("");if(l&&![...l].every(c=>t.has(c)))return r.push({name:`-${i}`,value:l,needsNext:!1}),r}r.push({name:`-${i}`,needsNext:a})}return r}s(co,"j");function uo(e,t=[]){let n=0;for(;n<e.length;){let r=String(e[n]);if(!r.startsWith("-")||r.length<2)break;let o=tn(r),i=n+1;for(let a of o){let l={name:a.name,value:a.value,absorbedNext:!1,isGlobal:!0};a.needsNext&&l.value===void 0&&i<e.length&&(l.value=String(e[i]),l.absorbedNext=!0,i++),t.push(l)}n=i}return{flags:t,taskIndex:n}}s(uo,"W");function fo(e,t,n=[]){let r=lo(t),o=[],i=[],a=0;for(;a<e.length;){let l=e[a];if(D(l)){i.push(...Q(l)),a++;continue}let c=String(l);if(c==="--"){for(let h=a+1;h<e.length;h++){let w=e[h];D(w)?i.push(...Q(w)):i.push(String(w))}break}if(!c.startsWith("-")||c.length<2){o.push(c),a++;continue}let p=tn(c,r),u=a+1;for(let h of p){let w={name:h.name,value:h.value,absorbedNext:!1,isGlobal:!1};h.needsNext&&w.value===void 0&&u<e.length&&!D(e[u])&&(w.value=String(e[u]),w.absorbedNext=!0,u++),n.push(w)}a=u}return{flags:n,positionals:o,pathspecs:i}}s(fo,"V");function*po({write:e}){for(let t of e)for(let n of mo){let r=n(t.key);r&&(yield r)}}s(po,"q");function R(e,t,n=String(e)){let r=typeof e=="string"?new RegExp(`\\s*${e.toLowerCase()}`):e;return function(o){if(r.test(o))return{category:t,message:`Configuring ${n} is not permitted without enabling ${t}`}}}s(R,"f");function N(e,t){let n=new RegExp(`\\s*${e.toLowerCase().replace(/\./g,"(..+)?.")}`);return R(n,t,e)}s(N,"l");var mo=[R("alias","allowUnsafeAlias"),R("core.askPass","allowUnsafeAskPass"),R("core.editor","allowUnsafeEditor"),R("core.fsmonitor","allowUnsafeFsMonitor"),R("core.gitProxy","allowUnsafeGitProxy"),R("core.hooksPath","allowUnsafeHooksPath"),R("core.pager","allowUnsafePager"),R("core.sshCommand","allowUnsafeSshCommand"),N("credential.helper","allowUnsafeCredentialHelper"),N("diff.command","allowUnsafeDiffExternal"),R("diff.external","allowUnsafeDiffExternal"),N("difftool.cmd","allowUnsafeDiffExternal"),N("diff.textconv","allowUnsafeDiffTextConv"),N("filter.clean","allowUnsafeFilter"),N("filter.process","allowUnsafeFilter"),N("filter.smudge","allowUnsafeFilter"),N("gpg.program","allowUnsafeGpgProgram"),R("include.path","allowUnsafeInclude"),N("includeIf","allowUnsafeInclude"),R("init.templateDir","allowUnsafeTemplateDir"),N("pager.","allowUnsafePager"),N("merge.driver","allowUnsafeMergeDriver"),N("mergetool.path","allowUnsafeMergeDriver"),N("mergetool.cmd","allowUnsafeMergeDriver"),N("protocol.allow","allowUnsafeProtocolOverride"),N("remote.receivepack","allowUnsafePack"),N("remote.uploadpack","allowUnsafePack"),R("uploadpack.packObjectsHook","allowUnsafePack"),R("sequence.editor","allowUnsafeEditor"),N("submodule.update","allowUnsafeSubmodule"),N("tar.command","allowUnsafeCommandBinaries"),N("trailer.cmd","allowUnsafeCommandBinaries"),N("trailer.command","allowUnsafeCommandBinaries"),N("url.insteadOf","allowUnsafeUrlRewrite")];function*go(e,t){for(let n of t)for(let r of ho){let o=r(e,n);o&&(yield o)}}s(go,"H");function F(e,t,n,{name:r=String(t),globalOnly:o=!1,withValue:i=!1}={}){let a=typeof t=="string"?new RegExp(`\\s*${t.toLowerCase()}`):t,l=`Use of ${e?`${e} with option `:""}${r} is not permitted without enabling ${n}`;return function(c,p){if(!(e&&c!==e)&&!(o&&!p.isGlobal)&&!(i&&p.value===void 0)&&a.test(p.name))return{category:n,message:l}}}s(F,"c");var ie={globalOnly:!0,withValue:!0},ho=[F(null,/--(upload|receive)-pack/,"allowUnsafePack",{name:"--upload-pack or --receive-pack"}),F("clone",/^-\w*u/,"allowUnsafePack"),F("clone","--u","allowUnsafePack"),F("push",/^--exec$/,"allowUnsafePack",{name:"--exec"}),F("rebase",/^(-x|--ex(ec?)?)$/,"allowUnsafeExec",{name:"-x or --exec"}),F(null,"--template","allowUnsafeTemplateDir"),F(null,"--exec-path","allowUnsafeExec",ie),F(null,"--git-dir","allowUnsafeConfigPaths",ie),F(null,"--work-tree","allowUnsafeConfigPaths",ie),F(null,/^-C$/,"allowUnsafeConfigPaths",{...ie,name:"-C"})];function nn(e,t,n){return[...go(e,t),...po(n)]}s(nn,"k");function wo(...e){let{flags:t,taskIndex:n}=uo(e),r=n<e.length?String(e[n]).toLowerCase():null,o=r!==null?e.slice(n+1):[],{positionals:i,pathspecs:a}=fo(o,r,t),l=ro(r,t,i);return{task:r,flags:t.map(bo),paths:a,config:l,vulnerabilities:yo(nn(r,t,l))}}s(wo,"Y");function yo(e){return Object.defineProperty(e,"vulnerabilities",{value:e})}s(yo,"z");function bo({value:e,name:t}){return e!==void 0?{name:t,value:e}:{name:t}}s(bo,"J");var rn={editor:"allowUnsafeEditor",git_askpass:"allowUnsafeAskPass",git_config_global:"allowUnsafeConfigPaths",git_config_system:"allowUnsafeConfigPaths",git_config_count:"allowUnsafeConfigEnvCount",git_config_parameters:"allowUnsafeConfigEnvCount",git_config:"allowUnsafeConfigPaths",git_editor:"allowUnsafeEditor",git_exec_path:"allowUnsafeExec",git_external_diff:"allowUnsafeDiffExternal",git_pager:"allowUnsafePager",git_proxy_command:"allowUnsafeGitProxy",git_template_dir:"allowUnsafeTemplateDir",git_sequence_editor:"allowUnsafeEditor",git_ssh:"allowUnsafeSshCommand",git_ssh_command:"allowUnsafeSshCommand",pager:"allowUnsafePager",prefix:"allowUnsafeConfigPaths",ssh_askpass:"allowUnsafeAskPass",visual:"allowUnsafeEditor"};function*_o(e){let t=parseInt(e.git_config_count??"0",10);for(let n=0;n<t;n++){let r=e[`git_config_key_${n}`],o=e[`git_config_value_${n}`];r!==void 0&&(yield{key:r.toLowerCase().trim(),value:o,scope:"env"})}}s(_o,"Q");function*ko(e){for(let t of Object.keys(e))if(ae(t)){let n=rn[t];yield{category:n,message:`Use of "${t.toUpperCase()}" is not permitted without enabling ${n}`}}}s(ko,"Z");function ae(e){return Object.hasOwn(rn,e)}s(ae,"_");function vo(e){let t={};for(let[n,r]of Object.entries(e)){let o=n.toLowerCase().trim();(ae(o)||o.startsWith("git"))&&(t[o]=String(r))}return t}s(vo,"ee");function xo(e){let t=vo(e),n={read:[],write:[..._o(t)]},r=[...ko(t),...nn(null,[],n)];return{config:n,vulnerabilities:r}}s(xo,"ne");function on(e,t){return[...wo(...e).vulnerabilities,...xo(t).vulnerabilities]}s(on,"oe");import{EventEmitter as So}from"node:events";var U=class extends Error{static{s(this,"O")}constructor(t,n){super(n),this.task=t,Object.setPrototypeOf(this,new.target.prototype)}},Pe=class extends U{static{s(this,"Ae")}constructor(t,n){super(void 0,n),this.config=t}},P=class extends U{static{s(this,"A")}constructor(t,n,r){super(t,r),this.task=t,this.plugin=n,Object.setPrototypeOf(this,new.target.prototype)}},re=class extends U{static{s(this,"at")}constructor(t,n){super(void 0,n||String(t)),this.git=t}},Ge=class extends U{static{s(this,"xe")}constructor(t){super(void 0,t)}},ue="\0",_e=s(()=>{},"W");function $o(e){return typeof e!="function"?_e:e}s($o,"Ne");function To(e){return typeof e=="function"&&e!==_e}s(To,"$e");function Ro(e,t){let n=e.indexOf(t);return n<=0?[e,""]:[e.substr(0,n),e.substr(n+1)]}s(Ro,"Pe");function Co(e,t=0){return xn(e)&&e.length>t?e[t]:void 0}s(Co,"Me");function z(e,t=0){if(xn(e)&&e.length>t)return e[e.length-1-t]}s(z,"N");function xn(e){return Sn(e)}s(xn,"Dt");function ke(e="",t=!0,n=`
`){return e.split(n).reduce((r,o)=>{let i=t?o.trim():o;return i&&r.push(i),r},[])}s(ke,"H");function lt(e,t){return ke(e,!0).map(n=>t(n))}s(lt,"ut");function En(e){return(0,ye.exists)(e,ye.FOLDER)}s(En,"Lt");function L(e,t){return Array.isArray(e)?e.includes(t)||e.push(t):e.add(t),t}s(L,"S");function qo(e,t){return Array.isArray(e)&&!e.includes(t)&&e.push(t),e}s(qo,"De");function ct(e,t){if(Array.isArray(e)){let n=e.indexOf(t);n>=0&&e.splice(n,1)}else e.delete(t);return t}s(ct,"ct");var ut=Object.prototype.toString.call.bind(Object.prototype.toString);function j(e){return Array.isArray(e)?e:[e]}s(j,"v");function Nn(e){return e.replace(/[\s-]+(.)/g,(t,n)=>n.toUpperCase())}s(Nn,"jt");function oe(e){return j(e).map(t=>t instanceof String?t:String(t))}s(oe,"L");function v(e,t=0){if(e==null)return t;let n=parseInt(e,10);return Number.isNaN(n)?t:n}s(v,"p");function de(e,t){let n=[];for(let r=0,o=e.length;r<o;r++)n.push(t,e[r]);return n}s(de,"U");function fe(e){return(Array.isArray(e)?Buffer.concat(e):e).toString("utf-8")}s(fe,"F");function jo(e){return e?Buffer.isBuffer(e)?e.length:Buffer.byteLength(e):0}s(jo,"Le");function Ao(e,t){let n={};return t.forEach(r=>{e[r]!==void 0&&(n[r]=e[r])}),n}s(Ao,"je");function sn(e=0){return new Promise(t=>setTimeout(t,e))}s(sn,"wt");function an(e){if(e!==!1)return e}s(an,"bt");function x(e,t,n){return t(e)?e:arguments.length>2?n:void 0}s(x,"d");var ve=s(e=>Array.isArray(e),"K");function Be(e,t){let n=D(e)?"string":typeof e;return/number|string|boolean/.test(n)&&(!t||!t.includes(n))}s(Be,"st");var b=s(e=>typeof e=="string"||D(e),"m"),Oo=s(e=>b(e)||Buffer.isBuffer(e),"Be"),pe=s(e=>b(e)||Array.isArray(e)&&e.every(b),"G");function dt(e){return!!e&&ut(e)==="[object Object]"}s(dt,"lt");function Uo(e){return typeof e=="function"}s(Uo,"Ie");var Sn=s(e=>e==null||"number|boolean|function".includes(typeof e)?!1:typeof e.length=="number","Bt"),xe=(e=>(e[e.SUCCESS=0]="SUCCESS",e[e.ERROR=1]="ERROR",e[e.NOT_FOUND=-2]="NOT_FOUND",e[e.UNCLEAN=128]="UNCLEAN",e))(xe||{}),me=class e{static{s(this,"z")}constructor(t,n){this.stdOut=t,this.stdErr=n}asStrings(){return new e(this.stdOut.toString("utf8"),this.stdErr.toString("utf8"))}};function Lo(){throw new Error("LineParser:useMatches not implemented")}s(Lo,"Ue");var g=class{static{s(this,"l")}constructor(t,n){this.matches=[],this.useMatches=Lo,this.parse=(r,o)=>(this.resetMatches(),this._regExp.every((i,a)=>this.addMatch(i,a,r(a)))?this.useMatches(o,this.prepareMatches())!==!1:!1),this._regExp=Array.isArray(t)?t:[t],n&&(this.useMatches=n)}resetMatches(){this.matches.length=0}prepareMatches(){return this.matches}addMatch(t,n,r){let o=r&&t.exec(r);return o&&this.pushMatch(n,o),!!o}pushMatch(t,n){this.matches.push(...n.slice(1))}},H=class extends g{static{s(this,"x")}addMatch(t,n,r){return/^remote:\s/.test(String(r))&&super.addMatch(t,n,r)}pushMatch(t,n){(t>0||n.length>1)&&super.pushMatch(t,n)}},Do={binary:"git",maxConcurrentProcesses:5,config:[],trimmed:!1};function Fo(...e){let t=process.cwd(),n=Object.assign({baseDir:t,...Do},...e.filter(r=>typeof r=="object"&&r));return n.baseDir=n.baseDir||t,n.trimmed=n.trimmed===!0,n}s(Fo,"Ge");function $n(e,t=[]){return dt(e)?Object.keys(e).reduce((n,r)=>{let o=e[r];if(D(o))n.push(o);else if(Be(o,["boolean"]))n.push(r+"="+o);else if(Array.isArray(o))for(let i of o)Be(i,["string","number"])||n.push(r+"="+i);else n.push(r);return n},t):t}s($n,"It");function y(e,t=0,n=!1){let r=[];for(let o=0,i=t<0?e.length:t;o<i;o++)"string|number".includes(typeof e[o])&&r.push(String(e[o]));return $n(ft(e),r),n||r.push(...Mo(e)),r}s(y,"h");function Mo(e){let t=typeof z(e)=="function";return oe(x(z(e,t?1:0),ve,[]))}s(Mo,"ze");function ft(e){let t=Uo(z(e));return x(z(e,t?1:0),dt)}s(ft,"ht");function f(e,t=!0){let n=$o(z(e));return t||To(n)?n:void 0}s(f,"u");function ln(e,t){return e(t.stdOut,t.stdErr)}s(ln,"Tt");function A(e,t,n,r=!0){return j(n).forEach(o=>{for(let i=ke(o,r),a=0,l=i.length;a<l;a++){let c=s((p=0)=>{if(!(a+p>=l))return i[a+p]},"c");t.some(({parse:p})=>p(c,e))}}),e}s(A,"E");var pt=s(({exitCode:e},t,n,r)=>{if(e===xe.UNCLEAN&&Bo(t))return n(Buffer.from("false"));r(t)},"mt"),Tn=s(e=>e.trim()==="true","Ut");function Io(e){switch(e){case"bare":return Go();case"root":return Po()}return{commands:["rev-parse","--is-inside-work-tree"],format:"utf-8",onError:pt,parser:Tn}}s(Io,"We");function Po(){return{commands:["rev-parse","--git-dir"],format:"utf-8",onError:pt,parser(e){return/^\.(git)?$/.test(e.trim())}}}s(Po,"He");function Go(){return{commands:["rev-parse","--is-bare-repository"],format:"utf-8",onError:pt,parser:Tn}}s(Go,"Ke");function Bo(e){return/(Not a git repository|Kein Git-Repository)/i.test(String(e))}s(Bo,"Ve");var He=class{static{s(this,"Xe")}constructor(t){this.paths=[],this.files=[],this.folders=[],this.dryRun=t}},Ho=/^[a-z]+\s*/i,Wo=/^[a-z]+\s+[a-z]+\s*/i,Qo=/\/$/;function Ko(e,t){let n=new He(e),r=e?Wo:Ho;return ke(t).forEach(o=>{let i=o.replace(r,"");n.paths.push(i),(Qo.test(i)?n.folders:n.files).push(i)}),n}s(Ko,"Ze");var Rn=[];function Yo(e){return{commands:Rn,format:"empty",parser:e}}s(Yo,"tn");function S(e){return{commands:Rn,format:"empty",parser(){throw typeof e=="string"?new Ge(e):e}}}s(S,"b");function E(e,t=!1){return{commands:e,format:"utf-8",parser(n){return t?String(n).trim():n}}}s(E,"g");function Cn(e){return{commands:e,format:"buffer",parser(t){return t}}}s(Cn,"Gt");function zo(e){return e.format==="buffer"}s(zo,"en");function cn(e){return e.format==="empty"||!e.commands.length}s(cn,"kt");var Vo="Git clean interactive mode is not supported",Jo='Git clean mode parameter ("n" or "f") is required',Xo="Git clean unknown option found in: ",qn=(e=>(e.DRY_RUN="n",e.FORCE="f",e.IGNORED_INCLUDED="x",e.IGNORED_ONLY="X",e.EXCLUDING="e",e.QUIET="q",e.RECURSIVE="d",e))(qn||{}),jn=new Set(["i",...oe(Object.values(qn))]);function Zo(e,t){let{cleanMode:n,options:r,valid:o}=ns(e);return n?o.options?(r.push(...t),r.some(ss)?S(Vo):es(n,r)):S(Xo+JSON.stringify(e)):S(Jo)}s(Zo,"on");function es(e,t){return{commands:["clean",`-${e}`,...t],format:"utf-8",parser(n){return Ko(e==="n",n)}}}s(es,"an");function ts(e){return Array.isArray(e)&&e.every(t=>jn.has(t))}s(ts,"un");function ns(e){let t,n=[],r={cleanMode:!1,options:!0};return e.replace(/[^a-z]i/g,"").split("").forEach(o=>{rs(o)?(t=o,r.cleanMode=!0):r.options=r.options&&os(n[n.length]=`-${o}`)}),{cleanMode:t,options:n,valid:r}}s(ns,"cn");function rs(e){return e==="f"||e==="n"}s(rs,"fn");function os(e){return/^-[a-z]$/i.test(e)&&jn.has(e.charAt(1))}s(os,"ln");function ss(e){return/^-[^\-]/.test(e)?e.indexOf("i")>0:e==="--interactive"}s(ss,"hn");var We=class{static{s(this,"mn")}constructor(){this.files=[],this.values=Object.create(null)}get all(){return this._all||(this._all=this.files.reduce((t,n)=>Object.assign(t,this.values[n]),{})),this._all}addFile(t){if(!(t in this.values)){let n=z(this.files);this.values[t]=n?Object.create(this.values[n]):{},this.files.push(t)}return this.values[t]}addValue(t,n,r){let o=this.addFile(t);Object.hasOwn(o,n)?Array.isArray(o[n])?o[n].push(r):o[n]=[o[n],r]:o[n]=r,this._all=void 0}};function is(e){let t=new We;for(let n of An(e))t.addValue(n.file,String(n.key),n.value);return t}s(is,"pn");function as(e,t){let n=null,r=[],o=new Map;for(let i of An(e,t))i.key===t&&(r.push(n=i.value),o.has(i.file)||o.set(i.file,[]),o.get(i.file).push(n));return{key:t,paths:Array.from(o.keys()),scopes:o,value:n,values:r}}s(as,"dn");function ls(e){return e.replace(/^(file):/,"")}s(ls,"gn");function*An(e,t=null){let n=e.split("\0");for(let r=0,o=n.length-1;r<o;){let i=ls(n[r++]),a=n[r++],l=t;if(a.includes(`
`)){let c=Ro(a,`
`);l=c[0],a=c[1]}yield{file:i,key:l,value:a}}}s(An,"Wt");var On=(e=>(e.system="system",e.global="global",e.local="local",e.worktree="worktree",e))(On||{});function Le(e,t){return typeof e=="string"&&Object.hasOwn(On,e)?e:t}s(Le,"Y");function cs(e,t,n,r){let o=["config",`--${r}`];return n&&o.push("--add"),o.push(e,t),{commands:o,format:"utf-8",parser(i){return i}}}s(cs,"yn");function us(e,t){let n=["config","--null","--show-origin","--get-all",e];return t&&n.splice(1,0,`--${t}`),{commands:n,format:"utf-8",parser(r){return as(r,e)}}}s(us,"wn");function ds(e){let t=["config","--list","--show-origin","--null"];return e&&t.push(`--${e}`),{commands:t,format:"utf-8",parser(n){return is(n)}}}s(ds,"bn");function fs(){return{addConfig(e,t,...n){return this._runTask(cs(e,t,n[0]===!0,Le(n[1],"local")),f(arguments))},getConfig(e,t){return this._runTask(us(e,Le(t,void 0)),f(arguments))},listConfig(...e){return this._runTask(ds(Le(e[0],void 0)),f(arguments))}}}s(fs,"Tn");var Un=(e=>(e.ADDED="A",e.COPIED="C",e.DELETED="D",e.MODIFIED="M",e.RENAMED="R",e.CHANGED="T",e.UNMERGED="U",e.UNKNOWN="X",e.BROKEN="B",e))(Un||{}),ps=new Set(Object.values(Un));function ms(e){return ps.has(e)}s(ms,"_n");var un,gs=["-h"],le=Symbol("grepQuery"),Qe=class{static{s(this,"En")}constructor(){this[un]=[]}*[(un=le,Symbol.iterator)](){for(let t of this[le])yield t}and(...t){return t.length&&this[le].push("--and","(",...de(t,"-e"),")"),this}param(...t){return this[le].push(...de(t,"-e")),this}};function hs(...e){return new Qe().param(...e)}s(hs,"Sn");function ws(e){let t=new Set,n={};return lt(e,r=>{let[o,i,a]=r.split(ue);t.add(o),(n[o]=n[o]||[]).push({line:v(i),path:o,preview:a})}),{paths:t,results:n}}s(ws,"Rn");function ys(){return{grep(e){let t=f(arguments),n=y(arguments);for(let o of gs)if(n.includes(o))return this._runTask(S(`git.grep: use of "${o}" is not supported.`),t);typeof e=="string"&&(e=hs().param(e));let r=["grep","--null","-n","--full-name",...n,...e];return this._runTask({commands:r,format:"utf-8",parser(o){return ws(o)}},t)}}}s(ys,"On");var Ln=(e=>(e.MIXED="mixed",e.SOFT="soft",e.HARD="hard",e.MERGE="merge",e.KEEP="keep",e))(Ln||{}),bs=oe(Object.values(Ln));function _s(e,t){let n=["reset"];return Dn(e)&&n.push(`--${e}`),n.push(...t),E(n)}s(_s,"An");function ks(e){if(Dn(e))return e;switch(typeof e){case"string":case"undefined":return"soft"}}s(ks,"xn");function Dn(e){return typeof e=="string"&&bs.includes(e)}s(Dn,"Xt");be.default.formatters.L=e=>String(Sn(e)?e.length:"-");be.default.formatters.B=e=>Buffer.isBuffer(e)?e.toString("utf8"):ut(e);function vs(){return(0,be.default)("simple-git")}s(vs,"Nn");function dn(e,t,n){return!t||!String(t).replace(/\s*/,"")?n?(r,...o)=>{e(r,...o),n(r,...o)}:e:(r,...o)=>{e(`%s ${r}`,t,...o),n&&n(r,...o)}}s(dn,"vt");function xs(e,t,{namespace:n}){if(typeof e=="string")return e;let r=t&&t.namespace||"";return r.startsWith(n)?r.substr(n.length+1):r||n}s(xs,"$n");function V(e,t,n,r=vs()){let o=e&&`[${e}]`||"",i=[],a=typeof t=="string"?r.extend(t):t,l=xs(x(t,b),a,r);return p(n);function c(u,h){return L(i,V(e,l.replace(/^[^:]+/,u),h,r))}function p(u){let h=u&&`[${u}]`||"",w=a&&dn(a,h)||_e,$=dn(r,`${o} ${h}`,w);return Object.assign(a?w:$,{label:e,sibling:c,info:$,step:p})}}s(V,"$");var Fn=class Ke{static{s(this,"M")}constructor(t="GitExecutor"){this.logLabel=t,this._queue=new Map}withProgress(t){return this._queue.get(t)}createProgress(t){let n=Ke.getName(t.commands[0]),r=V(this.logLabel,n);return{task:t,logger:r,name:n}}push(t){let n=this.createProgress(t);return n.logger("Adding task to the queue, commands = %o",t.commands),this._queue.set(t,n),n}fatal(t){for(let[n,{logger:r}]of Array.from(this._queue.entries()))n===t.task?(r.info("Failed %o",t),r("Fatal exception, any as-yet un-started tasks run through this executor will not be attempted")):r.info("A fatal exception occurred in a previous task, the queue has been purged: %o",t.message),this.complete(n);if(this._queue.size!==0)throw new Error(`Queue size should be zero after fatal: ${this._queue.size}`)}complete(t){this.withProgress(t)&&this._queue.delete(t)}attempt(t){let n=this.withProgress(t);if(!n)throw new U(void 0,"TasksPendingQueue: attempt called for an unknown task");return n.logger("Starting task"),n}static getName(t="empty"){return`task:${t}:${++Ke.counter}`}};Fn.counter=0;var Es=Fn,Ye=class{static{s(this,"Pn")}constructor(t,n,r){this._executor=t,this._scheduler=n,this._plugins=r,this._chain=Promise.resolve(),this._queue=new Es}get cwd(){return this._cwd||this._executor.cwd}set cwd(t){this._cwd=t}get env(){return this._executor.env}get outputHandler(){return this._executor.outputHandler}chain(){return this}push(t){return this._queue.push(t),this._chain=this._chain.then(()=>this.attemptTask(t))}async attemptTask(t){let n=await this._scheduler.next(),r=s(()=>this._queue.complete(t),"r");try{let{logger:o}=this._queue.attempt(t);return await(cn(t)?this.attemptEmptyTask(t,o):this.attemptRemoteTask(t,o))}catch(o){throw this.onFatalException(t,o)}finally{r(),n()}}onFatalException(t,n){let r=n instanceof U?Object.assign(n,{task:t}):new U(t,n&&String(n));return this._chain=Promise.resolve(),this._queue.fatal(r),r}async attemptRemoteTask(t,n){let r=this._plugins.exec("spawn.binary","",this.taskContext(t,t.commands)),o=this._plugins.exec("spawn.args",[...t.commands],this.taskContext(t,t.commands)),i=await this.gitResponse(t,r,o,this.outputHandler,n.step("SPAWN")),a=await this.handleTaskData(t,o,i,n.step("HANDLE"));return n("passing response to task's parser as a %s",t.format),zo(t)?ln(t.parser,a):ln(t.parser,a.asStrings())}async attemptEmptyTask(t,n){return n("empty task bypassing child process to call to task's parser"),t.parser(this)}handleTaskData(t,n,r,o){let{exitCode:i,rejection:a,stdOut:l,stdErr:c}=r;return new Promise((p,u)=>{o("Preparing to handle process response exitCode=%d stdOut=",i);let{error:h}=this._plugins.exec("task.error",{error:a},{...this.taskContext(t,n),...r});if(h&&t.onError)return o.info("exitCode=%s handling with custom error handler"),t.onError(r,h,w=>{o.info("custom error handler treated as success"),o("custom error returned a %s",ut(w)),p(new me(Array.isArray(w)?Buffer.concat(w):w,Buffer.concat(c)))},u);if(h)return o.info("handling as error: exitCode=%s stdErr=%s rejection=%o",i,c.length,a),u(h);o.info("retrieving task output complete"),p(new me(Buffer.concat(l),Buffer.concat(c)))})}async gitResponse(t,n,r,o,i){let a=i.sibling("output"),l=this._plugins.exec("spawn.options",{cwd:this.cwd,env:this.env,windowsHide:!0},this.taskContext(t,t.commands));return new Promise(c=>{let p=[],u=[];i.info("%s %o",n,r),i("%O",l);let h=this._beforeSpawn(t,r);if(h)return c({stdOut:p,stdErr:u,exitCode:9901,rejection:h});this._plugins.exec("spawn.before",void 0,{...this.taskContext(t,r),kill($){h=$||h}});let w=Eo(n,r,l);w.stdout.on("data",fn(p,"stdOut",i,a.step("stdOut"))),w.stderr.on("data",fn(u,"stdErr",i,a.step("stdErr"))),w.on("error",Ns(u,i)),o&&(i("Passing child process stdOut/stdErr to custom outputHandler"),o(n,w.stdout,w.stderr,[...r])),this._plugins.exec("spawn.after",void 0,{...this.taskContext(t,r),spawned:w,close($,G){c({stdOut:p,stdErr:u,exitCode:$,rejection:h||G})},kill($){w.killed||(h=$,w.kill("SIGINT"))}})})}_beforeSpawn(t,n){let r;return this._plugins.exec("spawn.before",void 0,{...this.taskContext(t,n),kill(o){r=o||r}}),r}taskContext(t,n){return{method:String(Co(t.commands)||""),commands:n,env:{...this.env},input:cn(t)?void 0:t.input}}};function Ns(e,t){return n=>{t("[ERROR] child process exception %o",n),e.push(Buffer.from(String(n.stack),"ascii"))}}s(Ns,"Mn");function fn(e,t,n,r){return o=>{n("%s received %L bytes",t,o),r("%B",o),e.push(o)}}s(fn,"Et");var ze=class{static{s(this,"Dn")}constructor(t,n,r){this.cwd=t,this._scheduler=n,this._plugins=r,this._chain=this.chain()}chain(){return new Ye(this,this._scheduler,this._plugins)}push(t){return this._chain.push(t)}};function Ss(e,t,n=_e){let r=s(i=>{n(null,i)},"r"),o=s(i=>{i?.task===e&&n(i,void 0)},"s");t.then(r,o)}s(Ss,"Ln");function pn(e,t){return Yo(n=>{if(!En(e))throw new Error(`Git.cwd: cannot change to non-directory "${e}"`);return(t||n).cwd=e})}s(pn,"St");function De(e){let t=["checkout",...e];return t[1]==="-b"&&t.includes("-B")&&(t[1]=ct(t,"-B")),E(t)}s(De,"Q");function $s(){return{checkout(){return this._runTask(De(y(arguments,1)),f(arguments))},checkoutBranch(e,t){return this._runTask(De(["-b",e,t,...y(arguments)]),f(arguments))},checkoutLocalBranch(e){return this._runTask(De(["-b",e,...y(arguments)]),f(arguments))}}}s($s,"jn");var Mn=s((e,t,n)=>{let r=["clone",...n];return b(e)&&r.push(ee(e)),b(t)&&r.push(ee(t)),E(r)},"Yt"),Ts=s((e,t,n)=>(L(n,"--mirror"),Mn(e,t,n)),"Bn");function mn(e,t,n,...r){return b(n)?t(n,x(r[0],b),y(arguments)):S(`git.${e}() requires a string 'repoPath'`)}s(mn,"Rt");function Rs(){return{clone(e,...t){return this._runTask(mn("clone",Mn,x(e,b),...t),f(arguments))},mirror(e,...t){return this._runTask(mn("mirror",Ts,x(e,b),...t),f(arguments))}}}s(Rs,"In");var Cs=[new g(/^\[([^\s]+)( \([^)]+\))? ([^\]]+)/,(e,[t,n,r])=>{e.branch=t,e.commit=r,e.root=!!n}),new g(/\s*Author:\s(.+)/i,(e,[t])=>{let n=t.split("<"),r=n.pop();!r||!r.includes("@")||(e.author={email:r.substr(0,r.length-1),name:n.join("<").trim()})}),new g(/(\d+)[^,]*(?:,\s*(\d+)[^,]*)(?:,\s*(\d+))/g,(e,[t,n,r])=>{e.summary.changes=parseInt(t,10)||0,e.summary.insertions=parseInt(n,10)||0,e.summary.deletions=parseInt(r,10)||0}),new g(/^(\d+)[^,]*(?:,\s*(\d+)[^(]+\(([+-]))?/,(e,[t,n,r])=>{e.summary.changes=parseInt(t,10)||0;let o=parseInt(n,10)||0;r==="-"?e.summary.deletions=o:r==="+"&&(e.summary.insertions=o)})];function qs(e){return A({author:null,branch:"",commit:"",root:!1,summary:{changes:0,insertions:0,deletions:0}},Cs,e)}s(qs,"Fn");function js(e,t,n){return{commands:["-c","core.abbrev=40","commit",...de(e,"-m"),...t,...n],format:"utf-8",parser:qs}}s(js,"Gn");function As(){return{commit(t,...n){let r=f(arguments),o=e(t)||js(j(t),j(x(n[0],pe,[])),[...oe(x(n[1],ve,[])),...y(arguments,0,!0)]);return this._runTask(o,r)}};function e(t){return!pe(t)&&S("git.commit: requires the commit message to be supplied as a string/string[]")}}s(As,"zn");function Os(){return{count:0,garbage:0,inPack:0,packs:0,prunePackable:0,size:0,sizeGarbage:0,sizePack:0}}s(Os,"qn");var Us=new g(/([a-z-]+): (\d+)$/,(e,[t,n])=>{let r=Nn(t);Object.hasOwn(e,r)&&(e[r]=v(n))});function Ls(){return{countObjects(){return this._runTask({commands:["count-objects","--verbose"],format:"utf-8",parser(e){return A(Os(),[Us],e)}})}}}s(Ls,"Hn");function Ds(){return{firstCommit(){return this._runTask(E(["rev-list","--max-parents=0","HEAD"],!0),f(arguments))}}}s(Ds,"Kn");function Fs(e,t){let n=["hash-object",e];return t&&n.push("-w"),E(n,!0)}s(Fs,"Vn");var te=class{static{s(this,"J")}constructor(t,n,r,o){this.bare=t,this.path=n,this.existing=r,this.gitDir=o}},Ms=/^Init.+ repository in (.+)$/,Is=/^Rein.+ in (.+)$/;function Ps(e,t,n){let r=String(n).trim(),o;if(o=Ms.exec(r))return new te(e,t,!1,o[1]);if(o=Is.exec(r))return new te(e,t,!0,o[1]);let i="",a=r.split(" ");for(;a.length;)if(a.shift()==="in"){i=a.join(" ");break}return new te(e,t,/^re/i.test(r),i)}s(Ps,"Qn");var In="--bare";function Gs(e){return e.includes(In)}s(Gs,"Jn");function Bs(e=!1,t,n){let r=["init",...n];return e&&!Gs(r)&&r.splice(1,0,In),{commands:r,format:"utf-8",parser(o){return Ps(r.includes("--bare"),t,o)}}}s(Bs,"Zn");function Hs(e){return e===void 0?S("interpretTrailers called without input content"):{format:"utf-8",parser(t){return Object.fromEntries(lt(t,n=>{let r=n.indexOf(":");return[Nn(n.substring(0,r).toLowerCase()),n.substring(r+2).trim()]}))},commands:["interpret-trailers","--parse"],input:e}}s(Hs,"tr");function Ws(){return{interpretTrailers(e){return this._runTask(Hs(x(e,Oo)),f(arguments))}}}s(Ws,"er");var M=(e=>(e.NONE="",e.STAT="--stat",e.NUM_STAT="--numstat",e.NAME_ONLY="--name-only",e.NAME_STATUS="--name-status",e))(M||{}),Pn=/^--(stat|numstat|name-only|name-status)(=|$)/;function mt(e){for(let t=0;t<e.length;t++){let n=Pn.exec(e[t]);if(n)return`--${n[1]}`}return""}s(mt,"pt");function Qs(e){return Pn.test(e)}s(Qs,"nr");var Ve=class{static{s(this,"rr")}constructor(){this.changed=0,this.deletions=0,this.insertions=0,this.files=[]}},gn=[new g(/^(.+)\s+\|\s+(\d+)(\s+[+\-]+)?$/,(e,[t,n,r=""])=>{e.files.push({file:t.trim(),changes:v(n),insertions:r.replace(/[^+]/g,"").length,deletions:r.replace(/[^-]/g,"").length,binary:!1})}),new g(/^(.+) \|\s+Bin ([0-9.]+) -> ([0-9.]+) ([a-z]+)/,(e,[t,n,r])=>{e.files.push({file:t.trim(),before:v(n),after:v(r),binary:!0})}),new g(/^(.+)\s+\|\s+Bin\s*$/,(e,[t])=>{e.files.push({file:t.trim(),before:0,after:0,binary:!0})}),new g(/(\d+) files? changed\s*((?:, \d+ [^,]+){0,2})/,(e,[t,n])=>{let r=/(\d+) i/.exec(n),o=/(\d+) d/.exec(n);e.changed=v(t),e.insertions=v(r?.[1]),e.deletions=v(o?.[1])})],Ks=[new g(/(\d+)\t(\d+)\t(.+)$/,(e,[t,n,r])=>{let o=v(t),i=v(n);e.changed++,e.insertions+=o,e.deletions+=i,e.files.push({file:r,changes:o+i,insertions:o,deletions:i,binary:!1})}),new g(/-\t-\t(.+)$/,(e,[t])=>{e.changed++,e.files.push({file:t,after:0,before:0,binary:!0})})],Ys=[new g(/(.+)$/,(e,[t])=>{e.changed++,e.files.push({file:t,changes:0,insertions:0,deletions:0,binary:!1})})],zs=[new g(/([ACDMRTUXB])([0-9]{0,3})\t(.[^\t]*)(\t(.[^\t]*))?$/,(e,[t,n,r,o,i])=>{e.changed++,e.files.push({file:i??r,changes:0,insertions:0,deletions:0,binary:!1,status:an(ms(t)&&t),from:an(!!i&&r!==i&&r),similarity:v(n)})})],Vs={[M.NONE]:gn,[M.STAT]:gn,[M.NUM_STAT]:Ks,[M.NAME_STATUS]:zs,[M.NAME_ONLY]:Ys};function Gn(e=M.NONE){let t=Vs[e];return n=>A(new Ve,t,n,!1)}s(Gn,"Zt");var Bn="\xF2\xF2\xF2\xF2\xF2\xF2 ",Hn=" \xF2\xF2",Wn=" \xF2 ",Js=["hash","date","message","refs","author_name","author_email"];function Xs(e,t){return t.reduce((n,r,o)=>(n[r]=e[o]||"",n),Object.create({diff:null}))}s(Xs,"cr");function Qn(e=Wn,t=Js,n=M.NONE){let r=Gn(n);return function(o){let i=ke(o.trim(),!1,Bn).map(function(a){let l=a.split(Hn),c=Xs(l[0].split(e),t);return l.length>1&&l[1].trim()&&(c.diff=r(l[1])),c});return{all:i,latest:i.length&&i[0]||null,total:i.length}}}s(Qn,"re");function Zs(e){let t=mt(e),n=["diff"];return t===M.NONE&&(t=M.STAT,n.push("--stat=4096")),n.push(...e),gt(n)||{commands:n,format:"utf-8",parser:Gn(t)}}s(Zs,"fr");function gt(e){let t=e.filter(Qs);if(t.length>1)return S(`Summary flags are mutually exclusive - pick one of ${t.join(",")}`);if(t.length&&e.includes("-z"))return S(`Summary flag ${t} parsing is not compatible with null termination option '-z'`)}s(gt,"dt");var Kn=(e=>(e[e["--pretty"]=0]="--pretty",e[e["max-count"]=1]="max-count",e[e.maxCount=2]="maxCount",e[e.n=3]="n",e[e.file=4]="file",e[e.format=5]="format",e[e.from=6]="from",e[e.to=7]="to",e[e.splitter=8]="splitter",e[e.symmetric=9]="symmetric",e[e.mailMap=10]="mailMap",e[e.multiLine=11]="multiLine",e[e.strictDate=12]="strictDate",e))(Kn||{});function ei(e,t){let n=[],r=[];return Object.keys(e).forEach(o=>{n.push(o),r.push(String(e[o]))}),[n,r.join(t)]}s(ei,"lr");function ti(e){return Object.keys(e).reduce((t,n)=>(n in Kn||(t[n]=e[n]),t),{})}s(ti,"hr");function Yn(e={},t=[]){let n=x(e.splitter,b,Wn),r=dt(e.format)?e.format:{hash:"%H",date:e.strictDate===!1?"%ai":"%aI",message:"%s",refs:"%D",body:e.multiLine?"%B":"%b",author_name:e.mailMap!==!1?"%aN":"%an",author_email:e.mailMap!==!1?"%aE":"%ae"},[o,i]=ei(r,n),a=[],l=[`--pretty=format:${Bn}${i}${Hn}`,...t],c=e.n||e["max-count"]||e.maxCount;if(c&&l.push(`--max-count=${c}`),e.from||e.to){let p=e.symmetric!==!1?"...":"..";a.push(`${e.from||""}${p}${e.to||""}`)}return b(e.file)&&l.push("--follow",ee(e.file)),$n(ti(e),l),{fields:o,splitter:n,commands:[...l,...a]}}s(Yn,"oe");function ni(e,t,n){let r=Qn(e,t,mt(n));return{commands:["log",...n],format:"utf-8",parser:r}}s(ni,"mr");function ri(){return{log(...n){let r=f(arguments),o=Yn(ft(arguments),oe(x(arguments[0],ve,[]))),i=t(...n)||gt(o.commands)||e(o);return this._runTask(i,r)}};function e(n){return ni(n.splitter,n.fields,n.commands)}function t(n,r){return b(n)&&b(r)&&S("git.log(string, string) should be replaced with git.log({ from: string, to: string })")}}s(ri,"pr");var ne=class{static{s(this,"Z")}constructor(t,n=null,r){this.reason=t,this.file=n,this.meta=r}toString(){return`${this.file}:${this.reason}`}},Je=class{static{s(this,"dr")}constructor(){this.conflicts=[],this.merges=[],this.result="success"}get failed(){return this.conflicts.length>0}get reason(){return this.result}toString(){return this.conflicts.length?`CONFLICTS: ${this.conflicts.join(", ")}`:"OK"}},ge=class{static{s(this,"ie")}constructor(){this.remoteMessages={all:[]},this.created=[],this.deleted=[],this.files=[],this.deletions={},this.insertions={},this.summary={changes:0,deletions:0,insertions:0}}},Xe=class{static{s(this,"gr")}constructor(){this.remote="",this.hash={local:"",remote:""},this.branch={local:"",remote:""},this.message=""}toString(){return this.message}};function Fe(e){return e.objects=e.objects||{compressing:0,counting:0,enumerating:0,packReused:0,reused:{count:0,delta:0},total:{count:0,delta:0}}}s(Fe,"tt");function hn(e){let t=/^\s*(\d+)/.exec(e),n=/delta (\d+)/i.exec(e);return{count:v(t&&t[1]||"0"),delta:v(n&&n[1]||"0")}}s(hn,"Ct");var oi=[new H(/^remote:\s*(enumerating|counting|compressing) objects: (\d+),/i,(e,[t,n])=>{let r=t.toLowerCase(),o=Fe(e.remoteMessages);Object.assign(o,{[r]:v(n)})}),new H(/^remote:\s*(enumerating|counting|compressing) objects: \d+% \(\d+\/(\d+)\),/i,(e,[t,n])=>{let r=t.toLowerCase(),o=Fe(e.remoteMessages);Object.assign(o,{[r]:v(n)})}),new H(/total ([^,]+), reused ([^,]+), pack-reused (\d+)/i,(e,[t,n,r])=>{let o=Fe(e.remoteMessages);o.total=hn(t),o.reused=hn(n),o.packReused=v(r)})],si=[new H(/^remote:\s*(.+)$/,(e,[t])=>(e.remoteMessages.all.push(t.trim()),!1)),...oi,new H([/create a (?:pull|merge) request/i,/\s(https?:\/\/\S+)$/],(e,[t])=>{e.remoteMessages.pullRequestUrl=t}),new H([/found (\d+) vulnerabilities.+\(([^)]+)\)/i,/\s(https?:\/\/\S+)$/],(e,[t,n,r])=>{e.remoteMessages.vulnerabilities={count:v(t),summary:n,url:r}})];function zn(e,t){return A({remoteMessages:new Ze},si,t)}s(zn,"ae");var Ze=class{static{s(this,"br")}constructor(){this.all=[]}},ii=/^\s*(.+?)\s+\|\s+\d+\s*(\+*)(-*)/,ai=/(\d+)\D+((\d+)\D+\(\+\))?(\D+(\d+)\D+\(-\))?/,li=/^(create|delete) mode \d+ (.+)/,ci=[new g(ii,(e,[t,n,r])=>{e.files.push(t),n&&(e.insertions[t]=n.length),r&&(e.deletions[t]=r.length)}),new g(ai,(e,[t,,n,,r])=>n!==void 0||r!==void 0?(e.summary.changes=+t||0,e.summary.insertions=+n||0,e.summary.deletions=+r||0,!0):!1),new g(li,(e,[t,n])=>{L(e.files,n),L(t==="create"?e.created:e.deleted,n)})],ui=[new g(/^from\s(.+)$/i,(e,[t])=>{e.remote=t}),new g(/^fatal:\s(.+)$/,(e,[t])=>{e.message=t}),new g(/([a-z0-9]+)\.\.([a-z0-9]+)\s+(\S+)\s+->\s+(\S+)$/,(e,[t,n,r,o])=>{e.branch.local=r,e.hash.local=t,e.branch.remote=o,e.hash.remote=n})],di=s((e,t)=>A(new ge,ci,[e,t]),"Sr"),Vn=s((e,t)=>Object.assign(new ge,di(e,t),zn(e,t)),"ue");function fi(e,t){let n=A(new Xe,ui,[e,t]);return n.message&&n}s(fi,"Rr");var pi=[new g(/^Auto-merging\s+(.+)$/,(e,[t])=>{e.merges.push(t)}),new g(/^CONFLICT\s+\((.+)\): Merge conflict in (.+)$/,(e,[t,n])=>{e.conflicts.push(new ne(t,n))}),new g(/^CONFLICT\s+\((.+\/delete)\): (.+) deleted in (.+) and/,(e,[t,n,r])=>{e.conflicts.push(new ne(t,n,{deleteRef:r}))}),new g(/^CONFLICT\s+\((.+)\):/,(e,[t])=>{e.conflicts.push(new ne(t,null))}),new g(/^Automatic merge failed;\s+(.+)$/,(e,[t])=>{e.result=t})],mi=s((e,t)=>Object.assign(gi(e),Vn(e,t)),"Cr"),gi=s(e=>A(new Je,pi,e),"Ar");function wn(e){return e.length?{commands:["merge",...e],format:"utf-8",parser(t,n){let r=mi(t,n);if(r.failed)throw new re(r);return r}}:S("Git.merge requires at least one option")}s(wn,"At");function hi(e,t,n){let r=n.includes("deleted"),o=n.includes("tag")||/^refs\/tags/.test(e),i=!n.includes("new");return{deleted:r,tag:o,branch:!o,new:!i,alreadyUpdated:i,local:e,remote:t}}s(hi,"xr");var wi=[new g(/^Pushing to (.+)$/,(e,[t])=>{e.repo=t}),new g(/^updating local tracking ref '(.+)'/,(e,[t])=>{e.ref={...e.ref||{},local:t}}),new g(/^[=*-]\s+([^:]+):(\S+)\s+\[(.+)]$/,(e,[t,n,r])=>{e.pushed.push(hi(t,n,r))}),new g(/^Branch '([^']+)' set up to track remote branch '([^']+)' from '([^']+)'/,(e,[t,n,r])=>{e.branch={...e.branch||{},local:t,remote:n,remoteName:r}}),new g(/^([^:]+):(\S+)\s+([a-z0-9]+)\.\.([a-z0-9]+)$/,(e,[t,n,r,o])=>{e.update={head:{local:t,remote:n},hash:{from:r,to:o}}})],yi=s((e,t)=>{let n=bi(e,t),r=zn(e,t);return{...n,...r}},"$r"),bi=s((e,t)=>A({pushed:[]},wi,[e,t]),"Pr");function _i(e={},t){return L(t,"--tags"),Jn(e,t)}s(_i,"Mr");function Jn(e={},t){let n=["push",...t];return e.branch&&n.splice(1,0,e.branch),e.remote&&n.splice(1,0,e.remote),ct(n,"-v"),L(n,"--verbose"),L(n,"--porcelain"),{commands:n,format:"utf-8",parser:yi}}s(Jn,"ce");function ki(){return{showBuffer(){let e=["show",...y(arguments,1)];return e.includes("--binary")||e.splice(1,0,"--binary"),this._runTask(Cn(e),f(arguments))},show(){let e=["show",...y(arguments,1)];return this._runTask(E(e),f(arguments))}}}s(ki,"Dr");var vi=/^(.+)\0(.+)$/,et=class{static{s(this,"jr")}constructor(t,n,r){if(this.path=t,this.index=n,this.working_dir=r,n==="R"||r==="R"){let o=vi.exec(t)||[null,t,t];this.from=o[2]||"",this.path=o[1]||""}}},tt=class{static{s(this,"Br")}constructor(){this.not_added=[],this.conflicted=[],this.created=[],this.deleted=[],this.ignored=void 0,this.modified=[],this.renamed=[],this.files=[],this.staged=[],this.ahead=0,this.behind=0,this.current=null,this.tracking=null,this.detached=!1,this.isClean=()=>!this.files.length}};function yn(e){let[t,n]=e.split(ue);return{from:n||t,to:t}}s(yn,"xt");function q(e,t,n){return[`${e}${t}`,n]}s(q,"_");function Me(e,...t){return t.map(n=>q(e,n,(r,o)=>r.conflicted.push(o)))}s(Me,"et");var xi=new Map([q(" ","A",(e,t)=>e.created.push(t)),q(" ","D",(e,t)=>e.deleted.push(t)),q(" ","M",(e,t)=>e.modified.push(t)),q("A"," ",(e,t)=>{e.created.push(t),e.staged.push(t)}),q("A","M",(e,t)=>{e.created.push(t),e.staged.push(t),e.modified.push(t)}),q("D"," ",(e,t)=>{e.deleted.push(t),e.staged.push(t)}),q("M"," ",(e,t)=>{e.modified.push(t),e.staged.push(t)}),q("M","M",(e,t)=>{e.modified.push(t),e.staged.push(t)}),q("R"," ",(e,t)=>{e.renamed.push(yn(t))}),q("R","M",(e,t)=>{let n=yn(t);e.renamed.push(n),e.modified.push(n.to)}),q("!","!",(e,t)=>{(e.ignored=e.ignored||[]).push(t)}),q("?","?",(e,t)=>e.not_added.push(t)),...Me("A","A","U"),...Me("D","D","U"),...Me("U","A","D","U"),["##",(e,t)=>{let n=/ahead (\d+)/,r=/behind (\d+)/,o=/^(.+?(?=(?:\.{3}|\s|$)))/,i=/\.{3}(\S*)/,a=/\son\s(\S+?)(?=\.{3}|$)/,l=n.exec(t);e.ahead=l&&+l[1]||0,l=r.exec(t),e.behind=l&&+l[1]||0,l=o.exec(t),e.current=x(l?.[1],b,null),l=i.exec(t),e.tracking=x(l?.[1],b,null),l=a.exec(t),l&&(e.current=x(l?.[1],b,e.current)),e.detached=/\(no branch\)/.test(t)}]]),Ei=s(function(e){let t=e.split(ue),n=new tt;for(let r=0,o=t.length;r<o;){let i=t[r++].trim();i&&(i.charAt(0)==="R"&&(i+=ue+(t[r++]||"")),Ni(n,i))}return n},"Ur");function Ni(e,t){let n=t.trim();switch(" "){case n.charAt(2):return r(n.charAt(0),n.charAt(1),n.slice(3));case n.charAt(1):return r(" ",n.charAt(0),n.slice(2));default:return}function r(o,i,a){let l=`${o}${i}`,c=xi.get(l);c&&c(e,a),l!=="##"&&l!=="!!"&&e.files.push(new et(a,o,i))}s(r,"r")}s(Ni,"Fr");var Si=["--null","-z"];function $i(e){return{format:"utf-8",commands:["status","--porcelain","-b","-u","--null",...e.filter(t=>!Si.includes(t))],parser(t){return Ei(t)}}}s($i,"zr");var Xn="installed=false";function he(e=0,t=0,n=0,r="",o=!0){return Object.defineProperty({major:e,minor:t,patch:n,agent:r,installed:o},"toString",{value(){return`${this.major}.${this.minor}.${this.patch}`},configurable:!1,enumerable:!1})}s(he,"q");function Ti(){return he(0,0,0,"",!1)}s(Ti,"qr");function Ri(){return{version(){return this._runTask({commands:["--version"],format:"utf-8",parser:qi,onError(e,t,n,r){if(e.exitCode===xe.NOT_FOUND)return n(Buffer.from(Xn));r(t)}})}}}s(Ri,"Wr");var Ci=[new g(/version (\d+)\.(\d+)\.(\d+)(?:\s*\((.+)\))?/,(e,[t,n,r,o=""])=>{Object.assign(e,he(v(t),v(n),v(r),o))}),new g(/version (\d+)\.(\d+)\.(\D+)(.+)?$/,(e,[t,n,r,o=""])=>{Object.assign(e,he(v(t),v(n),r,o))})];function qi(e){return e===Xn?Ti():A(he(0,0,0,e),Ci,e)}s(qi,"Kr");var we=class{static{s(this,"le")}constructor(t){this._executor=t}_runTask(t,n){let r=this._executor.chain(),o=r.push(t);return n&&Ss(t,o,n),Object.create(this,{then:{value:o.then.bind(o)},catch:{value:o.catch.bind(o)},_executor:{value:r}})}add(t){return this._runTask(E(["add",...j(t)]),f(arguments))}cwd(t){let n=f(arguments);return typeof t=="string"?this._runTask(pn(t,this._executor),n):typeof t?.path=="string"?this._runTask(pn(t.path,t.root&&this._executor||void 0),n):this._runTask(S("Git.cwd: workingDirectory must be supplied as a string"),n)}hashObject(t,n){return this._runTask(Fs(t,n===!0),f(arguments))}init(t){return this._runTask(Bs(t===!0,this._executor.cwd,y(arguments)),f(arguments))}merge(){return this._runTask(wn(y(arguments)),f(arguments))}mergeFromTo(t,n){return b(t)&&b(n)?this._runTask(wn([t,n,...y(arguments)]),f(arguments,!1)):this._runTask(S("Git.mergeFromTo requires that the 'remote' and 'branch' arguments are supplied as strings"))}outputHandler(t){return this._executor.outputHandler=t,this}push(){let t=Jn({remote:x(arguments[0],b),branch:x(arguments[1],b)},y(arguments));return this._runTask(t,f(arguments))}stash(){return this._runTask(E(["stash",...y(arguments)]),f(arguments))}status(){return this._runTask($i(y(arguments)),f(arguments))}};Object.assign(we.prototype,$s(),Rs(),As(),fs(),Ls(),Ds(),ys(),Ws(),ri(),ki(),Ri());var ji=(()=>{let e=0;return()=>{e++;let{promise:t,done:n}=(0,B.createDeferred)();return{promise:t,done:n,id:e}}})(),nt=class{static{s(this,"Xr")}constructor(t=2){this.concurrency=t,this.logger=V("","scheduler"),this.pending=[],this.running=[],this.logger("Constructed, concurrency=%s",t)}schedule(){if(!this.pending.length||this.running.length>=this.concurrency){this.logger("Schedule attempt ignored, pending=%s running=%s concurrency=%s",this.pending.length,this.running.length,this.concurrency);return}let t=L(this.running,this.pending.shift());this.logger("Attempting id=%s",t.id),t.done(()=>{this.logger("Completing id=",t.id),ct(this.running,t),this.schedule()})}next(){let{promise:t,id:n}=L(this.pending,ji());return this.logger("Scheduling id=%s",n),this.schedule(),t}};function Ai(e,t){return E(["apply",...t,...e])}s(Ai,"Yr");var Zn=(e=>(e.CURRENT="*",e.LINKED="+",e))(Zn||{}),rt=class{static{s(this,"Qr")}constructor(){this.all=[],this.branches={},this.current="",this.detached=!1}push(t,n,r,o,i){t==="*"&&(this.detached=n,this.current=r),this.all.push(r),this.branches[r]={current:t==="*",linkedWorkTree:t==="+",name:r,commit:o,label:i}}},Oi=[new g(/^([*+]\s)?\((?:HEAD )?detached (?:from|at) (\S+)\)\s+([a-z0-9]+)\s(.*)$/,(e,[t,n,r,o])=>{e.push(bn(t),!0,n,r,o)}),new g(/^([*+]\s)?(\S+)\s+([a-z0-9]+)\s?(.*)$/s,(e,[t,n,r,o])=>{e.push(bn(t),!1,n,r,o)})],Ui=new g(/^(\S+)$/s,(e,[t])=>{e.push(Zn.CURRENT,!1,t,"","")});function bn(e){return e?e.charAt(0):""}s(bn,"Nt");function er(e,t=!1){return A(new rt,t?[Ui]:Oi,e)}s(er,"me");var ot=class{static{s(this,"ts")}constructor(){this.all=[],this.branches={},this.errors=[]}get success(){return!this.errors.length}};function Li(e,t){return{branch:e,hash:t,success:!0}}s(Li,"es");function Di(e){return{branch:e,hash:null,success:!1}}s(Di,"ns");var Fi=/(\S+)\s+\(\S+\s([^)]+)\)/,tr=/^error[^']+'([^']+)'/m,Mi=[new g(Fi,(e,[t,n])=>{let r=Li(t,n);e.all.push(r),e.branches[t]=r}),new g(tr,(e,[t])=>{let n=Di(t);e.errors.push(n),e.all.push(n),e.branches[t]=n})],ht=s((e,t)=>A(new ot,Mi,[e,t]),"gt");function nr(e,t){return t===xe.ERROR&&tr.test(e)}s(nr,"de");function Ii(e){let t=["-d","-D","--delete"];return e.some(n=>t.includes(n))}s(Ii,"os");function Pi(e){let t=Ii(e),n=e.includes("--show-current"),r=["branch",...e];return r.length===1&&r.push("-a"),r.includes("-v")||r.splice(1,0,"-v"),{format:"utf-8",commands:r,parser(o,i){return t?ht(o,i).all[0]:er(o,n)}}}s(Pi,"is");function Gi(){return{format:"utf-8",commands:["branch","-v"],parser(e){return er(e)}}}s(Gi,"as");function Bi(e,t=!1){return{format:"utf-8",commands:["branch","-v",t?"-D":"-d",...e],parser(n,r){return ht(n,r)},onError({exitCode:n,stdOut:r},o,i,a){if(!nr(String(o),n))return a(o);i(r)}}}s(Bi,"us");function Hi(e,t=!1){let n={format:"utf-8",commands:["branch","-v",t?"-D":"-d",e],parser(r,o){return ht(r,o).branches[e]},onError({exitCode:r,stdErr:o,stdOut:i},a,l,c){if(!nr(String(a),r))return c(a);throw new re(n.parser(fe(i),fe(o)),String(a))}};return n}s(Hi,"cs");function Wi(e){return{commands:["check-ignore",...e],format:"utf-8",parser:Qi}}s(Wi,"fs");function Qi(e){return e.split(/\n/g).map(Ki).filter(Boolean)}s(Qi,"ls");function Ki(e){let t=e.trim().replace(/^["']|["']$/g,"");return t&&No(t)}s(Ki,"hs");var Yi=[new g(/From (.+)$/,(e,[t])=>{e.remote=t}),new g(/\* \[new branch]\s+(\S+)\s*-> (.+)$/,(e,[t,n])=>{e.branches.push({name:t,tracking:n})}),new g(/\* \[new tag]\s+(\S+)\s*-> (.+)$/,(e,[t,n])=>{e.tags.push({name:t,tracking:n})}),new g(/- \[deleted]\s+\S+\s*-> (.+)$/,(e,[t])=>{e.deleted.push({tracking:t})}),new g(/\s*([^.]+)\.\.(\S+)\s+(\S+)\s*-> (.+)$/,(e,[t,n,r,o])=>{e.updated.push({name:r,tracking:o,to:n,from:t})})];function zi(e,t){return A({raw:e,remote:null,branches:[],tags:[],updated:[],deleted:[]},Yi,[e,t])}s(zi,"ps");function Vi(e){return/^--upload-pack(=|$)/.test(e)}s(Vi,"ds");function Ji(e,t,n){let r=["fetch",...n];return e&&t&&r.push(e,t),r.find(Vi)?S("git.fetch: potential exploit argument blocked."):{commands:r,format:"utf-8",parser:zi}}s(Ji,"gs");var Xi=[new g(/^Renaming (.+) to (.+)$/,(e,[t,n])=>{e.moves.push({from:t,to:n})})];function Zi(e){return A({moves:[]},Xi,e)}s(Zi,"ws");function ea(e,t){return{commands:["mv","-v",...j(e),t],format:"utf-8",parser:Zi}}s(ea,"bs");function ta(e,t,n){let r=["pull",...n];return e&&t&&r.splice(1,0,e,t),{commands:r,format:"utf-8",parser(o,i){return Vn(o,i)},onError(o,i,a,l){let c=fi(fe(o.stdOut),fe(o.stdErr));if(c)return l(new re(c));l(i)}}}s(ta,"Ts");function na(e){let t={};return rr(e,([n])=>t[n]={name:n}),Object.values(t)}s(na,"ks");function ra(e){let t={};return rr(e,([n,r,o])=>{Object.hasOwn(t,n)||(t[n]={name:n,refs:{fetch:"",push:""}}),o&&r&&(t[n].refs[o.replace(/[^a-z]/g,"")]=r)}),Object.values(t)}s(ra,"_s");function rr(e,t){lt(e,n=>t(n.split(/\s+/)))}s(rr,"ge");function oa(e,t,n){return E(["remote","add",...n,e,t])}s(oa,"vs");function sa(e){let t=["remote"];return e&&t.push("-v"),{commands:t,format:"utf-8",parser:e?ra:na}}s(sa,"Es");function ia(e){let t=[...e];return t[0]!=="ls-remote"&&t.unshift("ls-remote"),E(t)}s(ia,"Ss");function aa(e){let t=[...e];return t[0]!=="remote"&&t.unshift("remote"),E(t)}s(aa,"Rs");function la(e){return E(["remote","remove",e])}s(la,"Os");function ca(e={},t){let n=Yn(e),r=["stash","list",...n.commands,...t],o=Qn(n.splitter,n.fields,mt(r));return gt(r)||{commands:r,format:"utf-8",parser:o}}s(ca,"Cs");function ua(e,t){return Ee(["add",e,t])}s(ua,"As");function da(e){return Ee(["init",...e])}s(da,"xs");function Ee(e){let t=[...e];return t[0]!=="submodule"&&t.unshift("submodule"),E(t)}s(Ee,"X");function fa(e){return Ee(["update",...e])}s(fa,"Ns");var st=class{static{s(this,"$s")}constructor(t,n){this.all=t,this.latest=n}},pa=s(function(e,t=!1){let n=e.split(`
`).map(ga).filter(Boolean);t||n.sort(function(o,i){let a=o.split("."),l=i.split(".");if(a.length===1||l.length===1)return ma(ce(a[0]),ce(l[0]));for(let c=0,p=Math.max(a.length,l.length);c<p;c++){let u=or(ce(a[c]),ce(l[c]));if(u)return u}return 0});let r=t?n[0]:[...n].reverse().find(o=>o.indexOf(".")>=0);return new st(n,r)},"Ps");function ma(e,t){let n=Number.isNaN(e),r=Number.isNaN(t);return n!==r?n?1:-1:n?or(e,t):0}s(ma,"Ms");function or(e,t){return e===t?0:e>t?1:-1}s(or,"ye");function ga(e){return e.trim()}s(ga,"Ds");function ce(e){return typeof e=="string"&&parseInt(e.replace(/^\D+/g,""),10)||0}s(ce,"B");function ha(e=[]){let t=e.some(n=>/^--sort=/.test(n));return{format:"utf-8",commands:["tag","-l",...e],parser(n){return pa(n,t)}}}s(ha,"Ls");function wa(e){return{format:"utf-8",commands:["tag",e],parser(){return{name:e}}}}s(wa,"js");function ya(e,t){return{format:"utf-8",commands:["tag","-a","-m",t,e],parser(){return{name:e}}}}s(ya,"Bs");function m(e,t){this._plugins=t,this._executor=new ze(e.baseDir,new nt(e.maxConcurrentProcesses),t),this._trimmed=e.trimmed}s(m,"f");(m.prototype=Object.create(we.prototype)).constructor=m;m.prototype.customBinary=function(e){return this._plugins.reconfigure("binary",e),this};m.prototype.env=function(e,t){return arguments.length===1&&typeof e=="object"?this._executor.env=e:(this._executor.env=this._executor.env||{})[e]=t,this};m.prototype.stashList=function(e){return this._runTask(ca(ft(arguments)||{},ve(e)&&e||[]),f(arguments))};m.prototype.mv=function(e,t){return this._runTask(ea(e,t),f(arguments))};m.prototype.checkoutLatestTag=function(e){var t=this;return this.pull(function(){t.tags(function(n,r){t.checkout(r.latest,e)})})};m.prototype.pull=function(e,t,n,r){return this._runTask(ta(x(e,b),x(t,b),y(arguments)),f(arguments))};m.prototype.fetch=function(e,t){return this._runTask(Ji(x(e,b),x(t,b),y(arguments)),f(arguments))};m.prototype.tags=function(e,t){return this._runTask(ha(y(arguments)),f(arguments))};m.prototype.rebase=function(){return this._runTask(E(["rebase",...y(arguments)]),f(arguments))};m.prototype.reset=function(e){return this._runTask(_s(ks(e),y(arguments)),f(arguments))};m.prototype.revert=function(e){let t=f(arguments);return typeof e!="string"?this._runTask(S("Commit must be a string"),t):this._runTask(E(["revert",...y(arguments,0,!0),e]),t)};m.prototype.addTag=function(e){let t=typeof e=="string"?wa(e):S("Git.addTag requires a tag name");return this._runTask(t,f(arguments))};m.prototype.addAnnotatedTag=function(e,t){return this._runTask(ya(e,t),f(arguments))};m.prototype.deleteLocalBranch=function(e,t,n){return this._runTask(Hi(e,typeof t=="boolean"?t:!1),f(arguments))};m.prototype.deleteLocalBranches=function(e,t,n){return this._runTask(Bi(e,typeof t=="boolean"?t:!1),f(arguments))};m.prototype.branch=function(e,t){return this._runTask(Pi(y(arguments)),f(arguments))};m.prototype.branchLocal=function(e){return this._runTask(Gi(),f(arguments))};m.prototype.raw=function(e){let t=!Array.isArray(e),n=[].slice.call(t?arguments:e,0);for(let o=0;o<n.length&&t;o++)if(!Be(n[o])){n.splice(o,n.length-o);break}n.push(...y(arguments,0,!0));var r=f(arguments);return n.length?this._runTask(E(n,this._trimmed),r):this._runTask(S("Raw: must supply one or more command to execute"),r)};m.prototype.submoduleAdd=function(e,t,n){return this._runTask(ua(e,t),f(arguments))};m.prototype.submoduleUpdate=function(e,t){return this._runTask(fa(y(arguments,!0)),f(arguments))};m.prototype.submoduleInit=function(e,t){return this._runTask(da(y(arguments,!0)),f(arguments))};m.prototype.subModule=function(e,t){return this._runTask(Ee(y(arguments)),f(arguments))};m.prototype.listRemote=function(){return this._runTask(ia(y(arguments)),f(arguments))};m.prototype.addRemote=function(e,t,n){return this._runTask(oa(e,t,y(arguments)),f(arguments))};m.prototype.removeRemote=function(e,t){return this._runTask(la(e),f(arguments))};m.prototype.getRemotes=function(e,t){return this._runTask(sa(e===!0),f(arguments))};m.prototype.remote=function(e,t){return this._runTask(aa(y(arguments)),f(arguments))};m.prototype.tag=function(e,t){let n=y(arguments);return n[0]!=="tag"&&n.unshift("tag"),this._runTask(E(n),f(arguments))};m.prototype.updateServerInfo=function(e){return this._runTask(E(["update-server-info"]),f(arguments))};m.prototype.pushTags=function(e,t){let n=_i({remote:x(e,b)},y(arguments));return this._runTask(n,f(arguments))};m.prototype.rm=function(e){return this._runTask(E(["rm","-f",...j(e)]),f(arguments))};m.prototype.rmKeepLocal=function(e){return this._runTask(E(["rm","--cached",...j(e)]),f(arguments))};m.prototype.catFile=function(e,t){return this._catFile("utf-8",arguments)};m.prototype.binaryCatFile=function(){return this._catFile("buffer",arguments)};m.prototype._catFile=function(e,t){var n=f(t),r=["cat-file"],o=t[0];if(typeof o=="string")return this._runTask(S("Git.catFile: options must be supplied as an array of strings"),n);Array.isArray(o)&&r.push.apply(r,o);let i=e==="buffer"?Cn(r):E(r);return this._runTask(i,n)};m.prototype.diff=function(e,t){let n=b(e)?S("git.diff: supplying options as a single string is no longer supported, switch to an array of strings"):E(["diff",...y(arguments)]);return this._runTask(n,f(arguments))};m.prototype.diffSummary=function(){return this._runTask(Zs(y(arguments,1)),f(arguments))};m.prototype.applyPatch=function(e){let t=pe(e)?Ai(j(e),y([].slice.call(arguments,1))):S("git.applyPatch requires one or more string patches as the first argument");return this._runTask(t,f(arguments))};m.prototype.revparse=function(){let e=["rev-parse",...y(arguments,!0)];return this._runTask(E(e,!0),f(arguments))};m.prototype.clean=function(e,t,n){let r=ts(e),o=r&&e.join("")||x(e,b)||"",i=y([].slice.call(arguments,r?1:0));return this._runTask(Zo(o,i),f(arguments))};m.prototype.exec=function(e){let t={commands:[],format:"utf-8",parser(){typeof e=="function"&&e()}};return this._runTask(t)};m.prototype.checkIgnore=function(e,t){return this._runTask(Wi(j(x(e,pe,[]))),f(arguments))};m.prototype.checkIsRepo=function(e,t){return this._runTask(Io(x(e,b)),f(arguments))};function ba(e){return e?[{type:"spawn.before",action(t,n){e.aborted&&n.kill(new P(void 0,"abort","Abort already signaled"))}},{type:"spawn.after",action(t,n){function r(){n.kill(new P(void 0,"abort","Abort signal received"))}s(r,"o"),e.addEventListener("abort",r),n.spawned.on("close",()=>e.removeEventListener("abort",r))}}]:void 0}s(ba,"Is");var _a=V("","plugin:allowEnvironment");function ka(e,t=!1){let n=new Set(e.map(r=>r.toLowerCase().trim()));return{type:"spawn.options",action(r,o){let i={...r.env??process.env},a=new Set(Object.keys(o.env).map(l=>l.toLowerCase().trim()));for(let l of Object.keys(i)){let c=l.toLowerCase().trim();if(!(!va(c)||n.has(c))){if(a.has(c))throw new P(void 0,"allowEnvironment",`Use of "${l}" is blocked by the environment guard - add it to the allowEnvironment option to permit it`);_a("removing ambient guarded environment variable %s",l),delete i[l]}}return{...r,env:{...i,GIT_TEST_DISALLOW_ABBREVIATED_OPTIONS:String(!t)}}}}}s(ka,"Fs");function va(e){let t=e.toLowerCase().trim();return t.startsWith("git_")||ae(t)}s(va,"Gs");function xa(e={}){return{type:"spawn.args",action(t,{env:n}){for(let r of on(t,n))if(e[r.category]!==!0)throw new P(void 0,"unsafe",r.message);return t}}}s(xa,"zs");function Ea(e){let t=de(e,"-c");return{type:"spawn.args",action(n){return[...t,...n]}}}s(Ea,"qs");var _n=(0,B.deferred)().promise;function Na({onClose:e=!0,onExit:t=50}={}){function n(){let o=-1,i={close:(0,B.deferred)(),closeTimeout:(0,B.deferred)(),exit:(0,B.deferred)(),exitTimeout:(0,B.deferred)()},a=Promise.race([e===!1?_n:i.closeTimeout.promise,t===!1?_n:i.exitTimeout.promise]);return r(e,i.close,i.closeTimeout),r(t,i.exit,i.exitTimeout),{close(l){o=l,i.close.done()},exit(l){o=l,i.exit.done()},get exitCode(){return o},result:a}}s(n,"n");function r(o,i,a){o!==!1&&(o===!0?i.promise:i.promise.then(()=>sn(o))).then(a.done)}return s(r,"r"),{type:"spawn.after",async action(o,{spawned:i,close:a}){let l=n(),c=!0,p=s(()=>{c=!1},"y");i.stdout?.on("data",p),i.stderr?.on("data",p),i.on("error",p),i.on("close",u=>l.close(u)),i.on("exit",u=>l.exit(u));try{await l.result,c&&await sn(50),a(l.exitCode)}catch(u){a(l.exitCode,u)}}}}s(Na,"Ws");var sr=V("","plugin:binary"),Sa="Invalid value supplied for custom binary, requires a single string or an array containing either one or two strings",$a="Invalid value supplied for custom binary, restricted characters must be removed or supply the unsafe.allowUnsafeCustomBinary option";function Ta(e){return!e||!/^([a-z]:)?([a-z0-9/.\\_~-]+)$/i.test(e)}s(Ta,"Vs");function kn(e,t){if(e.length<1||e.length>2)throw new P(void 0,"binary",Sa);if(e.some(Ta))if(t)sr("permitted unsafe binary %o",e);else throw new P(void 0,"binary",$a);let[n,r]=e;return{binary:n,prefix:r}}s(kn,"Pt");function Ra(e,t=["git"],n=!1){let r=kn(j(t),n);e.on("binary",o=>{r=kn(j(o),n),sr.info("reconfiguring %o",r)}),e.append("spawn.binary",()=>r.binary),e.append("spawn.args",o=>r.prefix?[r.prefix,...o]:o)}s(Ra,"Xs");var ir={DISALLOWED_ABBREVIATED:{text:"disallowed abbreviated or ambiguous option",solution:"Unambiguous abbreviated options blocked with unsafe.allowAbbreviatedOptions setting: {message}"},UNKNOWN:{text:"~ unknown ~",solution:void 0}};function Ca(e){if(!e)return"UNKNOWN";for(let[t,{text:n}]of Object.entries(ir))if(e.startsWith(`fatal: ${n}`))return t;return"UNKNOWN"}s(Ca,"Ys");var it=class extends U{static{s(this,"Qs")}constructor(t=""){let n=Ca(t);super(void 0,ir[n].solution?.replace("{message}",t)??t),this.reason=n}};function qa(e){return!!(e.exitCode&&e.stdErr.length)}s(qa,"Js");function ja(e){return Buffer.concat([...e.stdOut,...e.stdErr])}s(ja,"Zs");function Aa(e=!1,t=qa,n=ja){return(r,o)=>!e&&r||!t(o)?r:n(o)}s(Aa,"to");function Oa(e,t){return e===128&&t.startsWith("fatal:")?new it(t):new U(void 0,t)}s(Oa,"eo");function vn(e){return{type:"task.error",action(t,n){let r=e(t.error,{stdErr:n.stdErr,stdOut:n.stdOut,exitCode:n.exitCode});return Buffer.isBuffer(r)?{error:Oa(n.exitCode,r.toString("utf-8"))}:{error:r}}}}s(vn,"Mt");var Ie=V("","plugin:input");function Ua(e){return{type:"spawn.after",action(t,{commands:n,input:r,spawned:{stdin:o}}){if(!o)return;let i=e?.([...n])??r;if(!i)return Ie("generated zero length content, not writing to stdin");Ie("writing %s bytes to stdin",jo(i)),o.on("error",a=>{a.code!=="EPIPE"&&Ie("[ERROR] stdin error %o",a)}),o.end(i)}}}s(Ua,"no");var at=class{static{s(this,"ro")}constructor(){this.plugins=new Set,this.events=new So}on(t,n){this.events.on(t,n)}reconfigure(t,n){this.events.emit(t,n)}append(t,n){let r=L(this.plugins,{type:t,action:n});return()=>this.plugins.delete(r)}add(t){let n=[];return j(t).forEach(r=>{r&&this.plugins.add(L(n,r))}),()=>{n.forEach(r=>{this.plugins.delete(r)})}}exec(t,n,r){let o=n,i=Object.freeze(Object.create(r));for(let a of this.plugins)a.type===t&&(o=a.action(o,i));return o}};function La(e){let t="--progress",n=["checkout","clone","fetch","pull","push"];return[{type:"spawn.args",action(r,o){return n.includes(o.method)?qo(r,t):r}},{type:"spawn.after",action(r,o){o.commands.includes(t)&&o.spawned.stderr?.on("data",i=>{let a=/^([\s\S]+?):\s*(\d+)% \((\d+)\/(\d+)\)/.exec(i.toString("utf8"));a&&e({method:o.method,stage:Da(a[1]),progress:v(a[2]),processed:v(a[3]),total:v(a[4])})})}}]}s(La,"so");function Da(e){return String(e.toLowerCase().split(" ",1))||"unknown"}s(Da,"oo");function Fa(e){let t=Ao(e,["uid","gid"]);return{type:"spawn.options",action(n){return{...t,...n}}}}s(Fa,"io");function Ma(){return{type:"spawn.args",action(e){let t=[],n;function r(o){(n=n||[]).push(...o)}s(r,"r");for(let o=0;o<e.length;o++){let i=e[o];if(D(i)){r(Q(i));continue}if(i==="--"){r(e.slice(o+1).flatMap(a=>D(a)&&Q(a)||a));break}t.push(i)}return n?[...t,"--",...n.map(String)]:t}}}s(Ma,"ao");function Ia({block:e,stdErr:t=!0,stdOut:n=!0}){if(e>0)return{type:"spawn.after",action(r,o){let i;function a(){i&&clearTimeout(i),i=setTimeout(c,e)}s(a,"i");function l(){o.spawned.stdout?.off("data",a),o.spawned.stderr?.off("data",a),o.spawned.off("exit",l),o.spawned.off("close",l),i&&clearTimeout(i)}s(l,"a");function c(){l(),o.kill(new P(void 0,"timeout","block timeout reached"))}s(c,"c"),n&&o.spawned.stdout?.on("data",a),t&&o.spawned.stderr?.on("data",a),o.spawned.on("exit",l),o.spawned.on("close",l),a()}}}s(Ia,"uo");var wt=s((e,t)=>{let n=new at,r=Fo(e&&(typeof e=="string"?{baseDir:e}:e)||{},t);if(!En(r.baseDir))throw new Pe(r,"Cannot use simple-git on a directory that does not exist");return Array.isArray(r.config)&&n.add(Ea(r.config)),n.add(xa(r.unsafe)),n.add(Na(r.completion)),r.abort&&n.add(ba(r.abort)),r.progress&&n.add(La(r.progress)),r.timeout&&n.add(Ia(r.timeout)),r.spawnOptions&&n.add(Fa(r.spawnOptions)),n.add(Ma()),n.add(Ua(r.input)),n.add(vn(Aa(!0))),r.errors&&n.add(vn(r.errors)),Ra(n,r.binary,r.unsafe?.allowUnsafeCustomBinary),n.add(ka(r.allowEnvironment??[],r.unsafe?.allowAbbreviatedOptions)),new m(r,n)},"wo");var J=s(e=>/(^|\/)migrations\/[^/_~][^/]*\.py$/.test(e),"isMigrationFile"),Wa="this clone is shallow: fetch the full history (actions/checkout with `fetch-depth: 0`, or `git fetch --unshallow`)";function bt(e){if(!Pa(e))throw new O(`project directory ${e} does not exist`,{field:"project-dir"});return wt({baseDir:e})}s(bt,"gitFor");async function ar(e,t,n){if(!t||t.startsWith("-"))throw new O(`${n} must be a commit, got ${JSON.stringify(t)}`,{field:n});let r=await e.revparse(["--verify","--quiet",`${t}^{commit}`]).catch(()=>"");if(r)return r.trim();let i=(await e.revparse(["--is-shallow-repository"]).catch(()=>"false")).trim()==="true"?Wa:n==="base"?"was the history rewritten? fetch it, or pass --base (input `base`)":"fetch it first";throw new O(`the ${n} commit ${t} is not in this repository; ${i}`,{field:n})}s(ar,"commitOf");function Qa(e){let t=e.split("\0").filter(r=>r!==""),n=[];for(let r=0;r<t.length;){let o=t[r++],i=/^[RC]/.test(o)?2:1;n.push({status:o,paths:t.slice(r,r+i)}),r+=i}return n}s(Qa,"parseNameStatus");async function lr(e,t,n){let r=bt(e),o=await r.revparse(["--show-prefix"]).catch(()=>{throw new O(`${e} is not inside a git repository: the gate compares migrations between commits`,{field:"project-dir"})}),i=await ar(r,n,"candidate"),a={base:null,candidate:i,prefix:o.trim(),added:[],modified:[],deleted:[],renamed:[]};if(!t){let c=await r.raw(["ls-tree","-r","-z","--name-only",i]);return a.added=c.split("\0").filter(J),a}a.base=await ar(r,t,"base");let l=await r.raw(["diff","--name-status","-z","-M","--relative","--no-ext-diff",a.base,i]);for(let{status:c,paths:p}of Qa(l))Ka(a,c,p);return a}s(lr,"migrationChanges");function Ka(e,t,n){let[r,o]=n;if(t.startsWith("R")&&o){J(r)&&e.deleted.push(r),J(o)&&e.added.push(o),(J(r)||J(o))&&e.renamed.push({from:r,to:o});return}let i=o??r;J(i)&&(t==="A"||t.startsWith("C")?e.added.push(i):t==="D"?e.deleted.push(i):e.modified.push(i))}s(Ka,"sortChange");async function cr(e,t){if(!t.base)return[];let n=bt(e);return Promise.all(t.modified.map(async r=>({file:r,base:await n.show([`${t.base}:${t.prefix}${r}`])})))}s(cr,"baseSources");async function ur(e,t,n){let r=bt(e);if((await r.revparse(["HEAD"]).catch(()=>"")).trim()===t.candidate)return{dir:e,exported:!1};let o=await Ga(yt(Ha(),"runway-candidate-")),i=(await r.revparse(["--show-toplevel"])).trim(),a=wt({baseDir:i,allowEnvironment:["GIT_INDEX_FILE"]}).env({...n,GIT_INDEX_FILE:yt(o,".index")}),l=t.prefix?`${t.candidate}:${t.prefix}`:`${t.candidate}^{tree}`;return await a.raw(["read-tree",l]),await a.raw(["checkout-index","-a","-f",`--prefix=${o}/`]),await Ba(yt(o,".index"),{force:!0}),{dir:o,exported:!0}}s(ur,"candidateTree");var _t="*",fr="django-migration-linter's IgnoreMigration() in the operations",Ya=/#\s*runway:\s*allow\s+(.*)$/gim,za=/^((?:RW\d{3}[\w-]*[\s,]*)+)(?:[—–:-]+\s*(.*))?$/i;function kt(e){let t=new Map;for(let[,n]of e.matchAll(Ya)){let r=za.exec((n??"").trim());if(!r)continue;let o=r[2]?.trim()||"no reason given";for(let i of(r[1]??"").split(/[\s,]+/).filter(Boolean))t.set(X(i).toUpperCase(),o)}return t}s(kt,"acknowledgements");function Va(e,t,n,r){let o=X(e.rule.id),i=e.rule.category;if(e.level==="notice")return{resolution:"allowed",severity:"notice",note:""};if(e.level==="warning")return{resolution:"warned",severity:"warning",note:""};let a=r?.get(o.toUpperCase())??r?.get(_t);if(i==="broken")return Ja(e,o,n,a);let l=t.policy[i];if(l==="block")return{resolution:"blocked",severity:"error",note:`This environment blocks ${i} migrations.`};if(a)return{resolution:"acknowledged",severity:"notice",note:`Acknowledged in the migration: ${a}`};if(l==="allow")return{resolution:"allowed",severity:"notice",note:""};if(l==="warn")return{resolution:"warned",severity:"warning",note:""};let c=n.allow.find(p=>Ce(p,{rule:e.rule.id,category:i}));return c?{resolution:"approved",severity:"notice",note:`Approved by allow: ${c.trim()}.`}:n.labels.includes(t.approvalLabel)?{resolution:"approved",severity:"notice",note:`Approved by the pull request label ${t.approvalLabel}.`}:{resolution:"needs-approval",severity:"error",note:`Needs approval: add the label "${t.approvalLabel}" to the pull request, or allow ${o} (or ${i}).`}}s(Va,"verdict");function Ja(e,t,n,r){if(At.has(e.rule.id))return{resolution:"blocked",severity:"error",note:"Django cannot load or run this graph: it always blocks."};if(r)return{resolution:"acknowledged",severity:"notice",note:`Acknowledged in the file: ${r}`};let o=n.allow.find(i=>Ce(i,{rule:e.rule.id,category:"broken"}));return o?{resolution:"approved",severity:"notice",note:`Approved by allow: ${o.trim()}.`}:{resolution:"needs-approval",severity:"error",note:`Broken: fix it, or acknowledge it in ${e.file||"the file"} (# runway: allow ${t} \u2014 reason) or allow ${t} for this run.`}}s(Ja,"brokenVerdict");var dr={error:0,warning:1,notice:2};function pr(e,t,n,r,o){return e.map(a=>{let l=Va(a,t,n,r.get(a.file));return{rule:a.rule.id,category:a.rule.category,severity:l.severity,app:a.app,migration:a.migration,file:a.file?`${o}${a.file}`:"",line:a.line,message:l.note?`${a.message} ${l.note}`:a.message,resolution:l.resolution}}).map((a,l)=>({f:a,i:l})).sort((a,l)=>dr[a.f.severity]-dr[l.f.severity]||a.i-l.i).map(({f:a})=>a)}s(pr,"judge");var mr=s(e=>e.some(t=>t.severity==="error")?"block":"allow","decide");import{writeFile as Xa}from"node:fs/promises";import{join as Za}from"node:path";var gr=["require-timeout-settings","require-lock-timeout","require-statement-timeout","prefer-robust-stmts","prefer-bigint-over-int","prefer-bigint-over-smallint","prefer-identity","prefer-text-field","prefer-timestamp-tz","ban-char-field","ban-drop-not-null","transaction-nesting","identifier-too-long"],el={"ban-drop-column":d.dropColumn,"ban-drop-table":d.dropTable,"ban-drop-database":d.dropTable,"renaming-column":d.renameColumn,"renaming-table":d.renameTable,"adding-required-field":d.notNullWithoutDbDefault,"adding-not-nullable-field":d.setNotNull,"require-concurrent-index-creation":d.index,"require-concurrent-index-deletion":d.dropIndex,"adding-foreign-key-constraint":d.foreignKey,"disallowed-unique-constraint":d.unique,"constraint-missing-not-valid":d.check,"changing-column-type":d.typeChange,"adding-field-with-default":d.volatileDefault,"ban-concurrent-index-creation-in-transaction":d.concurrentInAtomic},tl=["random","clock_timestamp","timeofday","gen_random_uuid","uuid_generate_v1","uuid_generate_v1mc","uuid_generate_v4","nextval","txid_current","setseed"];function hr(e,t={}){let n=[...e.matchAll(/\b([A-Za-z_][A-Za-z0-9_]*)\s*\(/g)].map(r=>r[1].toLowerCase());return[...new Set(n)].filter(r=>t[r]?t[r]==="v":tl.includes(r))}s(hr,"volatileCalls");var nl=/\bADD\s+(?:CONSTRAINT\s+("[^"]+"|\S+)\s+)?(?:UNIQUE|PRIMARY\s+KEY)\b/i;function rl(e){let t=[],n=[],r=s((o,i)=>{for(let a of o.split(`
`))t.push(a),n.push(i)},"push");e.atomic&&r("BEGIN;",null);for(let[o,i]of e.statements.entries())r(i.sql,o);return e.atomic&&r("COMMIT;",null),{migration:e,text:`${t.join(`
`)}
`,owners:n}}s(rl,"sqlFile");async function wr(e,t,n,r){let o=e.filter(l=>l.statements.length>0).map(rl);if(o.length===0)return[];let i=o.map((l,c)=>Za(r.dir,`${c}.sql`));return await Promise.all(o.map((l,c)=>Xa(i[c],l.text))),(await ol(i,n,r)).flatMap(l=>{let c=o[i.indexOf(l.file)],p=c&&il(c,l)?al(c,l):void 0;return p&&cl(p,t)?[p]:[]})}s(wr,"sqlPass");async function ol(e,t,n){let r=t?["--pg-version",t]:[],o=[...n.squawk.args,"--reporter","json","--exclude",gr.join(","),...r,...e],i=await n.runner(n.squawk.command,o,{}).catch(a=>{throw new Error(`could not start squawk (${n.squawk.command}): ${a.message}`)});if(i.code!==0&&i.code!==1)throw new Error(`squawk failed (exit ${i.code}): ${i.stderr.trim()||i.stdout.trim()}`);try{return JSON.parse(i.stdout||"[]")}catch{throw new Error(`squawk printed no JSON report: ${i.stdout.slice(0,500)}`)}}s(ol,"runSquawk");var sl=s((e,t)=>{let n=e.owners[t.line]??null;return n===null?null:e.migration.statements[n]??null},"statementOf");function il(e,t){if(t.rule_name!=="adding-field-with-default")return!0;let n=sl(e,t);return n===null||hr(n.sql,e.migration.functions).length>0}s(il,"applies");function al(e,t){let n=e.migration,r=e.owners[t.line]??null,o=r===null?null:n.statements[r]?.unit??null,i=o===null?void 0:n.units[o],a=r===null?"":n.statements[r]?.sql??"",l=r===null?"":` in \`${ll(a)}\``,c={app:n.app,migration:n.name,file:n.file,line:i?.line??n.line,unit:i?.path};if(t.rule_name==="constraint-missing-not-valid"&&nl.test(a)){let G=`${i?.description??"SQL"}${l}: builds a unique index under a lock that blocks writes while it scans the table. NOT VALID does not exist for UNIQUE: build it with CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT \u2026 UNIQUE USING INDEX.`;return{rule:d.unique,...c,message:G}}let p=el[t.rule_name]??d.sqlLint,u=t.rule_name==="adding-field-with-default"?hr(a,n.functions):[],h=u.length?` It calls ${u.join(", ")}(), which is volatile (pg_proc.provolatile = 'v'), so every row is rewritten.`:"",w=t.help?` ${t.help}`:"",$=`${i?.description??"SQL"}${l}: ${t.message}${h}${w} (squawk: ${t.rule_name})`;return{rule:p,...c,message:$}}s(al,"toHit");var ll=s(e=>{let t=e.replace(/\s+/g," ").trim();return t.length>120?`${t.slice(0,117)}\u2026`:t},"oneLine");function cl(e,t){let n=e.unit===void 0?void 0:t.get(Ae({app:e.app,name:e.migration},e.unit));return n?.newTable&&(e.rule.category==="contract"||e.rule.category==="locking")||n?.defaultLater&&e.rule===d.notNullWithoutDbDefault?!1:!(n?.safeTypeChange&&e.rule===d.typeChange)}s(cl,"keep");async function vt(e,t){let n=performance.now(),r=pl(t.clock),o=await ul(br(fl(),"runway-gate-")),i=await Yt({python:e.python,cwd:e.projectDir,env:e.env},{runner:t.runner,scratch:o}),a;try{let l=await lr(e.projectDir,e.base,e.candidate);hl(t.logger,l);let c=r.lap();a=await ur(e.projectDir,l,e.env);let p=a.dir;c+=r.lap();let u=await t.logger.group("Django pass",()=>wl(e,l,p,i)),h=r.lap(),w={ms:0},$=await ml(e,t,l,u,o,w),G=pr($,e.policy,e.approvals,await _l(p,u,$),l.prefix),$t=r.lap(),Tt={start:n,git:c,...u.timings,squawk:w.ms,rules:$t-w.ms};t.logger.info(gl(Tt,h));let xr={django:u.django,postgres:u.postgres,gitMs:c,djangoMs:h,sqlMs:$t,pythonMaxRssKb:u.maxRssKb,parts:Tt};return{decision:mr(G),base:l.base,candidate:l.candidate,plan:kl(u,$,l.prefix),findings:G,leaves:u.leaves,stats:xr}}finally{i.cancel(),await yr(o,{recursive:!0,force:!0}),a?.exported&&await yr(a.dir,{recursive:!0,force:!0})}}s(vt,"analyseMigrations");function pl(e){let t=e.now().getTime();return{lap:s(()=>{let n=e.now().getTime(),r=n-t;return t=n,r},"lap")}}s(pl,"stopwatch");async function ml(e,t,n,r,o,i){let{hits:a,context:l}=Ht(r.plan),c={runner:t.runner,squawk:t.squawk,dir:o},p=performance.now(),u=e.sql!==!1&&r.postgres?await t.logger.group("SQL pass (squawk)",()=>wr(r.plan,l,r.postgres,c)):[];i.ms=performance.now()-p,yl(t.logger,r);let h=new Set(r.plan.map(w=>`${w.app}.${w.name}`));return bl(Ft([...Lt(r,h),...Dt(r),...Ut(n,r),...a,...u]))}s(ml,"findHits");function gl(e,t){return`gate timings (ms): ${Object.entries(e).map(([r,o])=>`${r} ${Math.round(o)}`).join(", ")}; django pass ${Math.round(t)}`}s(gl,"timingLine");function hl(e,t){let n=t.base?t.base.slice(0,12):"nothing live: every migration is new",r=["added","modified","deleted"].map(o=>`${t[o].length} ${o}`).join(", ");e.info(`base ${n} \u2192 candidate ${t.candidate.slice(0,12)}: ${r} migration files`)}s(hl,"logChanges");async function wl(e,t,n,r){let o={dir:n,prefix:t.prefix,python:e.python,settings:e.settings,env:e.env,databaseUrl:e.databaseUrl,sql:e.sql!==!1,newFiles:t.base?t.added:null,deletedFiles:t.deleted,modified:await cr(e.projectDir,t)};return zt(o,r)}s(wl,"runDjango");function yl(e,t){t.missingError&&e.warn(`could not check for missing migrations: ${t.missingError}`);for(let n of t.plan){n.sqlError&&e.warn(`${n.app}.${n.name}: SQL not collected: ${n.sqlError}`);for(let r of n.units)r.sqlError&&!/Concurrently$/.test(r.type)&&e.warn(`${n.app}.${n.name}: no SQL for "${r.description}": ${r.sqlError}`)}}s(yl,"reportGaps");function bl(e){let t=s(r=>`${r.app}.${r.migration}#${r.unit}`,"at"),n=new Set(e.filter(r=>r.rule===d.foreignKey||r.rule===d.unique).map(t));return e.filter(r=>!(r.rule===d.check&&n.has(t(r))))}s(bl,"withoutOverlaps");async function _l(e,t,n){let r=[...new Set([...t.plan.map(a=>a.file),...n.map(a=>a.file)])].filter(Boolean),o=await Promise.all(r.map(async a=>[a,kt(await dl(br(e,a),"utf8").catch(()=>""))])),i=new Map(o);for(let a of t.plan)a.units.some(l=>l.type==="IgnoreMigration"&&l.module.startsWith("django_migration_linter"))&&i.get(a.file)?.set(_t,fr);return i}s(_l,"readAcknowledgements");function kl(e,t,n){return e.plan.map(r=>{let o=new Set(t.filter(i=>i.app===r.app&&i.migration===r.name).map(i=>i.rule.category));return{app:r.app,name:r.name,file:`${n}${r.file}`,reversible:r.units.every(i=>i.reversible),categories:[...o].sort()}})}s(kl,"planEntries");var _r="docs/migration-rules.md",Ne=s(e=>e?e.slice(0,12):"none (nothing live)","short");function xt(e){let{decision:t,base:n,candidate:r,plan:o,findings:i}=e;return{decision:t,base:n,candidate:r,plan:o,findings:i}}s(xt,"reportJson");function Et(e,t){for(let n of e){let r=`${n.rule} (${n.category}) ${n.app}.${n.migration}: ${n.message}`,o=n.file?{file:n.file,line:n.line,field:n.rule}:void 0;n.severity==="error"?t.error(r,o):n.severity==="warning"?t.warn(r,o):t.info(`${n.file}:${n.line}: ${r}`)}}s(Et,"announceFindings");function Se(e,t){let n=s(a=>e.findings.filter(l=>l.severity===a).length,"count"),r=e.findings.filter(a=>a.severity==="error").map(a=>`${a.rule.split("-")[0]} ${a.app}.${a.migration}`),o=`migration gate for ${t}: ${e.decision}, ${e.plan.length} new migration(s)`,i=`${n("error")} blocking, ${n("warning")} warning(s), ${n("notice")} notice(s)`;return`${o}; ${i}${r.length?` (${[...new Set(r)].join(", ")})`:""}`}s(Se,"oneLine");function Nt(e,t){let n=[Se(e,t),`base ${Ne(e.base)} \u2192 candidate ${Ne(e.candidate)}`,""];n.push(e.plan.length?"plan:":"plan: no new migrations");for(let r of e.plan)n.push(`  ${r.app}.${r.name}  ${r.file}${r.reversible?"":"  (irreversible)"}`);e.findings.length&&n.push("","findings:");for(let r of e.findings)n.push(`  ${r.severity.padEnd(7)} ${r.rule}  ${r.file}:${r.line}  [${r.resolution}]`,`          ${r.message}`);return n.push("",`rules: ${_r}`),n.join(`
`)}s(Nt,"renderText");function St(e,t){let n=e.decision==="allow"?"\u2705 allow":"\u26D4 block",r=e.plan.map(i=>[I(`${i.app}.${i.name}`),I(i.file),i.reversible?"yes":"**no**",i.categories.join(", ")]),o=e.findings.map(i=>[i.severity,I(i.rule),i.category,I(`${i.app}.${i.migration}`),I(`${i.file}:${i.line}`),i.resolution,i.message]);return[`## Migration gate: ${jt(t)} \u2014 ${n}`,"",`Base ${I(Ne(e.base))} \u2192 candidate ${I(Ne(e.candidate))}. Rules and their safe patterns: ${I(_r)}.`,"",e.plan.length?Re(["migration","file","reversible","categories"],r):"No new migrations.","",e.findings.length?Re(["severity","rule","category","migration","where","resolution","message"],o):"No findings.",""].join(`
`)}s(St,"renderMarkdown");import{spawn as vl}from"node:child_process";function kr(e,t,n={}){let{input:r,...o}=n;return new Promise((i,a)=>{let l=vl(e,t,{...o,stdio:[r?"pipe":"ignore","pipe","pipe"]});if(r&&l.stdin){let u=l.stdin;u.on("error",()=>{}),r.then(h=>u.end(h),()=>l.kill())}let c="",p="";l.stdout?.on("data",u=>{c+=u.toString()}),l.stderr?.on("data",u=>{p+=u.toString()}),l.on("error",a),l.on("close",u=>i({code:u,stdout:c,stderr:p}))})}s(kr,"run");function ou(e,t=30){return e.trimEnd().split(`
`).slice(-t).join(`
`)}s(ou,"tail");var Nl="2.61.0",Sl={policy:{expand:"allow",contract:"warn",locking:"warn",irreversible:"warn"},approvalLabel:"runway/allow-migrations"},mu=s(e=>e.split(/[\s,]+/).filter(Boolean),"splitList"),$l=s(e=>e.migrations?{policy:e.migrations.policy,approvalLabel:e.migrations.approvalLabel}:Sl,"gatePolicy");async function Tl(e,t,n){let r=n.env.DATABASE_URL||void 0;return r&&Cl(r,n),vt({projectDir:t.projectDir,candidate:t.candidate,base:t.base,policy:$l(e),approvals:{allow:t.allow,labels:await ql(n,t.candidate,t.pullRequest)},python:t.python||n.env.RUNWAY_PYTHON||"python3",settings:t.settings,env:n.env,databaseUrl:r,sql:t.sql},{logger:n.logger,clock:n.clock,runner:kr,squawk:jl(n.env)})}s(Tl,"analyseFor");async function gu(e,t){let n=e.root??".",r=await Ct(vr(n,e.configDir),e.environment,{root:e.root}),o=e.base??await qt(`read the release live in ${r.name}`,()=>Rl(r,t)),i=await Tl(r,{...e,projectDir:vr(n,e.projectDir),base:o},t);Et(i.findings,t.logger);let a=Se(i,r.name);return{outputs:{decision:i.decision,findings:JSON.stringify(i.findings),summary:a},summary:e.summaryStyle==="text"?Nt(i,r.name):St(i,r.name),json:{...xt(i),message:a},exitCode:i.decision==="block"?1:0}}s(gu,"migrationsCheckCommand");async function Rl(e,t){let{liveCommit:n}=await import("./base-ASFTCHZ7.js"),r=await n(e,{clients:t.clients(),clock:t.clock,logger:t.logger});return t.logger.info(r?`base: ${r.slice(0,12)}, live in ${e.name}`:`base: nothing is live in ${e.name}, so every migration is new`),r}s(Rl,"ledgerBase");function Cl(e,t){t.logger.secret(e);try{t.logger.secret(decodeURIComponent(new URL(e).password))}catch{}}s(Cl,"maskDatabaseUrl");async function ql(e,t,n){if(!e.github)return[];let{githubFor:r}=await import("./github-hooks-HOSE2CBT.js"),o=r(e);if(!o)return[];let{octokit:i,owner:a,repo:l}=o;try{if(n)return(await i.rest.issues.listLabelsOnIssue({owner:a,repo:l,issue_number:n,per_page:100})).data.map(h=>h.name);let c=(await i.rest.repos.listPullRequestsAssociatedWithCommit({owner:a,repo:l,commit_sha:t})).data;return((c.find(u=>u.merge_commit_sha===t&&u.merged_at)??c.find(u=>u.state==="open")??c[0])?.labels??[]).map(u=>u.name)}catch(c){return e.logger.warn(`could not read the pull request's labels, so none approves: ${c.message}`),[]}}s(ql,"pullRequestLabels");function jl(e,t=process.cwd()){if(e.RUNWAY_SQUAWK)return{command:e.RUNWAY_SQUAWK,args:[]};let n=`@squawk-cli/${process.platform}-${process.arch}/bin/squawk${process.platform==="win32"?".exe":""}`;for(let r of[import.meta.url,El(`${t}/`).href])try{return{command:xl(r).resolve(n),args:[]}}catch{}return{command:"npx",args:["--yes",`squawk-cli@${Nl}`]}}s(jl,"squawkCommand");export{wt as a,Et as b,Se as c,kr as d,ou as e,mu as f,Tl as g,gu as h};
