import { toilTsupConfig } from '../../tooling/tsup.shared.js';

// The fake GCS server is its own entry (`@toil/jobstore-gcs/testing`), for the project's end-to-end tests.
export default toilTsupConfig(['src/index.ts', 'src/testing.ts']);
