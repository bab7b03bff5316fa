import { createServer, type Server } from 'node:net';
import type { Argv } from 'yargs';
import type { Client, ClientChannel } from 'ssh2';
import { withLogOptions } from '../ops/log-options.js';
import { openCluster, withClusterOptions } from '../cluster/cluster-options.js';
import { connect } from '../cluster/ssh-connect.js';

/** Forward 127.0.0.1:port here to the leader's 127.0.0.1:port (Toil's Grafana tunnel); skipped when it is taken. */
async function forwardPort(conn: Client, port: number): Promise<Server | undefined> {
  const server = createServer((socket) => {
    conn.forwardOut('127.0.0.1', socket.remotePort ?? 0, '127.0.0.1', port, (error, channel) => {
      if (error) return socket.destroy();
      socket.pipe(channel).pipe(socket);
    });
  });
  return new Promise((resolve) => {
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** Run the remote side with our terminal or pipes attached; resolves with its exit code. */
function attach(stream: ClientChannel, tty: boolean): Promise<number> {
  return new Promise((resolve) => {
    if (tty) {
      process.stdin.setRawMode(true);
      process.stdout.on('resize', () => stream.setWindow(process.stdout.rows, process.stdout.columns, 0, 0));
    }
    process.stdin.pipe(stream);
    stream.pipe(process.stdout);
    stream.stderr.pipe(process.stderr);
    stream.on('close', (code: number | null) => {
      if (tty) process.stdin.setRawMode(false);
      process.stdin.unpipe(stream);
      process.stdin.pause();
      resolve(code ?? 255);
    });
  });
}

/**
 * `toil ssh-cluster <clusterName> [command...]`: log in to the leader as root (ssh2), interactively with a TTY
 * when this terminal has one, or run one command (its words joined by spaces, as ssh does) with its output and
 * exit status passed through; the leader's
 * `--grafana_port` is forwarded to this machine's 127.0.0.1 while the session lasts.
 */
export const sshClusterCommand = {
  command: 'ssh-cluster <clusterName> [command..]',
  describe: "Log in to a cluster's leader, or run a command there",
  builder: (y: Argv) =>
    withLogOptions(
      withClusterOptions(
        y
          .positional('clusterName', { type: 'string', demandOption: true, describe: 'The cluster' })
          .positional('command', { type: 'string', array: true, describe: 'Command to run on the leader' })
          .option('grafana_port', {
            type: 'number',
            default: 3000,
            describe: 'Leader port forwarded to 127.0.0.1 here',
          })
          .parserConfiguration({ 'unknown-options-as-args': true }),
      ),
    ),
  handler: async (argv: Record<string, unknown>) => {
    const cluster = await openCluster(argv);
    const leader = await cluster.getLeader();
    const conn = await connect(leader);
    const forward = await forwardPort(conn, Number(argv.grafana_port));
    const words = ((argv.command as unknown[] | undefined) ?? []).map(String);
    const tty = words.length === 0 && process.stdin.isTTY === true && process.stdout.isTTY === true;
    const code = await new Promise<number>((resolve, reject) => {
      const done = (error: Error | undefined, stream: ClientChannel) =>
        error ? reject(error) : resolve(attach(stream, tty));
      if (words.length > 0) conn.exec(words.join(' '), done);
      else if (tty)
        conn.shell(
          { term: process.env.TERM ?? 'xterm', rows: process.stdout.rows, cols: process.stdout.columns },
          done,
        );
      else conn.shell(false, done);
    });
    forward?.close();
    conn.end();
    process.exitCode = code;
  },
};
