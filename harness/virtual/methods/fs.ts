/**
 * FS.Put, FS.Get, FS.List, FS.Remove as rpc-service-fs answers them: `data` is base64,
 * FS.Put with `append` adds a chunk (what `mos put` sends, chunk after chunk), FS.Get
 * reads `len` bytes from `offset` and says how many are `left`.
 */
import type { VirtualBoard } from '../board.ts';
import { FileStoreError } from '../fs/file-store.ts';
import { DeviceRpcError, type Dispatcher } from '../rpc/dispatcher.ts';

function filename(params: Record<string, unknown>): string {
  const name = params.filename;
  if (typeof name !== 'string' || name === '') throw new DeviceRpcError(400, 'filename is required');
  return name.replace(/^\//, '');
}

export function registerFsMethods(rpc: Dispatcher, board: VirtualBoard): void {
  const files = board.parts.files;
  rpc.register('FS.Put', (params) => {
    const name = filename(params);
    if (typeof params.data !== 'string') throw new DeviceRpcError(400, 'data is required (base64)');
    try {
      files.put(name, Buffer.from(params.data, 'base64'), params.append === true);
    } catch (err) {
      if (err instanceof FileStoreError) throw new DeviceRpcError(400, err.message);
      throw err;
    }
    return null;
  });
  rpc.register('FS.Get', (params) => {
    const name = filename(params);
    const data = files.read(name);
    if (data === undefined) throw new DeviceRpcError(500, `failed to open ${name}`);
    const offset = typeof params.offset === 'number' ? params.offset : 0;
    const len = typeof params.len === 'number' ? params.len : data.length - offset;
    const chunk = data.subarray(offset, offset + len);
    return { data: chunk.toString('base64'), left: Math.max(0, data.length - offset - chunk.length) };
  });
  rpc.register('FS.List', () => files.list());
  rpc.register('FS.Remove', (params) => {
    const name = filename(params);
    if (!files.remove(name)) throw new DeviceRpcError(500, `failed to remove ${name}`);
    return null;
  });
}
