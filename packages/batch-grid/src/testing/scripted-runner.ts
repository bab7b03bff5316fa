import {
  CommandNotFoundError,
  type CommandOptions,
  type CommandResult,
  type CommandRunner,
} from '../command-runner.js';

/** A canned answer, or a function computing one from the command line and stdin. */
export type ScriptedResponse =
  | Partial<CommandResult>
  | ((argv: readonly string[], input: string | undefined) => Partial<CommandResult> | Promise<Partial<CommandResult>>);

/**
 * A CommandRunner that answers from scripts instead of running anything: for unit tests that replay a scheduler's
 * documented output formats (including its errors and odd states). Commands with no script are "not installed".
 */
export class ScriptedRunner implements CommandRunner {
  /** Every command run, in order. */
  readonly calls: { argv: string[]; input?: string }[] = [];
  private readonly once = new Map<string, ScriptedResponse[]>();
  private readonly always = new Map<string, ScriptedResponse>();

  /** Answer every run of `command` (argv[0]) with `response`, after any queued one-shot answers. */
  on(command: string, response: ScriptedResponse): this {
    this.always.set(command, response);
    return this;
  }

  /** Answer the next runs of `command` with these responses, one each, before falling back to `on`. */
  queue(command: string, ...responses: ScriptedResponse[]): this {
    this.once.set(command, [...(this.once.get(command) ?? []), ...responses]);
    return this;
  }

  /** The commands run so far whose argv[0] is `command`. */
  callsOf(command: string): { argv: string[]; input?: string }[] {
    return this.calls.filter((c) => c.argv[0] === command);
  }

  async run(argv: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
    this.calls.push({ argv: [...argv], input: options.input });
    const response = this.once.get(argv[0])?.shift() ?? this.always.get(argv[0]);
    if (!response) throw new CommandNotFoundError(argv[0]);
    const result = typeof response === 'function' ? await response(argv, options.input) : response;
    return { exitCode: 0, stdout: '', stderr: '', ...result };
  }
}
