import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { before, test } from 'node:test';
import { writeDemoExport } from '../../src/demo/demo-export-writer.ts';
import { runCli } from '../support/run-cli.ts';
import { tempDir } from '../support/temp-dir.ts';

const README = path.resolve(import.meta.dirname, '../../README.md');

/** The `npx lakehunt …` commands of the README's shell blocks, continuation lines joined. */
async function readmeCommands(): Promise<string[]> {
  const text = await readFile(README, 'utf8');
  const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const commands: string[] = [];
  for (const block of blocks) {
    const joined = block.replace(/\\\n\s*/g, ' ');
    for (const line of joined.split('\n')) {
      const command = line.replace(/\s+#.*$/, '').trim();
      if (command.startsWith('npx lakehunt ')) commands.push(command.slice('npx lakehunt '.length));
    }
  }
  return commands;
}

/** Splits a shell command line into words (single and double quotes). */
function words(line: string): string[] {
  return [...line.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)].map((m) => (m[1] ?? m[2] ?? m[3])!);
}

let dir = '';

before(async () => {
  dir = await tempDir();
  // The README's examples use two windows: April 2024 and the Sentinel notebook's November 2021.
  await writeDemoExport({
    outDir: path.join(dir, 'logs'),
    hosts: 6,
    days: 3,
    endDate: '2024-04-21',
    seed: 3,
  });
  await writeDemoExport({
    outDir: path.join(dir, 'logs'),
    hosts: 4,
    days: 1,
    endDate: '2021-11-17',
    seed: 4,
  });
});

test('every lakehunt command in the README runs (commands that need a Spark server or an Azure account are skipped)', async () => {
  const commands = await readmeCommands();
  assert.ok(commands.length >= 5, 'the README shows its commands');
  for (const command of commands) {
    // Spark sessions need a server (test/spark/live); Azure sources an account (tested against the
    // Azurite emulator in test/ingest/azure-blob-ingest.test.ts).
    if (command.startsWith('session ') || /\shttps:\/\//.test(command)) continue;
    const args = words(command).map((w) =>
      w === '../logs'
        ? path.join(dir, 'logs', 'am-commonsecuritylog')
        : w === './lake'
          ? path.join(dir, 'lake')
          : w,
    );
    const out = args.indexOf('--out');
    if (out >= 0) args[out + 1] = path.join(dir, args[out + 1]!);
    const r = await runCli(args, dir);
    assert.equal(r.code, 0, `lakehunt ${command}\n${r.stderr}`);
  }
});
