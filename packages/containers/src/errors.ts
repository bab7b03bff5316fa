/**
 * The conditions a container call can fail on, each with a stable `code` and a message that names the image,
 * engine or container and says what would work. They extend core's ToilError, so the CLI prints them as one line.
 */
import { ToilError } from '@toil/core';

/** No container engine could be found or was named wrongly. */
export class ContainerEngineNotFoundError extends ToilError {
  /** @param asked The engine asked for (option or TOIL_CONTAINER_ENGINE), or undefined when none was. */
  constructor(readonly asked: string | undefined) {
    super(
      'CONTAINER_ENGINE_NOT_FOUND',
      asked === undefined
        ? 'No container engine found: neither podman nor docker is on PATH. Install one (apt-get install podman), or put it on PATH.'
        : `The container engine '${asked}' is not on PATH. Install it, or set TOIL_CONTAINER_ENGINE to podman or docker (one that is installed).`,
    );
  }
}

/** An engine name that is not one of the supported ones. */
export class UnknownContainerEngineError extends ToilError {
  constructor(readonly asked: string) {
    super(
      'UNKNOWN_CONTAINER_ENGINE',
      `Unknown container engine '${asked}': use podman or docker (in TOIL_CONTAINER_ENGINE or dockerCall's engine option).`,
    );
  }
}

/** The engine's command is there but cannot work (docker without a reachable daemon, a broken podman setup). */
export class ContainerEngineUnavailableError extends ToilError {
  constructor(
    readonly engine: string,
    detail: string,
  ) {
    super(
      'CONTAINER_ENGINE_UNAVAILABLE',
      `The container engine '${engine}' cannot run containers: ${detail}. Start it (dockerd for docker), or choose another with TOIL_CONTAINER_ENGINE.`,
    );
  }
}

/** An image that is not present locally and could not be pulled (no registry reachable, or no such image). */
export class ImageNotFoundError extends ToilError {
  /**
   * @param image The name as the job gave it.
   * @param normalised The fully qualified name the engine looked for.
   * @param detail The engine's first line about the failed pull.
   */
  constructor(
    readonly image: string,
    readonly normalised: string,
    detail: string,
  ) {
    super(
      'IMAGE_NOT_FOUND',
      `The container image '${image}' (${normalised}) is not present locally and could not be pulled (${detail}). Load or build it first (podman load / podman build; tooling/build-images.sh builds the test images), or check the name.`,
    );
  }
}

/** The containerised tool exited with a non-zero status. */
export class ContainerFailedError extends ToilError {
  /**
   * @param image The image the tool ran in.
   * @param exitCode The container's exit status.
   * @param stderrTail The last lines the tool wrote to stderr, quoted in the message so they reach the job's log.
   */
  constructor(
    readonly image: string,
    readonly command: string[],
    readonly exitCode: number,
    readonly stderrTail: string,
  ) {
    super(
      'CONTAINER_FAILED',
      `The container of '${image}' running ${JSON.stringify(command)} exited with status ${exitCode}` +
        (stderrTail ? `; its stderr ends with:\n${stderrTail}` : ' and wrote nothing to stderr.'),
    );
  }
}

/** The container ran past dockerCall's `timeout` and was killed and removed. */
export class ContainerTimeoutError extends ToilError {
  constructor(
    readonly image: string,
    readonly seconds: number,
  ) {
    super(
      'CONTAINER_TIMEOUT',
      `The container of '${image}' ran longer than its timeout of ${seconds} s and was killed. Raise dockerCall's timeout if the tool needs longer.`,
    );
  }
}
