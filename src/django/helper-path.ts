// Where Runway's Django helper, runway_django.py, is at run time. It is a real Python file: the
// build copies it from src/django/ to dist/django/, next to the bundles. The code asking runs from
// one directory below either root (dist/<action>/index.js, a shared dist/chunks/*.js, or this file
// in src/django/ under vitest and tsx), so ../django/ from the running module is the helper's
// directory in every layout: dist/django/ from the bundles, src/django/ from the sources.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const DJANGO_HELPER_FILE = "runway_django.py";

/** The helper's absolute path; `from` is the running module's URL (tests pass another). */
export function djangoHelperPath(from: string = import.meta.url): string {
  const path = fileURLToPath(new URL(`../django/${DJANGO_HELPER_FILE}`, from));
  if (!existsSync(path)) {
    throw new Error(
      `Runway's Django helper is missing: ${path} (the build copies src/django/${DJANGO_HELPER_FILE} to dist/django/; run \`npm run build\`)`,
    );
  }
  return path;
}
