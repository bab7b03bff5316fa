/**
 * Every HPC backend refuses to start, in one line and before any job store exists, when its scheduler's commands
 * are not on PATH (the schedulers that cannot run here, and the two that do, with PATH emptied).
 */
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toilRun } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

const BACKENDS: [string, RegExp][] = [
  ['slurm', /needs Slurm's commands, but 'sbatch', 'squeue', 'scancel', 'scontrol' are not on PATH/],
  ['grid_engine', /needs GridEngine's commands, but 'qsub', 'qstat', 'qacct', 'qdel' are not on PATH/],
  ['lsf', /needs LSF's commands, but 'bsub', 'bjobs', 'bkill' are not on PATH/],
  ['torque', /needs Torque's commands, but 'qsub', 'qstat', 'qdel' are not on PATH/],
  [
    'htcondor',
    /needs HTCondor's commands, but 'condor_submit', 'condor_q', 'condor_history', 'condor_rm' are not on PATH/,
  ],
  ['parasol', /needs the parasol program, but 'parasol' is not on PATH.*--parasolCommand/],
];

describe('HPC backends without their scheduler commands', () => {
  it.each(BACKENDS)(
    '--batchSystem %s: one line naming the missing commands, exit 1, no job store',
    async (name, message) => {
      const dir = await tempDir();
      const bin = join(dir, 'bin');
      mkdirSync(bin);
      symlinkSync(process.execPath, join(bin, 'node'));
      const result = await toilRun('workflows.ts', join(dir, 'js'), 'hello', ['x'], ['--batchSystem', name], {
        env: { PATH: bin },
      });
      expect(result.code).toBe(1);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^toil: --batchSystem \S+ needs /);
      expect(lines[0]).toMatch(message);
      expect(existsSync(join(dir, 'js'))).toBe(false);
    },
  );
});
