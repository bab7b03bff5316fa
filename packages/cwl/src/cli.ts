#!/usr/bin/env node
/** The `toil-cwl-runner` command. */
import { main } from './cli/main.js';

process.exitCode = await main(process.argv.slice(2));
