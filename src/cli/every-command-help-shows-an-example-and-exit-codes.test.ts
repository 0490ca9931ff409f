import { describe, expect, it } from 'vitest';
import { captureOutputAsync } from './capture-output.ts';
import { main } from './main.ts';

/** What `overlaysim <args>` prints on stdout, and its exit code. */
async function stdoutOf(args: string[]): Promise<{ code: number; text: string }> {
  const { result, stdout } = await captureOutputAsync(() => main(['node', 'overlaysim', ...args]));
  return { code: result, text: stdout };
}

const top = await stdoutOf(['--help']);
const COMMANDS = [...(top.text.split('Commands:')[1] ?? '').matchAll(/^ {2}(\w+)/gm)].map((m) => m[1] as string).filter((c) => c !== 'help');

describe('--help of every command', () => {
  it('lists the commands', () => {
    expect(COMMANDS).toEqual(expect.arrayContaining(['run', 'validate', 'explain', 'calibrate', 'compare', 'sweep', 'merge', 'check', 'schema']));
  });

  it.each(COMMANDS)('%s: one example with options it has, and the exit codes 0 and 2', async (command) => {
    const help = await stdoutOf([command, '--help']);
    expect(help.code).toBe(0);
    const example = new RegExp(`\\nExample:\\n {2}overlaysim ${command} (.+)\\n`).exec(help.text);
    expect(example, help.text).not.toBeNull();
    for (const o of (example?.[1] ?? '').matchAll(/\s(--[a-z-]+)/g)) expect(help.text).toContain(`${o[1]} `);
    const codes = [...(help.text.split('Exit codes:\n')[1] ?? '').matchAll(/^ {2}(\d+) +\S/gm)].map((m) => Number(m[1]));
    expect(codes).toEqual(expect.arrayContaining([0, 2]));
  });

  it.each(['run', 'explain', 'sweep'])('%s: the example’s scenario and --set values are valid', async (command) => {
    const example = /\nExample:\n {2}overlaysim \w+ (.+)\n/.exec((await stdoutOf([command, '--help'])).text)?.[1] ?? '';
    const words = [...example.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
    const sets = words.flatMap((w, i) => (w === '--set' ? ['--set', words[i + 1] as string] : []));
    expect(await stdoutOf(['validate', words[0] as string, ...sets])).toMatchObject({ code: 0 });
  });
});
