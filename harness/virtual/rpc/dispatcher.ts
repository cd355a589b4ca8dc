/**
 * The device's RPC dispatcher: a registry of named handlers, the request envelope
 * (id, src, dst, method, params or the old alias args) and the reply envelope, with
 * Mongoose OS's rules: no id → no reply; a `dst` other than the device id → dropped;
 * the reply id is rewritten (digits only → number, anything else → string). In
 * rpc-common's order: the handler is looked up (404), then the prehandler may refuse
 * (418), then the request is logged and handed to its handler (see rpc-log.ts).
 */
import { type RpcChannelInfo, rpcLog, type RpcLogFn, UART0_CHANNEL } from './rpc-log.ts';

export class DeviceRpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export type Handler = (params: Record<string, unknown>) => unknown | Promise<unknown>;

interface Request {
  id?: unknown;
  src?: unknown;
  dst?: unknown;
  method?: unknown;
  params?: unknown;
  args?: unknown;
}

export function rewriteId(id: unknown): number | string {
  const text = typeof id === 'string' ? id : JSON.stringify(id);
  return /^\d+$/.test(text) ? Number(text) : text;
}

export class Dispatcher {
  readonly #handlers = new Map<string, Handler>();
  /** Set in the last moments before a reboot: every call is answered 418. */
  shuttingDownAt: (() => number | undefined) | undefined;

  constructor(
    private readonly deviceId: () => string,
    private readonly log: RpcLogFn = () => {},
    private readonly channel: RpcChannelInfo = UART0_CHANNEL,
  ) {}

  register(method: string, handler: Handler): void {
    this.#handlers.set(method, handler);
  }

  methods(): string[] {
    return [...this.#handlers.keys()];
  }

  /** Handles one JSON frame; resolves with the reply JSON text, or undefined for no reply. */
  async handle(json: string): Promise<string | undefined> {
    let req: Request;
    try {
      const parsed: unknown = JSON.parse(json);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
      req = parsed as Request;
    } catch {
      return undefined;
    }
    if (req.dst !== undefined && req.dst !== '' && req.dst !== this.deviceId()) {
      rpcLog.wrongDst(this.log, String(req.dst));
      return undefined;
    }
    const hasId = req.id !== undefined && req.id !== null && req.id !== 0;
    const envelope: Record<string, unknown> = { id: hasId ? rewriteId(req.id) : 0, src: this.deviceId() };
    if (typeof req.src === 'string' && req.src !== '') envelope.dst = req.src;
    try {
      const result = await this.#call(req);
      if (!hasId) return undefined;
      return JSON.stringify({ ...envelope, result: result ?? null });
    } catch (err) {
      if (!hasId) return undefined;
      const e = err instanceof DeviceRpcError ? err : new DeviceRpcError(-1, (err as Error).message);
      return JSON.stringify({ ...envelope, error: { code: e.code, message: e.message } });
    }
  }

  async #call(req: Request): Promise<unknown> {
    const method = typeof req.method === 'string' ? req.method : '';
    const handler = this.#handlers.get(method);
    if (!handler) {
      rpcLog.noHandler(this.log, method);
      throw new DeviceRpcError(404, `No handler for ${method}`);
    }
    const remaining = this.shuttingDownAt?.();
    if (remaining !== undefined) throw new DeviceRpcError(418, `shutting down in ${Math.max(0, Math.round(remaining))} ms`);
    rpcLog.arrived(this.log, method, this.channel);
    const raw = req.params ?? req.args ?? {};
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new DeviceRpcError(400, 'params must be an object');
    }
    return handler(raw as Record<string, unknown>);
  }
}
