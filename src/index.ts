/**
 * The library API of overlaysim: load a scenario, run it, and turn the result into files.
 * Everything else is internal and may change.
 */
export { type LoadedScenario, loadScenario, loadScenarioText, UsageError } from './scenario/load.ts';
export { type ResolvedScenario } from './scenario/resolve.ts';
export { ScenarioError, type ScenarioIssue, formatIssue } from './scenario/errors.ts';
export { type RunOptions, type RunResult, RunInterrupted, runScenario } from './scenario/run.ts';
export { type Summary, summarise } from './report/summary.ts';
export { resultFiles, writeAtomically } from './report/write-results.ts';
export { scenarioSchema, type ScenarioInput, type ScenarioConfig } from './scenario/schema.ts';
export { Scheduler, SimulationError } from './core/scheduler.ts';
export { type EventQueue, type EventTarget, HeapEventQueue, TinyEventQueue } from './core/event-queue.ts';
export { TwoTierEventQueue } from './core/two-tier-queue.ts';
export { CPU_PROFILES, type CpuProfile } from './model/host/cpu-profile.ts';
export { containerMtu, outerBytes, wireBreakdown, type Encapsulation } from './model/overlay/encapsulation.ts';
