/** Where a command writes; the CLI passes the process streams. */
export interface Output {
  write(text: string): void;
}

/** A subcommand of the `dog-app-mesh` CLI. Each one is loaded only when it is invoked. */
export interface Command {
  /** One line shown in `dog-app-mesh --help`. */
  readonly summary: string;
  /** Loads the command: a function that runs it with the arguments after its name and resolves to the process exit code. */
  load(): Promise<(args: string[], stdout: Output) => Promise<number>>;
}

/** Thrown by a command for bad arguments; the CLI prints the message and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const commands: Record<string, Command> = {
  analyze: {
    summary: 'find Istio misconfiguration in YAML files or folders, without a cluster',
    load: async () => (await import('./analyze.js')).analyzeCommand,
  },
  explain: {
    summary: 'follow one request through the manifests: gateway, route, policies, pods (offline)',
    load: async () => (await import('./explain.js')).explainCommand,
  },
};
