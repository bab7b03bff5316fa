import { Client } from 'ssh2';

/** What a batch system's command runner returns (`@toil/batch-grid`'s CommandResult). */
export interface SshCommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** POSIX shell quoting of one word: a remote command line is one string, unlike execFile's argv. */
function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * Test helper: a `@toil/batch-grid` CommandRunner that runs the scheduler's commands on a rig host (a cluster's
 * leader) over one ssh2 connection, as the leader's own Toil would run them locally. The host key is pinned.
 */
export class SshRunner {
  private readonly conn = new Client();
  private ready: Promise<void> | undefined;

  constructor(
    private readonly host: { ip: string; hostPublicKey?: string },
    private readonly privateKey: Buffer,
  ) {}

  /** Run argv on the host; stdin gets `input`. Resolves for any exit status. */
  async run(argv: readonly string[], options: { input?: string; env?: Record<string, string> } = {}) {
    await this.connect();
    const env = Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${quote(v)}`);
    const line = [...(env.length ? ['env', ...env] : []), ...argv.map(quote)].join(' ');
    return new Promise<SshCommandResult>((resolve, reject) => {
      this.conn.exec(line, (error, stream) => {
        if (error) return reject(error);
        let stdout = '';
        let stderr = '';
        stream.on('data', (d: Buffer) => (stdout += d.toString()));
        stream.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        stream.on('close', (code: number | null) => resolve({ exitCode: code ?? 255, stdout, stderr }));
        stream.end(options.input ?? '');
      });
    });
  }

  /** Close the connection. */
  close(): void {
    this.conn.end();
  }

  private connect(): Promise<void> {
    const expected = Buffer.from(this.host.hostPublicKey!.split(' ')[1]!, 'base64');
    this.ready ??= new Promise((resolve, reject) => {
      this.conn
        .once('ready', () => resolve())
        .once('error', reject)
        .connect({
          host: this.host.ip,
          username: 'root',
          privateKey: this.privateKey,
          readyTimeout: 10_000,
          hostVerifier: (key: Buffer) => key.equals(expected),
        });
    });
    return this.ready;
  }
}
