import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Write credentials that google-auth-library turns into a bearer token through the fake's `/token` endpoint:
 * an `external_account` file (the only kind whose token URL is read from the file; a service account's is fixed
 * to Google) whose subject token, a private 0600 file, is `token`. Returns the file for
 * GOOGLE_APPLICATION_CREDENTIALS. The directory is 0700 (mkdtemp).
 */
export async function writeFakeCredentials(baseUrl: string, token: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'toil-gcs-creds-'));
  const subject = join(dir, 'subject-token');
  await writeFile(subject, token, { mode: 0o600 });
  const file = join(dir, 'credentials.json');
  const credentials = {
    type: 'external_account',
    audience: '//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/toil-test/providers/fake',
    subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
    token_url: `${baseUrl}/token`,
    credential_source: { file: subject },
  };
  await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
  return file;
}
