import { explain, formatExplain, type ExplainSource, type Verdict } from '../constructs/explain/index.js';
import { load } from './yaml-loader.js';
import { UsageError, type Output } from './commands.js';
import { parseCommandArgs } from './parse-command-args.js';

const HELP = `Usage: dog-app-mesh explain <file|dir|->... --from <ingress|outside|NAMESPACE/SERVICEACCOUNT> [-H 'name: value']... METHOD PATH-OR-URL

Follows one request through Kubernetes, Istio and Gateway API YAML without a cluster, the way
'istioctl x describe' and 'istioctl x authz check' would show it on one: the Gateway server that
accepts it, the route rule, each destination with its weight and subset, the DestinationRule policy,
timeout and retries, the PeerAuthentication mode, the AuthorizationPolicy decision and the pods and
container port that receive it; or the first step where it fails. The first line is the verdict.

Sources:
  --from ingress              a client outside the cluster, through the ingress gateway
  --from outside              a client outside the cluster, straight to a LoadBalancer Service
  --from NAMESPACE/SA         a pod running as service account SA in NAMESPACE (in the mesh,
                              unless its workload is among the files and runs without a proxy)

Options:
  -H, --header <'name: value'>  a request header; repeatable ('host: ...' sets the host)
  -o, --output <text|json>      output format (default: text)
  -n, --namespace <name>        namespace of objects that set none (default: default)
  -h, --help                    show this help

PATH-OR-URL is a path with its query (/api/image?breed=hound) or a URL (http://dogs.example.com/).
A host <workload>.<namespace>.pod addresses that workload's pods directly, as Prometheus does.

Exit status: 0 allowed, 1 denied or failed, 3 unknown (something on the path is not modelled),
2 for bad arguments or unreadable input. See docs/explain.md for what is modelled.`;

/** Exit status per verdict. */
export const EXIT_CODES: Record<Verdict, number> = { allowed: 0, denied: 1, failed: 1, unknown: 3 };

function sourceOf(value: string | undefined): ExplainSource {
  if (value === undefined) throw new UsageError("--from is required: ingress, outside or NAMESPACE/SERVICEACCOUNT (see --help)");
  if (value === 'ingress' || value === 'outside') return { kind: value };
  const m = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/([a-z0-9]([-.a-z0-9]*[a-z0-9])?)$/.exec(value);
  if (!m) throw new UsageError(`--from must be ingress, outside or NAMESPACE/SERVICEACCOUNT, got '${value}'`);
  return { kind: 'workload', namespace: m[1], serviceAccount: m[3] };
}

function headersOf(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of values) {
    const colon = h.indexOf(':');
    if (colon <= 0) throw new UsageError(`-H takes 'name: value', got '${h}'`);
    out[h.slice(0, colon).trim().toLowerCase()] = h.slice(colon + 1).trim();
  }
  return out;
}

/** Runs `dog-app-mesh explain` with its arguments; resolves to the exit code. */
export async function explainCommand(args: string[], stdout: Output): Promise<number> {
  const { values, positionals } = parseCommandArgs('explain', args, {
    from: { type: 'string' },
    header: { type: 'string', short: 'H', multiple: true },
    output: { type: 'string', short: 'o' },
    namespace: { type: 'string', short: 'n' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    stdout.write(`${HELP}\n`);
    return 0;
  }
  const output = values.output ?? 'text';
  if (output !== 'text' && output !== 'json') throw new UsageError(`--output must be text or json, got '${output}'`);
  const source = sourceOf(values.from);
  const headers = headersOf(values.header ?? []);
  if (positionals.length < 3) throw new UsageError('expected files or folders, then METHOD and PATH-OR-URL, e.g. dog-app-mesh explain dist --from ingress GET /');
  const [method, target] = positionals.slice(-2);
  if (!/^[A-Za-z]+$/.test(method)) throw new UsageError(`METHOD must be an HTTP method such as GET, got '${method}'`);
  if (!target.startsWith('/') && !/^https?:\/\//i.test(target)) throw new UsageError(`PATH-OR-URL must start with '/' or http(s)://, got '${target}'`);
  const loaded = await load(positionals.slice(0, -2));
  const result = explain(loaded.objects, { source, method, target, headers }, { defaultNamespace: values.namespace });
  stdout.write(output === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatExplain(result));
  return EXIT_CODES[result.verdict];
}
