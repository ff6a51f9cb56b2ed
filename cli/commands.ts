/** A subcommand of the `dog-app-mesh` CLI. Each one is loaded only when it is invoked. */
export interface Command {
  /** One line shown in `dog-app-mesh --help`. */
  readonly summary: string;
  /** Runs the command with the arguments after its name; resolves to the process exit code. */
  load(): Promise<{ run(args: string[]): Promise<number> }>;
}

/** Thrown by a command for bad arguments; the CLI prints the message and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const commands: Record<string, Command> = {
  analyze: {
    summary: 'find Istio misconfiguration in YAML files or folders, without a cluster',
    load: () => import('./analyze.js'),
  },
  explain: {
    summary: 'follow one request through the manifests: gateway, route, policies, pods (offline)',
    load: () => import('./explain.js'),
  },
};
