/**
 * `hil call [--port P | --board NAME] <Method> [json]`: one RPC call, like `mos call`. Prints the result
 * as JSON. Exit 0; 1 with the device's `code message` on stderr; 2 when the port
 * cannot be used or the device does not answer.
 */
import { parseArgs } from 'node:util';
import { RpcClient } from '../../serial/rpc-client.ts';
import { RpcRemoteError } from '../../serial/rpc-errors.ts';
import { SerialError } from '../../serial/errors.ts';
import { SerialLink } from '../../serial/serial-link.ts';
import { portOptions, portUsage, resolvePort } from '../board-port.ts';
import { CannotRunError, type Command, UsageError } from '../command.ts';

const usage = `usage: hil call [--port PORT | --board NAME] [--baud N] [--timeout MS] [--no-crc] [--chunked] <Method> [json-params]
${portUsage}
  --timeout MS    how long to wait for the reply (default 10000)
  --no-crc        send frames without the CRC (firmware built without it)
  --chunked       write requests as mos does without flow control: 16 bytes, then 5 ms
  e.g. hil call --port /dev/ttyUSB0 Sys.GetInfo
       hil call --board bench-1 Sys.GetInfo
       hil call --port /dev/pts/3 Config.Set '{"config":{"mqtt":{"server":"127.0.0.1:1883"}}}'`;

export const command: Command = {
  name: 'call',
  summary: 'call one RPC method on a board over its serial port and print the result',
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        ...portOptions,
        timeout: { type: 'string', default: '10000' },
        'no-crc': { type: 'boolean', default: false },
        chunked: { type: 'boolean', default: false },
      },
    });
    const [method, json] = positionals;
    if (!method) throw new UsageError('name the method to call, e.g. Sys.GetInfo');
    let params: unknown = {};
    if (json !== undefined) {
      try {
        params = JSON.parse(json);
      } catch (err) {
        throw new UsageError(`params are not valid JSON (${(err as Error).message}): ${json}`);
      }
    }
    const timeoutMs = Number(values.timeout);
    if (!(timeoutMs > 0)) throw new UsageError(`--timeout must be a positive number of ms, got "${values.timeout}"`);

    const { port, baudRate } = await resolvePort(values);
    let link: SerialLink;
    try {
      link = await SerialLink.open({ path: port, baudRate, chunking: values.chunked });
    } catch (err) {
      if (err instanceof SerialError) throw new CannotRunError(err.message);
      throw err;
    }
    const rpc = new RpcClient(link, { crc: !values['no-crc'], timeoutMs });
    try {
      const result = await rpc.call(method, params as Record<string, unknown>, { timeoutMs });
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    } catch (err) {
      if (err instanceof RpcRemoteError) {
        process.stderr.write(`${err.code} ${err.remoteMessage}\n`);
        return 1;
      }
      throw new CannotRunError((err as Error).message);
    } finally {
      rpc.close();
      await link.close();
    }
  },
};
