import { fullDiff, ResourceDifference, ResourceImpact, TemplateDiff } from '@aws-cdk/cloudformation-diff';
import { CfnTemplate } from '../assembly/CloudAssembly';
import { ResourceChange, StackChanges, TemplateEntryChange } from '../Review';

/** The resource-level changes of one stack, and the library's diff they come from (for the security changes). */
export interface StackDiff {
  readonly changes: StackChanges;
  readonly diff: TemplateDiff;
}

/**
 * Diffs one stack's base and head templates (already stripped of synth noise) with `@aws-cdk/cloudformation-diff`,
 * the library `cdk diff` uses: it knows, per resource type and property, whether a change updates in place or
 * replaces. A stack missing on one side is diffed against an empty template: every resource added, or removed.
 */
export function diffStack(stackName: string, base: CfnTemplate | undefined, head: CfnTemplate | undefined): StackDiff {
  const diff = fullDiff(base ?? {}, head ?? {});
  const resources: ResourceChange[] = [];
  diff.resources.forEachDifference((logicalId, change) => {
    if (change.isDifferent) resources.push(resourceChange(logicalId, change));
  });
  const status = !base ? 'added' : !head ? 'removed' : resources.length > 0 || diff.differenceCount > 0 ? 'modified' : 'unchanged';
  return { changes: { stackName, status, resources: resources.sort(byLogicalId), templateChanges: templateChanges(diff) }, diff };
}

function resourceChange(logicalId: string, change: ResourceDifference): ResourceChange {
  const oldType = change.oldResourceType;
  const newType = change.newResourceType;
  const base = change.oldValue;
  const policies = {
    ...(base?.DeletionPolicy ? { deletionPolicy: String(base.DeletionPolicy) } : {}),
    ...(base?.UpdateReplacePolicy ? { updateReplacePolicy: String(base.UpdateReplacePolicy) } : {}),
  };
  const changedProperties = [
    ...Object.keys(change.propertyUpdates),
    ...Object.keys(change.otherChanges),
    ...(change.resourceTypeChanged && !change.isAddition && !change.isRemoval ? ['Type'] : []),
  ].sort();
  const common = { logicalId, replacingProperties: [] as string[], changedProperties, ...policies };
  if (change.isAddition) return { ...common, type: newType!, change: 'added' };
  if (change.isRemoval) {
    return { ...common, type: oldType!, change: 'removed', ...(change.changeImpact === ResourceImpact.WILL_ORPHAN ? { orphaned: true } : {}) };
  }
  const typeChanged = oldType !== newType;
  const type = typeChanged ? `${oldType} -> ${newType}` : newType!;
  const impact = change.changeImpact;
  if (impact === ResourceImpact.WILL_REPLACE || impact === ResourceImpact.MAY_REPLACE) {
    const replacingProperties = typeChanged
      ? ['Type']
      : Object.entries(change.propertyUpdates)
        .filter(([, p]) => p.changeImpact === ResourceImpact.WILL_REPLACE || p.changeImpact === ResourceImpact.MAY_REPLACE)
        .map(([name]) => name)
        .sort();
    return {
      ...common,
      type,
      ...(typeChanged ? { baseType: oldType! } : {}),
      change: 'replaced',
      replacement: impact === ResourceImpact.WILL_REPLACE ? 'will' : 'may',
      replacingProperties,
    };
  }
  return { ...common, type, change: 'modified' };
}

const SECTIONS = ['Outputs', 'Parameters', 'Conditions', 'Mappings'] as const;

function templateChanges(diff: TemplateDiff): TemplateEntryChange[] {
  const collections = { Outputs: diff.outputs, Parameters: diff.parameters, Conditions: diff.conditions, Mappings: diff.mappings };
  return SECTIONS.flatMap((section) => {
    const entries: TemplateEntryChange[] = [];
    collections[section].forEachDifference((name, d) => {
      if (!d.isDifferent) return;
      entries.push({ section, name, change: d.isAddition ? 'added' : d.isRemoval ? 'removed' : 'modified' });
    });
    return entries.sort((a, b) => a.name.localeCompare(b.name));
  });
}

function byLogicalId(a: ResourceChange, b: ResourceChange): number {
  return a.logicalId.localeCompare(b.logicalId);
}
