/**
 * The library API of overlaysim (`import … from 'overlaysim'`), documented with an example in
 * docs/library-api.md: load and validate a scenario (a file, YAML text or a plain object), run
 * it, summarise the result, write the result files, and run sweeps. Everything else is internal
 * and may change between versions.
 */

// Loading and validating scenarios.
export { type LoadedScenario, loadScenario, loadScenarioText, UsageError } from './scenario/load.ts';
export { type ParseOptions, parseScenario, validateScenario } from './library.ts';
export { ScenarioError, type ScenarioIssue, formatIssue } from './scenario/errors.ts';
export { type ResolvedScenario } from './scenario/resolve.ts';
export { scenarioSchema, type ScenarioInput, type ScenarioConfig } from './scenario/schema.ts';

// Running and reading results.
export { type RunOptions, type RunResult, RunInterrupted, runScenario } from './scenario/run.ts';
export { type Summary, summarise } from './report/summary.ts';
export { type RunMeta, resultFiles, writeAtomically, WriteInterrupted } from './report/write-results.ts';
export { TOOL_VERSION } from './cli/version.ts';

// Sweeps.
export { runSweep, type SweepOptions, type SweepRun } from './library.ts';
export { type SweepPoint, expandGrid } from './scenario/sweep-grid.ts';
export { type Job, planJobs } from './sweep/job.ts';

// Building blocks for custom models and checks.
export { Scheduler, SimulationError } from './core/scheduler.ts';
export { type EventQueue, type EventTarget, HeapEventQueue, TinyEventQueue } from './core/event-queue.ts';
export { TwoTierEventQueue } from './core/two-tier-queue.ts';
export { CPU_PROFILES, type CpuProfile } from './model/host/cpu-profile.ts';
export { containerMtu, outerBytes, wireBreakdown, type Encapsulation } from './model/overlay/encapsulation.ts';
