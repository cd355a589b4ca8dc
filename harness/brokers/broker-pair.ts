/**
 * The two brokers a device is configured with: `primary` (mqtt) and `backup` (mqtt1),
 * sharing one timeline. Fault plans run against the pair and are cancelled when it closes.
 */
import type { AedesOptions } from 'aedes';
import type { BrokerName } from '../timeline/events.ts';
import { Timeline } from '../timeline/timeline.ts';
import { Broker } from './broker.ts';
import { type FaultPlanOptions, type RunningPlan, startFaultPlan } from './fault-plan.ts';

export interface BrokerPairOptions {
  /** Address to bind (default 127.0.0.1; in the lab, the interface the boards reach). */
  host?: string;
  /** 0 (default): any free port. */
  primaryPort?: number;
  backupPort?: number;
  /** Where events go (default: a new in-memory timeline). */
  timeline?: Timeline;
  aedes?: AedesOptions;
  maxPacketBytes?: number;
  random?: () => number;
}

export class BrokerPair {
  readonly timeline: Timeline;
  readonly primary: Broker;
  readonly backup: Broker;
  private readonly plans = new Set<RunningPlan>();
  private closing: Promise<void> | undefined;

  private constructor(timeline: Timeline, primary: Broker, backup: Broker) {
    this.timeline = timeline;
    this.primary = primary;
    this.backup = backup;
  }

  static async start(options: BrokerPairOptions = {}): Promise<BrokerPair> {
    const timeline = options.timeline ?? new Timeline();
    const common = {
      timeline,
      host: options.host ?? '127.0.0.1',
      ...(options.aedes ? { aedes: options.aedes } : {}),
      ...(options.maxPacketBytes !== undefined ? { maxPacketBytes: options.maxPacketBytes } : {}),
      ...(options.random ? { random: options.random } : {}),
    };
    const primary = await Broker.start({ ...common, name: 'primary', port: options.primaryPort ?? 0 });
    let backup: Broker;
    try {
      backup = await Broker.start({ ...common, name: 'backup', port: options.backupPort ?? 0 });
    } catch (err) {
      await primary.close();
      throw err;
    }
    return new BrokerPair(timeline, primary, backup);
  }

  broker(name: BrokerName): Broker {
    return name === 'primary' ? this.primary : this.backup;
  }

  /** Starts a fault plan (validated; see fault-plan.ts). Closing the pair cancels it. */
  runPlan(steps: unknown, options: FaultPlanOptions = {}): RunningPlan {
    if (this.closing) throw new Error('runPlan: the broker pair is closed');
    const plan = startFaultPlan(this, steps, { timeline: this.timeline, ...options });
    this.plans.add(plan);
    void plan.done.then(
      () => this.plans.delete(plan),
      () => this.plans.delete(plan),
    );
    return plan;
  }

  /** Cancels plans, closes both brokers: nothing left listening, no timers. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const plan of this.plans) plan.cancel();
      await Promise.all([this.primary.close(), this.backup.close()]);
    })();
    return this.closing;
  }
}
