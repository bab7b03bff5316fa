import { Client } from 'ssh2';

/** The result of one command run over ssh. */
export interface SshResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Test helper: run one command on a rig host as root over real ssh (ssh2), pinning the host's key so a wrong
 * host fails the test rather than passing it.
 */
export async function sshExec(
  ip: string,
  privateKey: string,
  hostPublicKey: string,
  command: string,
): Promise<SshResult> {
  const expected = Buffer.from(hostPublicKey.split(' ')[1] ?? '', 'base64');
  const conn = new Client();
  return new Promise<SshResult>((resolve, reject) => {
    conn
      .on('ready', () => {
        conn.exec(command, (error, stream) => {
          if (error) {
            conn.end();
            reject(error);
            return;
          }
          let stdout = '';
          let stderr = '';
          stream.on('data', (d: Buffer) => (stdout += d.toString()));
          stream.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
          stream.on('close', (code: number | null) => {
            conn.end();
            resolve({ code, stdout, stderr });
          });
        });
      })
      .on('error', reject)
      .connect({
        host: ip,
        port: 22,
        username: 'root',
        privateKey,
        readyTimeout: 10_000,
        hostVerifier: (key: Buffer) => key.equals(expected),
      });
  });
}
