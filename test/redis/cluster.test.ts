import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster } from 'ioredis';
import { inspectRedis } from '../../src/redis/inspect.js';
import { redisCli, runCli, startRedis, type PrivateRedis } from './helpers.js';
import { watchCommands } from '../../src/redis/forensics/watch.js';

describe('Redis Cluster: --cluster scans every master', () => {
  const nodes: PrivateRedis[] = [];
  let cluster: Cluster | undefined;

  before(async () => {
    for (let i = 0; i < 3; i++) nodes.push(await startRedis(['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${i}.conf`, '--cluster-node-timeout', '5000']));
    await redisCli(nodes[0].port, ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '0', '--cluster-yes']);
    // Bounded wait until every node agrees the cluster is up.
    const deadline = Date.now() + 20_000;
    for (const n of nodes) {
      while (!/cluster_state:ok/.test(await redisCli(n.port, ['CLUSTER', 'INFO']))) {
        if (Date.now() > deadline) throw new Error('cluster did not reach state ok within 20s');
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    cluster = new Cluster([{ host: '127.0.0.1', port: nodes[0].port }], { clusterRetryStrategy: () => null });
    cluster.on('error', () => undefined);
  });
  after(async () => {
    cluster?.disconnect();
    for (const n of nodes) await n.stop();
  });

  test('keys on all three masters are found, each read on its owner', async () => {
    const keys = Array.from({ length: 30 }, (_, i) => `rl:10.9.0.${i}`);
    // Which node owns each key, independently of the inspector: ask each node for its key count.
    for (const k of keys) await cluster!.eval("redis.call('INCR', KEYS[1]) redis.call('PEXPIRE', KEYS[1], 60000)", 1, k);
    const perNode = await Promise.all(nodes.map(async (n) => Number(await n.admin.dbsize())));
    assert.ok(perNode.every((c) => c > 0), `keys hash to every master: ${perNode}`);

    const report = await inspectRedis({ url: `redis://127.0.0.1:${nodes[1].port}`, cluster: true, match: ['rl:*'] });
    assert.equal(report.cluster, true);
    assert.equal(report.nodes.length, 3);
    assert.deepEqual(report.keys.map((k) => k.key).sort(), [...keys].sort());
    const counted = nodes.map((n) => report.keys.filter((k) => k.node === `127.0.0.1:${n.port}`).length);
    assert.deepEqual(counted, perNode);
    assert.ok(report.keys.every((k) => k.library === 'express-rate-limit' && k.count === 1));
  });

  test('CLI --cluster --json: the same keys, every master listed, exit 0', async () => {
    const r = await runCli(['inspect', '--redis', `redis://127.0.0.1:${nodes[2].port}`, '--cluster', '--match', 'rl:*', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual([...report.nodes].sort(), nodes.map((n) => `127.0.0.1:${n.port}`).sort());
    assert.equal(report.keys.length, 30);
  });

  test('--watch on a cluster MONITORs every master', async () => {
    const keys = Array.from({ length: 12 }, (_, i) => `rl:10.9.1.${i}`);
    const rep = await watchCommands(`redis://127.0.0.1:${nodes[0].port}`, 10_000, async () => {
      for (const k of keys) await cluster!.eval("redis.call('INCR', KEYS[1]) redis.call('PEXPIRE', KEYS[1], 60000)", 1, k);
    }, { cluster: true, match: ['rl:10.9.1.*'] });
    // Independently: SCAN is node-local, so each node lists the keys it owns.
    const owned = await Promise.all(nodes.map(async (n) => (await redisCli(n.port, ['--scan', '--pattern', 'rl:10.9.1.*'])).split('\n').filter(Boolean).length));
    assert.ok(owned.every((c) => c > 0), `the keys landed on every master: ${owned}`);
    assert.equal(rep.requests, 12, JSON.stringify(rep));
    assert.equal(rep.limiterCommands, 12, 'every master was monitored');
    assert.equal(rep.atomic, true);
  });

  test('a database index with --cluster: usage error naming it', async () => {
    const r = await runCli(['inspect', '--redis', `redis://127.0.0.1:${nodes[0].port}/3`, '--cluster']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^limitprobe: --redis: database index 3 in redis:\/\/127\.0\.0\.1:\d+\/3, but Redis Cluster has only database 0/);
  });

  test('a plain server with --cluster: clear message', async () => {
    const plain = await startRedis();
    try {
      await assert.rejects(inspectRedis({ url: plain.url, cluster: true }), /Redis at 127\.0\.0\.1:\d+ \(cluster\): /);
    } finally {
      await plain.stop();
    }
  });
});
