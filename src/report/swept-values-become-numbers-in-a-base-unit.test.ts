import { describe, expect, it } from 'vitest';
import { sweptColumn } from './swept-values.ts';

describe('a swept field in index.csv', () => {
  it('with a unit becomes numbers in the base unit, named in the column', () => {
    const rate = sweptColumn('workloads.0.packetRate', ['40000/s', '100/ms']);
    expect([rate.name, rate.numeric, rate.cell('40000/s'), rate.cell('100/ms')]).toEqual(['workloads.0.packetRatePerS', true, 40000, 100000]);
    expect(sweptColumn('underlay.hostLink.bandwidth', ['10Gbps', '25Gbps']).cell('25Gbps')).toBe(25e9);
    expect(sweptColumn('underlay.hostLink.bandwidth', ['10Gbps']).name).toBe('underlay.hostLink.bandwidthBps');
    expect(sweptColumn('underlay.hostLink.queue', ['1MiB', '64KiB']).cell('64KiB')).toBe(65536);
    expect(sweptColumn('underlay.hostLink.delay', ['5us', '1ms']).cell('5us')).toBe(5000);
    expect(sweptColumn('underlay.hostLink.loss', ['0.1%', '1%']).cell('1%')).toBe(0.01);
  });

  it('keeps numbers and booleans as they are, and anything mixed or named as text', () => {
    expect(sweptColumn('underlay.hosts', [8, 16])).toMatchObject({ name: 'underlay.hosts', numeric: true });
    const encrypted = sweptColumn('networks.appnet.encrypted', [false, true]);
    expect([encrypted.numeric, encrypted.cell(false)]).toEqual([false, 'false']);
    const cpu = sweptColumn('hosts.cpu', ['aesni', 'generic']);
    expect([cpu.name, cpu.numeric, cpu.cell('aesni')]).toEqual(['hosts.cpu', false, 'aesni']);
    // Packets (a number) and bytes (a size) mean different things in one queue field.
    expect(sweptColumn('underlay.hostLink.queue', [1000, '1MiB'])).toMatchObject({ name: 'underlay.hostLink.queue', numeric: false });
    expect(sweptColumn('networks.appnet.subnet', ['10.0.0.0/24', null]).cell(null)).toBe('');
  });
});
