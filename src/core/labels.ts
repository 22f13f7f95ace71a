/**
 * Labels (`labels.bump`, `labels.only`, `rules[].labels`): the labels a decision asks for, and
 * every label a config names (the only ones the action may remove). Names may hold
 * "{component}", expanded per component.
 */
import type { Config, Rule } from './config/index.js';
import { ROOT_COMPONENT } from './releases.js';
import type { Bump, ChangedFile, ComponentDecision } from './types.js';

const COMPONENT_PLACEHOLDER = '{component}';

function expand(template: string, component: string | null): string | null {
  if (!template.includes(COMPONENT_PLACEHOLDER)) return template;
  return component === null ? null : template.split(COMPONENT_PLACEHOLDER).join(component);
}

/** The labels of the rules that decided files, for one component (null: the top level). */
export function labelsOfRules(rules: readonly Rule[], component: string | null): string[] {
  const out: string[] = [];
  for (const rule of rules) {
    for (const template of rule.labels) {
      const label = expand(template, component);
      if (label !== null) out.push(label);
    }
  }
  return out;
}

/** The labels the decision asks for. */
export function decisionLabels(
  config: Config,
  bump: Bump,
  components: readonly ComponentDecision[],
  files: readonly ChangedFile[],
  truncated: boolean,
  ruleLabels: readonly string[],
): string[] {
  const labels: string[] = [...ruleLabels];
  const bumpLabel = config.labels.bump[bump];
  if (bumpLabel !== undefined && !bumpLabel.includes(COMPONENT_PLACEHOLDER)) labels.push(bumpLabel);
  // A template such as "{component}:minor" gives one label per changed component, by its own bump.
  for (const c of components) {
    const template = config.labels.bump[c.bump];
    if (template !== undefined && template.includes(COMPONENT_PLACEHOLDER) && c.files.length > 0) {
      labels.push(expand(template, c.name)!);
    }
  }
  // "Every changed file matches" cannot be known of a list that may be incomplete.
  if (files.length > 0 && !truncated) {
    for (const { label, paths } of config.labels.only) {
      const all = files.every(
        (f) => paths.matches(f.path) && (f.previousPath === undefined || paths.matches(f.previousPath)),
      );
      if (all) labels.push(label);
    }
  }
  return [...new Set(labels)];
}

/** Every label the config names (expanded for each component): the labels it may remove. */
export function managedLabels(config: Config): string[] {
  const names = config.components?.map((c) => c.name) ?? [ROOT_COMPONENT];
  const templates = [
    ...config.rules.flatMap((r) => r.labels),
    ...(config.components ?? []).flatMap((c) => c.rules.flatMap((r) => r.labels)),
    ...Object.values(config.labels.bump),
    ...config.labels.only.map((o) => o.label),
  ];
  const out = new Set<string>();
  for (const t of templates) {
    if (t.includes(COMPONENT_PLACEHOLDER)) for (const n of names) out.add(expand(t, n)!);
    else out.add(t);
  }
  return [...out];
}
