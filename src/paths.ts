import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + start);
    dir = parent;
  }
  return dir;
}

/** The project folder (holds views/ and public/), found the same way from src/ and from the build. */
export const ROOT_DIR = findRoot(path.dirname(fileURLToPath(import.meta.url)));
/** The product's templates. */
export const VIEWS_DIR = path.join(ROOT_DIR, 'views');
/** The stylesheet and images served under /static. */
export const PUBLIC_DIR = path.join(ROOT_DIR, 'public');
