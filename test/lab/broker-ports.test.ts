/**
 * Every board gets a broker pair of its own; a lab in which two boards would share a port
 * or a name is refused when the config is read, before any board or broker is touched.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LabConfigError, parseLab } from '../../harness/lab/load.ts';
import { planBrokerPorts } from '../../harness/lab/broker-ports.ts';

const wifi = { ssid: 'lab', pass: 'x' };
const bench = (name: string, extra: Record<string, unknown> = {}) => ({ name, kind: 'physical', port: `/dev/${name}`, wifi, ...extra });

test('fixed ports per board are used as given', () => {
  const lab = parseLab(
    { boards: [bench('b1', { brokers: { primaryPort: 18001, backupPort: 18002 } }), bench('b2', { brokers: { primaryPort: 18003, backupPort: 18004 } })] },
    'lab',
  );
  const { ports, problems } = planBrokerPorts(lab);
  assert.deepEqual(problems, []);
  assert.deepEqual(ports.get('b1'), { primaryPort: 18001, backupPort: 18002 });
  assert.deepEqual(ports.get('b2'), { primaryPort: 18003, backupPort: 18004 });
});

test('a base port is counted up from, two ports a board, skipping ports a board fixed for itself', () => {
  const lab = parseLab(
    {
      brokers: { basePort: 19000 },
      boards: [bench('b1'), bench('b2', { brokers: { primaryPort: 19002, backupPort: 19003 } }), bench('b3'), { name: 'v', kind: 'virtual' }],
    },
    'lab',
  );
  const { ports } = planBrokerPorts(lab);
  assert.deepEqual(ports.get('b1'), { primaryPort: 19000, backupPort: 19001 });
  assert.deepEqual(ports.get('b2'), { primaryPort: 19002, backupPort: 19003 });
  assert.deepEqual(ports.get('b3'), { primaryPort: 19004, backupPort: 19005 });
  assert.deepEqual(ports.get('v'), { primaryPort: 19006, backupPort: 19007 });
});

test('no ports given: any free port (0) for every board; the lab-wide pair goes to the one physical board', () => {
  const lab = parseLab({ brokers: { primaryPort: 1883, backupPort: 1884 }, boards: [bench('b1'), { name: 'v', kind: 'virtual' }] }, 'lab');
  const { ports, problems } = planBrokerPorts(lab);
  assert.deepEqual(problems, []);
  assert.deepEqual(ports.get('b1'), { primaryPort: 1883, backupPort: 1884 });
  assert.deepEqual(ports.get('v'), { primaryPort: 0, backupPort: 0 });
});

test('two physical boards on the lab-wide pair are refused, saying what to set', () => {
  assert.throws(
    () => parseLab({ brokers: { primaryPort: 1883, backupPort: 1884 }, boards: [bench('b1'), bench('b2')] }, 'hil.config.ts'),
    (e: Error) => e instanceof LabConfigError && /"b1" and "b2" would share/.test(e.message) && /basePort/.test(e.message) && /boards\[1\]\.brokers/.test(e.message),
  );
});

test('two boards on one port, or a pair on one port, are refused with the path of the setting', () => {
  assert.throws(
    () =>
      parseLab(
        { boards: [bench('b1', { brokers: { primaryPort: 18001, backupPort: 18002 } }), bench('b2', { brokers: { primaryPort: 18002, backupPort: 18003 } })] },
        'hil.config.ts',
      ),
    (e: Error) => e instanceof LabConfigError && /"b1" and "b2" would both run a broker on port 18002/.test(e.message) && /boards\[1\]\.brokers/.test(e.message),
  );
  assert.throws(() => parseLab({ boards: [bench('b1', { brokers: { primaryPort: 18001, backupPort: 18001 } })] }, 'x'), /both listen on port 18001/);
  assert.throws(() => parseLab({ brokers: { basePort: 65535 }, boards: [bench('b1')] }, 'x'), /past 65535/);
});

test('two boards of one name are refused', () => {
  assert.throws(
    () => parseLab({ boards: [bench('b1'), { name: 'b1', kind: 'virtual' }] }, 'hil.config.ts'),
    (e: Error) => e instanceof LabConfigError && /board name "b1" is already used by boards\[0\]/.test(e.message) && /boards\[1\]\.name/.test(e.message),
  );
});
