/** Workflow options: the option table, parsing and validation, job store locators, and the yargs binding. */
export { OPTION_GROUP_TITLES, type OptionContext, type OptionGroup, type OptionSpec, type OptionType } from './spec.js';
export { TOIL_OPTIONS } from './schema.js';
export { parseOptions, getDefaultConfig, type ParseOptionsContext } from './parse.js';
export { mergeRestartOptions, type MergeRestartContext } from './restart.js';
export { parseLocator, buildLocator, type ParsedLocator } from './locator.js';
export { parseBool } from './convert.js';
export { parseSetEnv } from './set-env.js';
export { envVarName } from './values.js';
export { addToilOptions, defaultLabel, yargsOption, type YargsLike, type YargsOptionDescription } from './yargs.js';
