/**
 * The GitHub Action's entry: inputs, the event (read once) and its plan. Events with nothing to
 * decide end here; everything else loads the decision half (action-decision.ts) on demand, so a
 * tag push starts almost as fast as bare Node. Any throwable ends as a failed step with one line.
 * Everything from and to the runner goes through `runner` (tests pass their own).
 */
import { actionsRunner, readEvent, readInputs, writeOutputs, writeSummary, type Runner } from './action-io.js';
import { oneLine } from './core/errors.js';
import type { Decision } from './core/types.js';
import { planFor } from './github/event.js';
import { decisionOutputs } from './github/outputs.js';
import { visible } from './report/escape.js';

export async function run(runner: Runner = actionsRunner()): Promise<void> {
  try {
    const inputs = readInputs(runner);
    const context = readEvent(runner.env);
    const plan = planFor(context.event, { base: inputs.base, head: inputs.head });
    if (plan.kind === 'skip') {
      runner.info(plan.reason);
      writeOutputs(runner, decisionOutputs(emptyDecision()));
      await writeSummary(runner, `### No release decision\n\n${visible(plan.reason)}.\n`);
      return;
    }
    const { decideAndWrite } = await import('./action-decision.js');
    await decideAndWrite(runner, inputs, context, plan);
  } catch (error) {
    // Messages can carry file and tag names: control characters are shown, never sent.
    runner.setFailed(visible(oneLine(error)));
  }
}

function emptyDecision(): Decision {
  return {
    bump: 'none',
    currentVersion: null,
    currentTag: null,
    nextVersion: null,
    nextVersionFull: null,
    nextTag: null,
    prerelease: false,
    channel: null,
    base: null,
    baseRef: '',
    head: '',
    headRef: '',
    files: [],
    commits: [],
    labels: [],
    managedLabels: [],
    components: [],
    override: null,
    policy: { maxBump: 'major', failed: false, allowed: false, message: null },
    truncated: false,
    warnings: [],
  };
}
