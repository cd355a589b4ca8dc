/**
 * The brokers' HTTP/JSON control API, for manual lab work and for tools outside the
 * harness. Documented in docs/brokers.md. Every error is JSON `{ "error": "…" }` with a
 * status that says whose fault it is (400 bad input, 404 unknown path or broker).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import * as z from 'zod';
import { now, wallTimeOf } from '../clock.ts';
import { brokerName, type BrokerName, timelineEvent } from '../timeline/events.ts';
import type { EventFilter } from '../timeline/timeline.ts';
import type { BrokerPair } from './broker-pair.ts';
import type { Broker } from './broker.ts';
import { FaultPlanError, type RunningPlan } from './fault-plan.ts';
import { faultDefinitions, FaultSpecError } from './faults/registry.ts';

const MAX_BODY_BYTES = 64 * 1024;

export interface ControlApiOptions {
  pair: BrokerPair;
  /** Default 127.0.0.1: the API switches faults, so it is not for the whole network. */
  host?: string;
  /** 0: any free port. */
  port?: number;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const dropBody = z.strictObject({ how: z.enum(['fin', 'rst']).default('rst') });
const noteBody = z.strictObject({ text: z.string().min(1), data: z.record(z.string(), z.unknown()).optional() });
const kindList = z.array(z.enum(timelineEvent.options.map((o) => o.shape.kind.value) as [string, ...string[]]));

export class ControlApi {
  private readonly plans = new Set<RunningPlan>();

  private constructor(
    private readonly server: Server,
    private readonly pair: BrokerPair,
    readonly host: string,
    readonly port: number,
  ) {}

  static async start(options: ControlApiOptions): Promise<ControlApi> {
    const host = options.host ?? '127.0.0.1';
    let api: ControlApi | undefined;
    const server = createServer((req, res) => {
      void api!.handle(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) => reject(new Error(`control API cannot listen on ${host}:${options.port ?? 0}: ${err.code ?? err.message}`)));
      server.listen({ host, port: options.port ?? 0 }, resolve);
    });
    const address = server.address();
    const port = address && typeof address === 'object' ? address.port : (options.port ?? 0);
    api = new ControlApi(server, options.pair, host, port);
    return api;
  }

  get url(): string {
    return `http://${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.port}`;
  }

  async close(): Promise<void> {
    for (const plan of this.plans) plan.cancel();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://control');
      const body = await this.route(req.method ?? 'GET', url, req);
      send(res, 200, body);
    } catch (err) {
      if (err instanceof HttpError) send(res, err.status, { error: err.message });
      else if (err instanceof FaultSpecError || err instanceof FaultPlanError) send(res, 400, { error: err.message });
      else send(res, 500, { error: (err as Error).stack ?? String(err) });
    }
  }

  private async route(method: string, url: URL, req: IncomingMessage): Promise<unknown> {
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const brokerRoute = /^\/brokers\/([^/]+)(?:\/(fault|drop))?$/.exec(path);
    if (path === '/state') return expect(method, 'GET', () => this.state());
    if (path === '/timeline') return expect(method, 'GET', () => this.timeline(url));
    if (path === '/faults') return expect(method, 'GET', () => faultDefinitions.map((d) => ({ name: d.name, summary: d.summary })));
    if (path === '/notes') {
      const note = parse(noteBody, await readJson(req, method, 'POST'));
      return this.pair.timeline.stamp({ kind: 'note', text: note.text, ...(note.data ? { data: note.data } : {}) });
    }
    if (path === '/plan') {
      if (method === 'DELETE') {
        const cancelled = this.plans.size;
        for (const plan of this.plans) plan.cancel();
        this.plans.clear();
        return { cancelled };
      }
      const steps = await readJson(req, method, 'POST');
      const plan = this.pair.runPlan(steps);
      this.plans.add(plan);
      void plan.done.then(
        () => this.plans.delete(plan),
        (err: Error) => {
          this.plans.delete(plan);
          this.pair.timeline.stamp({ kind: 'note', text: `fault plan failed: ${err.message}` });
        },
      );
      return { start: plan.start, steps: Array.isArray(steps) ? steps.length : 0 };
    }
    if (brokerRoute) {
      const broker = this.brokerNamed(brokerRoute[1]!);
      if (brokerRoute[2] === undefined) return expect(method, 'GET', () => brokerState(broker));
      if (brokerRoute[2] === 'fault') {
        if (method === 'GET') return { broker: broker.name, fault: broker.fault };
        await broker.setFault(await readJson(req, method, 'PUT'));
        return { broker: broker.name, fault: broker.fault };
      }
      const { how } = parse(dropBody, await readJson(req, method, 'POST', {}));
      const dropped = broker.connections.filter((c) => c.state === 'open').length;
      broker.dropAll(how);
      return { broker: broker.name, dropped, how };
    }
    throw new HttpError(404, `no such path ${path}; see GET /state, GET /timeline, PUT /brokers/<primary|backup>/fault`);
  }

  private brokerNamed(name: string): Broker {
    const parsed = brokerName.safeParse(name);
    if (!parsed.success) throw new HttpError(404, `no broker "${name}"; brokers: primary, backup`);
    return this.pair.broker(parsed.data as BrokerName);
  }

  private state(): unknown {
    const t = now();
    return {
      clock: { now: t, wall: new Date(wallTimeOf(t)).toISOString() },
      brokers: { primary: brokerState(this.pair.primary), backup: brokerState(this.pair.backup) },
      timeline: { events: this.pair.timeline.size },
      plans: this.plans.size,
    };
  }

  private timeline(url: URL): unknown {
    const filter: EventFilter = {};
    const since = url.searchParams.get('since');
    if (since !== null) filter.since = number('since', since);
    const until = url.searchParams.get('until');
    if (until !== null) filter.until = number('until', until);
    const conn = url.searchParams.get('conn');
    if (conn !== null) filter.conn = number('conn', conn);
    const broker = url.searchParams.get('broker');
    if (broker !== null) filter.broker = this.brokerNamed(broker).name;
    const kinds = url.searchParams.getAll('kind').flatMap((k) => k.split(','));
    if (kinds.length > 0) filter.kind = parse(kindList, kinds) as EventFilter['kind'];
    return this.pair.timeline.events(filter);
  }
}

function brokerState(broker: Broker): unknown {
  return {
    name: broker.name,
    host: broker.host,
    port: broker.port,
    listening: broker.listening,
    fault: broker.fault,
    connections: broker.connections,
  };
}

function expect(method: string, wanted: string, answer: () => unknown): unknown {
  if (method !== wanted) throw new HttpError(405, `${method} is not allowed here; use ${wanted}`);
  return answer();
}

function number(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value)) throw new HttpError(400, `query parameter ${name} must be a number, got "${text}"`);
  return value;
}

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw new HttpError(400, z.prettifyError(result.error));
  return result.data;
}

async function readJson(req: IncomingMessage, method: string, wanted: string, empty?: unknown): Promise<unknown> {
  if (method !== wanted) throw new HttpError(405, `${method} is not allowed here; use ${wanted}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') {
    if (empty !== undefined) return empty;
    throw new HttpError(400, 'the body is empty; send JSON such as {"fault":"accept"}');
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, `the body is not JSON: ${(err as Error).message}`);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = `${JSON.stringify(body, null, 2)}\n`;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
