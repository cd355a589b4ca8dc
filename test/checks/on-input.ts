/** A check as the tests call it: on one scenario's input, observed afresh for each call. */
import type { Check, CheckInput, Verdict } from '../../harness/checks/input.ts';
import { observe } from '../../harness/checks/observe/observation.ts';

export function onInput(run: Check): (input: CheckInput) => Verdict {
  return (input) => run(observe(input));
}
