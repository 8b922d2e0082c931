import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../src/local/ports.js";
import { type LocalPostgres, startPostgres } from "../../src/local/postgres.js";
import { ensureVenv, type Venv } from "../../src/local/python.js";
import { run } from "../../src/local/run.js";

const app = fileURLToPath(new URL("../fixtures/django-app/", import.meta.url));

describe("Django fixture on a local PostgreSQL", () => {
  let venv: Venv;
  let pg: LocalPostgres | undefined;
  let gunicorn: ChildProcess | undefined;

  // Keeps the fixture free of __pycache__ and independent of the caller's env.
  const pythonEnv = (extra: Record<string, string>) => {
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    return { ...inherited, PYTHONDONTWRITEBYTECODE: "1", ...extra };
  };

  const python = async (args: string[], env: Record<string, string>) => {
    const result = await run(venv.python, args, {
      cwd: app,
      env: pythonEnv(env),
    });
    expect(result.code, result.stderr).toBe(0);
    return result.stdout;
  };

  beforeAll(async () => {
    // The first run on a machine installs Django & co. into the cache.
    venv = await ensureVenv({
      requirementsFile: join(app, "requirements.txt"),
    });
    pg = await startPostgres();
  }, 300_000);

  afterAll(async () => {
    if (gunicorn) await stopProcess(gunicorn);
    await pg?.stop();
  }, 30_000);

  it("migrates through DATABASE_URL", async () => {
    if (!pg) throw new Error("postgres did not start");
    await python(["manage.py", "migrate", "--noinput"], {
      DATABASE_URL: pg.url,
    });
    const applied = await python(
      ["-c", "import psycopg; print(psycopg.connect().execute(\"select app || '.' || name from django_migrations\").fetchall())"],
      pg.env,
    );
    expect(applied).toContain("shop.0001_initial");
  }, 60_000);

  it("serves /healthz and / under gunicorn, configured through PG* vars", async () => {
    if (!pg) throw new Error("postgres did not start");
    await python(
      [
        "-c",
        "import psycopg; c = psycopg.connect(); c.execute(\"insert into shop_product (name, price_cents) values ('tea', 300)\"); c.commit()",
      ],
      pg.env,
    );
    const port = await freePort();
    gunicorn = spawn(join(venv.binDir, "gunicorn"), ["config.wsgi", "--bind", `127.0.0.1:${port}`, "--workers", "1"], {
      cwd: app,
      env: pythonEnv({ ...pg.env, PORT: String(port), RELEASE: "r-42" }),
      stdio: "ignore",
    });
    const base = `http://127.0.0.1:${port}`;
    const health = await waitForHttp(`${base}/healthz`, 20_000);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe("ok");

    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    expect(await index.json()).toEqual({ products: 1, release: "r-42" });
  }, 60_000);
});

async function waitForHttp(url: string, timeoutMs: number): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fetch(url);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
