/**
 * The HIL.Pubf cases as the test firmware writes them (firmware/src/hil_mqtt.c,
 * hil_mqtt_pubf): a json_printf format and its C arguments. The virtual board formats
 * them with its own json_printf (../frozen-json-printf.ts); what they must print is
 * written out separately in harness/model/pubf-cases.ts, which the board does not read.
 */
import type { PubfCase } from '../../contract/hil.ts';
import type { JsonPrintfArg } from '../frozen-json-printf.ts';

export interface PubfCall {
  /** mgos_mqtt_pubf, or mgos_mqtt_pubv through the firmware's varargs wrapper: the same formatting. */
  readonly via: 'pubf' | 'pubv';
  readonly format: string;
  readonly args: readonly JsonPrintfArg[];
}

export const pubfCalls: Readonly<Record<PubfCase, PubfCall>> = {
  keys: { via: 'pubf', format: '{a: %d, b_2:%d, _c3 : %d}', args: [1, -42, 65536] },
  escapes: { via: 'pubf', format: '{s: %Q, none: %Q}', args: ['say "hi"\\\n\t.', null] },
  bools: { via: 'pubf', format: '{on: %B, off: %B, also: %B}', args: [1, 0, 7] },
  nested: { via: 'pubf', format: '{dev: {id: %Q, n: %d}, list: [%d, [%B], {}], cut: %.*Q}', args: ['hil', 3, 1, 0, 3, 'abcdef'] },
  pubv: { via: 'pubv', format: '{via: %Q, n: %d}', args: ['pubv', 7] },
};
