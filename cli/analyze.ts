import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LineCounter, parseAllDocuments, isMap, isSeq, type Document, type Tags } from 'yaml';
import { ALL_CHECKS } from '../constructs/analysis/checks/index.js';
import { runAnalysis } from '../constructs/analysis/engine.js';
import { countBySeverity, formatText, reachesThreshold } from '../constructs/analysis/format.js';
import { parseSuppression } from '../constructs/analysis/suppress.js';
import { SEVERITIES, type FieldPath, type ObjectSource, type Severity, type Suppression } from '../constructs/analysis/types.js';
import { UsageError } from './commands.js';

const HELP = `Usage: dog-app-mesh analyze <file|dir|-> ... [options]

Analyzes Kubernetes, Istio and Gateway API YAML for mesh misconfiguration without a cluster,
like 'istioctl analyze --use-kube=false'. Directories are searched recursively for *.yaml and
*.yml files (hidden folders and node_modules are skipped); '-' reads standard input.

Options:
  -o, --output <text|json>          output format (default: text)
      --failure-threshold <level>   exit 1 when a finding is at least this severe:
                                    Error, Warning or Info (default: Error)
  -S, --suppress <CODE=Kind/name>   drop a code for matching objects; repeatable. Also
                                    CODE=Kind/namespace/name, CODE alone, and '*' globs
  -n, --namespace <name>            namespace of objects that set none (default: default)
      --list-codes                  list every code with its severity and exit
  -h, --help                        show this help

Exit status: 0 when nothing reaches the threshold, 1 when something does,
2 for bad arguments or unreadable or malformed input.
See docs/analysis.md for each code, an example and the fix.`;

/** Where the command writes; the CLI passes the process streams. */
export interface Output {
  write(text: string): void;
}

/** Objects read from YAML, where each came from, and how many files were read. */
export interface Loaded {
  readonly objects: unknown[];
  readonly sources: Map<object, ObjectSource>;
  readonly files: number;
}

const YAML_FILE = /\.ya?ml$/i;

async function findFiles(path: string): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    throw new UsageError(`cannot read '${path}': ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`);
  }
  if (!info.isDirectory()) return [path];
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && e.name !== 'node_modules') await walk(join(dir, e.name));
      } else if (YAML_FILE.test(e.name)) {
        out.push(join(dir, e.name));
      }
    }
  };
  await walk(path);
  if (out.length === 0) throw new UsageError(`no .yaml or .yml files under '${path}'`);
  return out;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** YAML 1.1 as kubectl reads it (yes/no/on/off are booleans), without the timestamp and base-60 types it does not use. */
const kubectlTags = (tags: Tags): Tags => tags.filter((t) => !(typeof t === 'object' && (t.tag === 'tag:yaml.org,2002:timestamp' || t.format === 'TIME')));

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}

function kubernetesProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `is ${describe(value)}, not a Kubernetes object (a mapping with apiVersion and kind)`;
  const o = value as Record<string, unknown>;
  const missing = ['apiVersion', 'kind'].filter((k) => typeof o[k] !== 'string' || o[k] === '');
  return missing.length ? `has no ${missing.join(' or ')}: not a Kubernetes object` : undefined;
}

/** Parses one file's documents into objects, recording where each came from; problems are collected, not thrown. */
function parseFile(text: string, file: string, loaded: Loaded, problems: string[]): void {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { version: '1.1', customTags: kubectlTags, lineCounter, uniqueKeys: true });
  if (!Array.isArray(docs)) {
    problems.push(`${file}: not YAML`);
    return;
  }
  const lineAt = (offset: number | undefined): number | undefined => (offset === undefined ? undefined : lineCounter.linePos(offset).line);
  docs.forEach((doc: Document.Parsed, n) => {
    const where = (offset: number | undefined): string => `${file}:${lineAt(offset) ?? 1}`;
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        const message = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
        problems.push(`${file}:${e.linePos?.[0].line ?? '?'}:${e.linePos?.[0].col ?? '?'}: ${message}`);
      }
      return;
    }
    if (doc.contents === null) return;
    const value: unknown = doc.toJS({ maxAliasCount: 1000 });
    if (value === null || value === undefined) return;
    const problem = kubernetesProblem(value);
    if (problem) {
      problems.push(`${where(doc.contents.range[0])}: document ${n + 1} ${problem}`);
      return;
    }
    const source = (prefix: FieldPath, offset: number): ObjectSource => ({
      file,
      line: lineAt(offset),
      lineOf: (field) => {
        const node = doc.getIn([...prefix, ...field], true) as { range?: [number, number, number] } | undefined;
        return lineAt(node?.range?.[0]);
      },
    });
    const object = value as Record<string, unknown>;
    const items = object.items;
    const kind = object.kind as string;
    if (kind.endsWith('List') && Array.isArray(items)) {
      const seq = isMap(doc.contents) ? doc.contents.get('items', true) : undefined;
      items.forEach((item, i) => {
        const node = isSeq(seq) ? (seq.items[i] as { range?: [number, number, number] } | undefined) : undefined;
        const offset = node?.range?.[0] ?? doc.contents!.range[0];
        const itemProblem = kubernetesProblem(item);
        if (itemProblem) problems.push(`${where(offset)}: item ${i + 1} of the ${kind} in document ${n + 1} ${itemProblem}`);
        else {
          loaded.objects.push(item);
          loaded.sources.set(item as object, source(['items', i], offset));
        }
      });
      return;
    }
    loaded.objects.push(object);
    loaded.sources.set(object, source([], doc.contents.range[0]));
  });
}

