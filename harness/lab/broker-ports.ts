/**
 * Which TCP ports each board's broker pair listens on. Every board gets a pair of its own
 * (its own gates, so one board's faults never touch another), decided once from the lab
 * config, in board order:
 *
 * 1. the board's own `brokers: { primaryPort, backupPort }`;
 * 2. else, with `brokers.basePort`, the next two free ports counted up from it;
 * 3. else, for a physical board, the lab-wide `brokers.primaryPort`/`backupPort` (one
 *    board only: a second one would share it);
 * 4. else 0: any free port (virtual boards on loopback need nothing fixed; the harness
 *    writes the address into the board's config before every scenario anyway).
 *
 * Two boards on one port, or a pair whose two ports are one, is a config error found
 * before anything runs.
 */
export interface BrokerPorts {
  primaryPort: number;
  backupPort: number;
}

interface BoardPortsInput {
  name: string;
  kind: 'virtual' | 'physical';
  brokers?: BrokerPorts | undefined;
}

interface LabPortsInput {
  boards: readonly BoardPortsInput[];
  brokers: { primaryPort: number; backupPort: number; basePort?: number | undefined };
}

export interface PortProblem {
  /** Path in the lab config of the setting to change. */
  path: (string | number)[];
  message: string;
}

export interface PortPlan {
  ports: Map<string, BrokerPorts>;
  problems: PortProblem[];
}

const EPHEMERAL: BrokerPorts = { primaryPort: 0, backupPort: 0 };

export function planBrokerPorts(lab: LabPortsInput): PortPlan {
  const ports = new Map<string, BrokerPorts>();
  const problems: PortProblem[] = [];
  const where = new Map<number, string>();
  const fixedOwn = new Set<number>(lab.boards.flatMap((b) => (b.brokers ? [b.brokers.primaryPort, b.brokers.backupPort] : [])));
  let next = lab.brokers.basePort;
  const countUp = (): number => {
    while (next !== undefined && fixedOwn.has(next)) next++;
    const port = next!;
    next = port + 1;
    return port;
  };
  let labPairUser: string | undefined;
  for (const [i, board] of lab.boards.entries()) {
    let pair: BrokerPorts;
    let path: (string | number)[];
    if (board.brokers) {
      pair = board.brokers;
      path = ['boards', i, 'brokers'];
    } else if (lab.brokers.basePort !== undefined) {
      pair = { primaryPort: countUp(), backupPort: countUp() };
      path = ['brokers', 'basePort'];
      if (pair.backupPort > 65535) {
        problems.push({ path, message: `counting broker ports up from ${lab.brokers.basePort} runs past 65535 at board "${board.name}": choose a lower basePort` });
      }
    } else if (board.kind === 'physical' && (lab.brokers.primaryPort !== 0 || lab.brokers.backupPort !== 0)) {
      pair = { primaryPort: lab.brokers.primaryPort, backupPort: lab.brokers.backupPort };
      path = ['brokers'];
      if (labPairUser !== undefined) {
        problems.push({
          path: ['boards', i, 'brokers'],
          message: `boards "${labPairUser}" and "${board.name}" would share the lab-wide broker ports ${pair.primaryPort}/${pair.backupPort}: give each board \`brokers: { primaryPort, backupPort }\`, or set \`brokers.basePort\` to count pairs up from it`,
        });
      }
      labPairUser = board.name;
    } else {
      pair = EPHEMERAL;
      path = ['boards', i];
    }
    ports.set(board.name, pair);
    if (pair.primaryPort !== 0 && pair.primaryPort === pair.backupPort) {
      problems.push({ path, message: `board "${board.name}": primary and backup broker would both listen on port ${pair.primaryPort}` });
    }
    for (const port of new Set([pair.primaryPort, pair.backupPort])) {
      if (port === 0) continue;
      const owner = where.get(port);
      if (owner !== undefined && owner !== board.name) {
        problems.push({ path, message: `boards "${owner}" and "${board.name}" would both run a broker on port ${port}: each board needs ports of its own` });
      }
      where.set(port, board.name);
    }
  }
  return { ports, problems };
}
