/** The action's entry point (dist/index.cjs): only runs the action. */
import { run } from './action.js';

void run();
