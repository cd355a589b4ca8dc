import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, ConfigStore } from '../../../harness/virtual/config/store.ts';
import { firmwareDefaults } from '../../../harness/virtual/config/firmware-defaults.ts';

function tmpFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hil-conf-')), 'conf9.json');
}

test('set changes the running config; unsaved changes are gone after a reboot', () => {
  const store = new ConfigStore(firmwareDefaults(), tmpFile());
  store.set({ mqtt: { server: '127.0.0.1:18830' } });
  assert.equal(store.get('mqtt.server'), '127.0.0.1:18830');
  store.reloadAtBoot();
  assert.equal(store.get('mqtt.server'), '127.0.0.1:1883');
});

test('saved config survives a reboot and a new store on the same file (a restart)', () => {
  const file = tmpFile();
  const store = new ConfigStore(firmwareDefaults(), file);
  store.set({ mqtt: { reconnect_timeout_min: 0.5 }, mqtt1: { enable: true, server: '127.0.0.1:18831' } });
  store.save();
  store.reloadAtBoot();
  assert.equal(store.get('mqtt.reconnect_timeout_min'), 0.5);
  const again = new ConfigStore(firmwareDefaults(), file);
  assert.equal(again.get('mqtt1.server'), '127.0.0.1:18831');
  // Only the differences from the defaults are stored, like conf9.json on a board.
  assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), {
    mqtt: { reconnect_timeout_min: 0.5 },
    mqtt1: { enable: true, server: '127.0.0.1:18831' },
  });
});

test('unknown keys and wrong types are refused, naming the key', () => {
  const store = new ConfigStore(firmwareDefaults(), undefined);
  assert.throws(() => store.set({ mqtt: { sever: 'x' } }), (e: Error) => e instanceof ConfigError && /mqtt\.sever/.test(e.message));
  assert.throws(() => store.set({ mqtt: { keep_alive: 'ten' } }), (e: Error) => e instanceof ConfigError && /keep_alive/.test(e.message));
  assert.throws(() => store.get('nope.key'), /invalid config key nope\.key/);
  assert.equal(store.get('mqtt.keep_alive'), 60);
});

test('without a file, saved config still survives a reboot (flash without persistence across restarts)', () => {
  const store = new ConfigStore(firmwareDefaults(), undefined);
  store.set({ mqtt: { keep_alive: 9 } });
  store.save();
  store.set({ mqtt: { keep_alive: 11 } });
  store.reloadAtBoot();
  assert.equal(store.get('mqtt.keep_alive'), 9);
});
