/** Containers of one test, found by a label only that test uses (other tests may run containers at the same time). */
import { randomBytes } from 'node:crypto';
import { removeLabelled, selectEngine, type ContainerSummary } from '@toil/containers';
import { onTestFinished } from 'vitest';

/** The real podman of this machine (tooling/build-images.sh installs it and loads the test images). */
export const podman = selectEngine('podman');

/** A fresh `org.toil.test` label value; whatever still carries it is removed when the test ends, pass or fail. */
export function testLabel(prefix: string): string {
  const label = `${prefix}-${randomBytes(4).toString('hex')}`;
  onTestFinished(async () => {
    await removeLabelled(podman, { 'org.toil.test': label });
  });
  return label;
}

/** The containers, running or not, that carry this test label (`podman ps -a --filter label=...`). */
export function labelled(label: string): Promise<ContainerSummary[]> {
  return podman.list({ 'org.toil.test': label });
}
