import { ALL_CHECKS } from '../constructs/analysis/checks/index.js';
import { runAnalysis } from '../constructs/analysis/engine.js';
import { countBySeverity, formatText, reachesThreshold } from '../constructs/analysis/format.js';
import { parseSuppression } from '../constructs/analysis/suppress.js';
import { SEVERITIES, type Severity, type Suppression } from '../constructs/analysis/types.js';
import { UsageError, type Output } from './commands.js';
import { parseCommandArgs } from './parse-command-args.js';
import { load } from './yaml-loader.js';

export { load, parseFile, type Loaded } from './yaml-loader.js';

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
  const { values, positionals } = parseCommandArgs('analyze', args, {
    output: { type: 'string', short: 'o' },
    'failure-threshold': { type: 'string' },
    suppress: { type: 'string', short: 'S', multiple: true },
    namespace: { type: 'string', short: 'n' },
    'list-codes': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
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
