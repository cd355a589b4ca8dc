/**
 * What frozen's json_printf prints for each HIL.Pubf case: the payload the broker must
 * receive. Written out by hand from frozen's documented rules (cesanta/frozen README.md
 * "json_printf()", and json_vprintf / json_escape in frozen.c), never computed by a
 * formatter, so a formatter that is wrong cannot agree with itself here:
 *
 * - a bare identifier (letter or `_`, then letters, digits, `_`) is printed in double
 *   quotes (README: "auto-escaping keys"; `{foo: %M, bar: %d}` → `{"foo": …, "bar": 3}`);
 * - `: , [ ] { } "`, space, tab, CR, LF are copied one for one: no space is added or
 *   removed (json_vprintf's first branch), so `b_2:%d` stays without a space and
 *   `_c3 : %d` keeps the one before the colon;
 * - `%Q` prints a quoted string, `"` and `\` escaped with a backslash, LF as `\n`, TAB as
 *   `\t` (json_escape's "btnvfr" for 0x08…0x0D), and NULL as `null` (README: "print quoted
 *   escaped string or `null`");
 * - `%.*Q` takes an int length first (README); `%B` prints `true` for any non-zero int,
 *   `false` for 0 (README's example passes -1 for true);
 * - `%d` goes to the C library's printf.
 *
 * The format and arguments of each case are the firmware's (firmware/src/hil_mqtt.c,
 * hil_mqtt_pubf), repeated here so that a reader can check the expected string by eye.
 */
import type { PubfCase } from '../contract/hil.ts';

export interface PubfReference {
  /** Which call the firmware makes. */
  readonly via: 'mgos_mqtt_pubf' | 'mgos_mqtt_pubv';
  /** The json_printf format and the C arguments, as written in the firmware. */
  readonly format: string;
  readonly args: string;
  /** The payload frozen prints: exact bytes (ASCII), whitespace included. */
  readonly payload: string;
}

export const pubfReference: Readonly<Record<PubfCase, PubfReference>> = {
  keys: {
    via: 'mgos_mqtt_pubf',
    format: '{a: %d, b_2:%d, _c3 : %d}',
    args: '1, -42, 65536',
    payload: '{"a": 1, "b_2":-42, "_c3" : 65536}',
  },
  escapes: {
    via: 'mgos_mqtt_pubf',
    format: '{s: %Q, none: %Q}',
    // The C string literal "say \"hi\"\\\n\t.": say "hi" then a backslash, LF, TAB, '.'.
    args: '"say \\"hi\\"\\\\\\n\\t.", NULL',
    payload: '{"s": "say \\"hi\\"\\\\\\n\\t.", "none": null}',
  },
  bools: {
    via: 'mgos_mqtt_pubf',
    format: '{on: %B, off: %B, also: %B}',
    args: '1, 0, 7',
    payload: '{"on": true, "off": false, "also": true}',
  },
  nested: {
    via: 'mgos_mqtt_pubf',
    format: '{dev: {id: %Q, n: %d}, list: [%d, [%B], {}], cut: %.*Q}',
    args: '"hil", 3, 1, 0, 3, "abcdef"',
    payload: '{"dev": {"id": "hil", "n": 3}, "list": [1, [false], {}], "cut": "abc"}',
  },
  pubv: {
    via: 'mgos_mqtt_pubv',
    format: '{via: %Q, n: %d}',
    args: '"pubv", 7',
    payload: '{"via": "pubv", "n": 7}',
  },
};
