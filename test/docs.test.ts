/** The documentation stays true: examples parse, action.yml matches the SPEC and the code. */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../src/core/index.js';
import { decisionOutputs } from '../src/github/outputs.js';
import { decide, defaultConfig } from '../src/core/index.js';

const root = new URL('..', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

describe('examples', () => {
  it('the example config is valid', () => {
    expect(() => parseConfig(read('examples/bump-classifier.yml'), 'examples/bump-classifier.yml')).not.toThrow();
  });

  it.each(readdirSync(new URL('examples', root)).filter((f) => f.endsWith('.yml') && f !== 'bump-classifier.yml'))(
    'workflow %s is YAML that states its permissions',
    (file) => {
      const workflow = parse(read(`examples/${file}`)) as { permissions?: unknown; jobs?: unknown };
      expect(workflow.permissions).toBeTruthy();
      expect(workflow.jobs).toBeTruthy();
    },
  );
});

describe('action.yml', () => {
  const action = parse(read('action.yml')) as {
    runs: { using: string; main: string };
    inputs: Record<string, { default?: string }>;
    outputs: Record<string, unknown>;
  };

  it('runs the committed bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.cjs' });
  });

  it('declares every SPEC input with its default', () => {
    expect(Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default]))).toEqual({
      token: '${{ github.token }}',
      config: '.github/bump-classifier.yml',
      base: '',
      head: '',
      label: 'true',
      comment: 'false',
      tag: 'false',
      release: 'false',
      'dry-run': 'false',
      'floating-tags': 'none',
      'release-notes': 'why+github',
      draft: 'false',
    });
  });

  it('declares exactly the outputs the action sets', () => {
    const d = decide({ config: defaultConfig(), files: [], tags: [], base: 'a', head: 'b', branch: null });
    expect(Object.keys(action.outputs).sort()).toEqual(Object.keys(decisionOutputs(d)).sort());
  });

  it('the README documents every input and output', () => {
    const readme = read('README.md');
    for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)]) expect(readme).toContain(`\`${name}\``);
  });
});
