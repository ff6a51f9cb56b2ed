// The floor of any YAML-reading analyzer: read the same files as `dog-app-mesh analyze` (folders searched for
// *.yaml and *.yml) and parse every document with js-yaml's loadAll, nothing else. Prints the document count.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { loadAll } from 'js-yaml';

function files(path) {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? files(join(path, e.name)) : /\.ya?ml$/i.test(e.name) ? [join(path, e.name)] : []));
}

let documents = 0;
for (const path of process.argv.slice(2)) {
  for (const file of files(path)) documents += loadAll(readFileSync(file, 'utf8')).filter((d) => d !== null && d !== undefined).length;
}
process.stdout.write(`${documents}\n`);