/** Reads YAML files, folders or `-` into objects with the file and line each came from; throws a UsageError listing malformed input. */
export async function load(paths: readonly string[]): Promise<Loaded> {
  const loaded: Loaded = { objects: [], sources: new Map(), files: 0 };
  const problems: string[] = [];
  for (const path of paths) {
    const files = path === '-' ? ['-'] : await findFiles(path);
    for (const file of files) {
      let text: string;
      try {
        text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
      } catch (err) {
        throw new UsageError(`cannot read '${file}': ${(err as Error).message}`);
      }
      (loaded as { files: number }).files++;
      parseFile(text, file === '-' ? '<stdin>' : file, loaded, problems);
    }
  }
  if (problems.length > 0) throw new UsageError(`malformed input:\n  ${problems.join('\n  ')}`);
  return loaded;
}

function listCodes(): string {
  const byCode = new Map<string, string[]>();
  for (const c of ALL_CHECKS) {
    const row = byCode.get(c.code);
    if (row) row[3] += ` ${c.description}`;
    else byCode.set(c.code, [c.code, c.severity, c.title, c.description]);
  }
  const rows = [...byCode.values()];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  const w2 = Math.max(...rows.map((r) => r[2].length));
  return `${rows.map((r) => `${r[0].padEnd(w0)}  ${r[1].padEnd(w1)}  ${r[2].padEnd(w2)}  ${r[3]}`).join('\n')}\n`;
}

function severityOption(value: string | undefined, option: string): Severity {
  if (value === undefined) return 'Error';
  const match = SEVERITIES.find((s) => s.toLowerCase() === value.toLowerCase());
  if (!match) throw new UsageError(`${option} must be one of ${SEVERITIES.join(', ')}, got '${value}'`);
  return match;
}

/** Runs `dog-app-mesh analyze` with its arguments; resolves to the exit code. */
export async function analyzeCommand(args: string[], stdout: Output): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        output: { type: 'string', short: 'o' },
        'failure-threshold': { type: 'string' },
        suppress: { type: 'string', short: 'S', multiple: true },
        namespace: { type: 'string', short: 'n' },
        'list-codes': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    const e = err as Error & { code?: string };
    const option = /'([^']+)'/.exec(e.message)?.[1];
    const message = e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option ? `unknown option '${option}'` : e.message.split('\n')[0];
    throw new UsageError(`${message}. Run 'dog-app-mesh analyze --help' for the options.`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    stdout.write(`${HELP}\n`);
    return 0;
  }
  if (values['list-codes']) {
    stdout.write(listCodes());
    return 0;
  }
  const output = values.output ?? 'text';
  if (output !== 'text' && output !== 'json') throw new UsageError(`--output must be text or json, got '${output}'`);
  const threshold = severityOption(values['failure-threshold'], '--failure-threshold');
  let suppress: Suppression[];
  try {
    suppress = (values.suppress ?? []).map(parseSuppression);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (positionals.length === 0) throw new UsageError("no files or folders to analyze. Usage: dog-app-mesh analyze <file|dir|-> ... (see --help)");

  const loaded = await load(positionals);
  const report = runAnalysis(loaded.objects, { sources: loaded.sources, suppress, defaultNamespace: values.namespace });
  const failed = reachesThreshold(report.findings, threshold);
  if (output === 'json') {
    const counts = countBySeverity(report.findings);
    const summary = {
      objects: report.objects,
      files: loaded.files,
      errors: counts.Error,
      warnings: counts.Warning,
      info: counts.Info,
      suppressed: report.suppressed.length,
      failureThreshold: threshold,
      failed,
    };
    stdout.write(`${JSON.stringify({ summary, findings: report.findings }, null, 2)}\n`);
  } else {
    stdout.write(formatText(report.findings, { objects: report.objects, files: loaded.files, suppressed: report.suppressed.length }));
  }
  return failed ? 1 : 0;
}

export function run(args: string[]): Promise<number> {
  return analyzeCommand(args, process.stdout);
}
