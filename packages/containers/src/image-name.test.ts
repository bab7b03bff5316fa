import { describe, expect, it } from 'vitest';
import { normaliseImageName } from './image-name.js';

describe('normaliseImageName', () => {
  it('qualifies official images with docker.io/library and :latest', () => {
    expect(normaliseImageName('debian:stable-slim')).toBe('docker.io/library/debian:stable-slim');
    expect(normaliseImageName('ubuntu')).toBe('docker.io/library/ubuntu:latest');
    expect(normaliseImageName('docker.io/debian:stable-slim')).toBe('docker.io/library/debian:stable-slim');
    expect(normaliseImageName('index.docker.io/library/alpine')).toBe('docker.io/library/alpine:latest');
  });

  it('keeps user images on Docker Hub and other registries as they are', () => {
    expect(normaliseImageName('broadinstitute/gatk:4.2')).toBe('docker.io/broadinstitute/gatk:4.2');
    expect(normaliseImageName('quay.io/ucsc_cgl/bwa')).toBe('quay.io/ucsc_cgl/bwa:latest');
    expect(normaliseImageName('localhost:5000/tool:1')).toBe('localhost:5000/tool:1');
    expect(normaliseImageName('localhost/busybox:test')).toBe('localhost/busybox:test');
  });

  it('leaves a digest in place of the tag', () => {
    expect(normaliseImageName('alpine@sha256:abc')).toBe('docker.io/library/alpine@sha256:abc');
  });
});
