import { ScriptedRunner } from '../testing/scripted-runner.js';

/** One job of the fake queue. */
export interface FakeJob {
  id: string;
  state: 'Q' | 'R' | 'E';
  exit: number;
  script: string;
  argv: string[];
}

/**
 * The toy scheduler's queue state behind a ScriptedRunner: `tsub` adds a job, `tstat` lists the jobs it is asked
 * about, `tdel` removes them. Tests move jobs between states and break commands to simulate outages.
 */
export class FakeQueue {
  readonly runner = new ScriptedRunner();
  readonly jobs = new Map<string, FakeJob>();
  private next = 100;

  constructor() {
    this.runner.on('tsub', (argv, input) => {
      const id = String(this.next++);
      const tasks = argv[1] === '-a' ? Number(argv[2]) : 0;
      const ids = tasks ? Array.from({ length: tasks }, (_, i) => `${id}.${i + 1}`) : [id];
      for (const each of ids)
        this.jobs.set(each, { id: each, state: 'Q', exit: 0, script: input ?? '', argv: [...argv] });
      return { stdout: `Submitted ${id}\n` };
    });
    this.runner.on('tstat', (argv) => ({
      stdout: argv
        .slice(1)
        .flatMap((id) => {
          const job = this.jobs.get(id);
          return job ? [`${id} ${job.state} ${job.exit}`] : [];
        })
        .join('\n'),
    }));
    this.runner.on('tdel', (argv) => {
      for (const id of argv.slice(1)) this.jobs.delete(id);
      return {};
    });
  }

  /** Mark a job ended with `exit`. */
  end(id: string, exit = 0): void {
    const job = this.jobs.get(id);
    if (!job) throw new Error(`no fake job ${id}`);
    job.state = 'E';
    job.exit = exit;
  }

  /** IDs of the submitted jobs, oldest first. */
  ids(): string[] {
    return [...this.jobs.keys()];
  }
}
