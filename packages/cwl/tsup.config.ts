import { defineConfig } from 'tsup';

export default defineConfig({
  // jobs is its own entry: the Toil runner names dist/jobs.js as the workflow module that workers load.
  entry: { index: 'src/index.ts', cli: 'src/cli.ts', conformance: 'src/conformance.ts', jobs: 'src/toil/jobs.ts' },
  format: ['esm'],
  dts: { entry: ['src/index.ts'] },
  clean: true,
  sourcemap: true,
  target: 'node20',
  // yaml is bundled in: it is CommonJS spread over ~80 files, and resolving and compiling them one by one cost
  // every run of toil-cwl-runner about 80 ms of CPU (10 ms as one file). Its require() of Node built-ins needs a
  // real require in ESM, which the banner gives.
  noExternal: ['yaml', 'tinyglobby', 'fdir', 'picomatch'],
  banner: {
    js: "import { createRequire as __toilCwlCreateRequire } from 'node:module'; const require = __toilCwlCreateRequire(import.meta.url);",
  },
});
