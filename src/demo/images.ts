// Publishing an image for the emulator: a git worktree of the release's commit, served by
// gunicorn from the demo's virtualenv. The migration job runs the same image with its own
// command (`python manage.py migrate`), so the release's own migrations are applied.
import { join } from "node:path";
import type { Emulator } from "../emulator/index.js";
import { imageFor, type Stage } from "./stage.js";

/** `errorRatio`: the share of its requests the image answers 500 (the emulator's catalog), for a release that is bad only under load. */
export async function publish(stage: Stage, emulator: Emulator, commit: string, options: { errorRatio?: number } = {}): Promise<string> {
  const dir = join(stage.temp, "images", commit.slice(0, 12));
  await stage.repo.git.raw(["worktree", "add", "--detach", dir, commit]);
  const image = imageFor(commit);
  const spec = {
    image,
    // A fixed argv (no user input): the shell only expands $PORT, which the runtime sets.
    command: ["/bin/sh", "-c", `exec "${stage.venv.binDir}/gunicorn" --bind "127.0.0.1:$PORT" --workers 1 config.wsgi`],
    cwd: dir,
    env: { PATH: `${stage.venv.binDir}:${process.env.PATH ?? ""}`, PYTHONDONTWRITEBYTECODE: "1", ...stage.pg.env },
    ...(options.errorRatio ? { errorRatio: options.errorRatio } : {}),
  };
  const response = await fetch(`${emulator.http}/_emulator/images`, { method: "POST", body: JSON.stringify(spec) });
  if (!response.ok) throw new Error(`registering ${image} failed: ${await response.text()}`);
  return image;
}
