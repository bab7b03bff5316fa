/**
 * A workflow for the promised-requirement test: `consume` asks for twice the size of the file `produce` wrote, a
 * figure nobody knows until `produce` has run.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defineJob, defineRequirement, promisedRequirement, type FileID } from '@toil/core';

/** 21 MiB: twice that is 42 MiB, a figure no default or rounding produces by accident. */
export const FILE_BYTES = 21 * 1024 * 1024;

export const twiceSize = defineRequirement('lsfpromised.twiceSize', (f: FileID) => 2 * f.size);

export const produce = defineJob('lsfpromised.produce', { cores: 1, memory: '100M', disk: '100M' }, async (ctx) => {
  const path = join(ctx.tempDir, 'data.bin');
  await writeFile(path, Buffer.alloc(FILE_BYTES, 1));
  return ctx.fileStore.writeGlobalFile(path);
});

export const consume = defineJob('lsfpromised.consume', { cores: 1, disk: '100M' }, async (ctx, file: FileID) => ({
  memory: ctx.requirements.memory,
  size: file.size,
}));

export const main = defineJob('lsfpromised.main', { cores: 1, memory: '100M', disk: '100M' }, async (ctx) => {
  const made = ctx.addChild(produce);
  return made.addChild(consume.withRequirements({ memory: promisedRequirement(twiceSize, made.rv()) }), made.rv()).rv();
});
