import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The public surface, name by name. Each entry point's exports are listed here, so adding, moving or removing an
 * export is a visible change of this file (and of the lists in packages/core/README.md). Read with the TypeScript
 * compiler, so type-only exports count too.
 */
const EXPECTED: Record<string, string> = {
  // What a workflow author and an embedding service use.
  'index.ts': `
    AcceleratorRequest BadPluginError ByteSize CallRequirements CleanPolicy CodecVersionError
    ConcurrentFileModificationError DamagedJobStoreError DeferredDef DuplicateJobNameError DuplicatePluginError
    ClusterJobStoresError EncodeError FailedJobsError FileID FileIdLike FileStore InsufficientResourcesError
    InvalidImportExportUrlError InvalidLocatorError InvalidValueError JobContext JobDef JobEvent JobEventTotals
    JobFunction JobGraphError JobHandle JobLogLevel JobLogMessage JobStoreExistsError JobStoreInUseError
    LeaderEvents LeaderProgress LoadError LogFormat LogLevel LogLevelName MalformedStatsBlobError
    MissingPluginError NestingTooDeepError NoNodeTypeFitsError NoSpaceLeftError NoSuchFileError NoSuchJobError NoSuchJobStoreError
    OpenExtras ParseOptionsContext Promised PromisedArgs PromisedRequirement ReadGlobalFileOptions
    RealtimeLogger RequirementFn Requirements RestartMismatchError Rv ServiceDef ServiceHandle ServiceInstance
    Toil ToilError ToilEventMap ToilOptions ToilOptionsInput ToilUsageError UnknownJobError UnknownPluginError
    Unpromised WorkflowConfig WorkflowKilledError WorkflowNeverStartedError WriteGlobalFileOptions YargsLike
    YargsOptionDescription addToilOptions defineDeferred defineJob defineRequirement defineService
    getDefaultConfig parseOptions promisedRequirement
  `,
  // What a job store, batch system, provisioner, URL scheme or language runner implements against.
  'backend.ts': `
    BatchJobExitReason BatchJobSpec BatchSystem BatchSystemContext BatchSystemPlugin CODEC_VERSION ClusterJobStores DecodeHooks
    EXIT_STATUS_UNAVAILABLE EncodeHooks Encoded FILESTORE_MODULE_ENV FileStoreImplementation FileStoreJob
    FileStoreProvider FileStoreRuntime InProcessRunner InstanceShape JobDescription JobDoneMessage JobStore
    JobStorePlugin LogFields Logger LoggerOutput MAX_DEPTH PLUGIN_KIND_NAMES ParsedJobRecord ParsedUrl PathElem
    PluginKind PluginOf PluginOption PromiseTarget ProvisionedNode Provisioner ProvisionerPlugin ReadFileOptions
    RequirementDefaults ResolvedRequirements RunJobMessage SHARED_FILE_NAME ServiceHostState ServiceRecord
    SharedFiles StrayFailureMessage ToilPlugin ToilPluginModule UpdateQueue UpdatedBatchJobInfo UrlSchemeHandler
    UrlSchemePlugin WriteFileOptions createLogger decode decodeEnvelope deserializeConfig download encode
    encodeEnvelope fileIdString formatBytes inProcessRunner jobDescriptionProblem localWorkflowDir
    parseAccelerator parseBytes parseJobDescription parseUrl promiseFilesIn randomId registerPlugin
    resolveRequirements serializeConfig statSource toilWorkDir upload urlBasename validateRequirements
    workerProcessPath
  `,
  // The CLI's and the tests' machinery: unstable.
  'internal.ts': `
    ClusterScaler ClusterStoresOutcome DebugJobOptions DebugJobOutcome GraphDamage InterruptHandle JOBSTORE_PLUGIN_ENV JobArgsText JobStat
    KILL_FLAG_POLL_MS KNOWN_PLUGINS KillRequest Leader LeaderLock LeaderLockRecord LeaderOptions LeaderPidRecord
    LeaderProcessState LockPurpose MergeRestartContext OPTION_GROUP_TITLES OptionContext OptionGroup OptionSpec
    OptionType ParsedLocator PluginSource PromisedRequirementError RestartClaims TOIL_OPTIONS TOIL_PLUGINS_ENV
    UserModuleRecord WholeClusterRemoved WorkerResult WorkerRuntime WorkflowCommand acquireLeaderLock addPluginResolveBase assertClusterStoresRemoved
    assertFinishedRoot binPack buildLocator bundleAndLoad checkJobStore checkRestartClaims cleanForRestart closeServer
    debugJob defaultLabel deployWorkflow destroyClusterJobStores destroyWholeCluster discoverPlugins envVarName exitWithError findGraphDamage formatResult
    isDeferredDef isJobDef isLockStale isPluginPackageName isServiceDef leaderProcessState listen loadJobGraph
    loadPlugin loadPluginFromUrl loggerForConfig lookupJob mergeRestartOptions modulePath openJobStore parseBool
    parseJobArgs parseLocator parseSetEnv pluginModule pluginOptionSpecs pluginSearchDirs readJobArgsText readKillFlag
    readLeaderLock readLeaderPid readRootValue registeredJobNames registeredPlugins resolvePackage runWorker
    runWorkflowCommand saveRootJob stopOnInterrupt workerEntryPath writeKillFlag yargsOption
  `,
};

const srcDir = dirname(fileURLToPath(import.meta.url));

/** Every export of an entry file, with whether its declaration carries a doc comment. */
function exportsOf(file: string): { name: string; documented: boolean }[] {
  const path = join(srcDir, file);
  const program = ts.createProgram([path], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2023,
    noResolve: false,
  });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(path)!)!;
  return checker.getExportsOfModule(moduleSymbol).map((symbol) => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const declaration = target.declarations?.[0];
    const documented =
      target.getDocumentationComment(checker).length > 0 ||
      (declaration !== undefined && ts.getJSDocTags(declaration).length > 0);
    return { name: symbol.name, documented };
  });
}

const actual = Object.fromEntries(Object.keys(EXPECTED).map((file) => [file, exportsOf(file)]));

describe('entry points of @toil/core', () => {
  for (const [file, list] of Object.entries(EXPECTED)) {
    it(`${file} exports exactly its listed names`, () => {
      const names = actual[file].map((e) => e.name).sort();
      expect(names).toEqual(list.split(/\s+/).filter(Boolean).sort());
    });

    it(`every export of ${file} has TSDoc`, () => {
      expect(actual[file].filter((e) => !e.documented).map((e) => e.name)).toEqual([]);
    });
  }

  it('the package README names every export of @toil/core and @toil/core/backend', () => {
    const readme = readFileSync(join(srcDir, '..', 'README.md'), 'utf8');
    const named = new Set([...readme.matchAll(/`([A-Za-z_$][\w$]*)`/g)].map((m) => m[1]));
    const missing = ['index.ts', 'backend.ts'].flatMap((file) =>
      actual[file].filter((e) => !named.has(e.name)).map((e) => `${e.name} (${file})`),
    );
    expect(missing).toEqual([]);
  });

  it('no name is exported from two entry points', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const [file, list] of Object.entries(actual)) {
      for (const { name } of list) {
        if (seen.has(name)) twice.push(`${name} (${seen.get(name)}, ${file})`);
        seen.set(name, file);
      }
    }
    expect(twice).toEqual([]);
  });
});
