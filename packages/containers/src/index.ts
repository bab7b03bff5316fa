/**
 * @toil/containers: run tools in containers from Toil jobs (`dockerCall`, Toil's apiDockerCall) over podman or
 * docker, behind an engine interface that Singularity/Apptainer can implement later.
 */
export type { ContainerEngine, ContainerSummary, EngineName, EngineRef, MountSpec, RunSpec } from './engine.js';
export { ENGINE_NAMES } from './engine.js';
export { PodmanEngine } from './podman.js';
export { DockerEngine } from './docker.js';
export { CliEngine } from './cli-engine.js';
export { CONTAINER_ENGINE_ENV, engineFromRef, findOnPath, isEngineName, selectEngine } from './select-engine.js';
export { normaliseImageName, DEFAULT_REGISTRY } from './image-name.js';
export { JOB_LABEL, WORKFLOW_LABEL, removeContainer, removeLabelled } from './cleanup.js';
export { runContainer, type RunIo } from './run-container.js';
export { dockerCall, type DockerCallOptions, type VolumeSpec } from './docker-call.js';
export * from './errors.js';
