import { GuardResult, StackChanges, StatefulFinding, StatefulOverride } from '../Review';
import { holdsData } from './statefulResources';

/** How {@link statefulGuard} runs. */
export interface StatefulGuardOptions {
  /** Whether the environment is guarded (prod only: a preview's data is disposable). */
  readonly applies: boolean;
  readonly overrides: readonly StatefulOverride[];
  /** The overrides file as the caller named it, for the hint. */
  readonly overridesFile: string;
}

/**
 * The stateful guard: every resource that holds data (statefulResources.ts: by its type, or by the base's retain
 * policy) and that the pull request replaces (for sure or maybe) or removes, its whole stack included, blocks the
 * review unless an override names its stack and logical id. Overrides that name nothing blocked are reported unused.
 */
export function statefulGuard(stacks: readonly StackChanges[], options: StatefulGuardOptions): GuardResult {
  const { overridesFile } = options;
  if (!options.applies) return { applies: false, overridesFile, blocked: [], allowed: [], unusedOverrides: [] };
  const findings = stacks.flatMap((stack) => stack.resources.flatMap((r): StatefulFinding[] => {
    if (r.change !== 'replaced' && r.change !== 'removed') return [];
    const why = holdsData({ type: r.baseType ?? r.type, deletionPolicy: r.deletionPolicy, updateReplacePolicy: r.updateReplacePolicy });
    if (!why) return [];
    const action = r.change === 'removed'
      ? (stack.status === 'removed' ? 'removed with its stack' : 'removed')
      : (r.replacement === 'may' ? 'may be replaced' : 'replaced');
    const policy = r.change === 'removed' ? r.deletionPolicy : r.updateReplacePolicy;
    return [{
      stackName: stack.stackName, logicalId: r.logicalId, type: r.baseType ?? r.type, action,
      replacingProperties: r.replacingProperties, holdsData: why, ...(policy ? { policy } : {}),
    }];
  }));
  const key = (stack: string, logicalId: string) => `${stack}\u0000${logicalId}`;
  const overrides = new Map(options.overrides.map((o) => [key(o.stack, o.logicalId), o]));
  const used = new Set<string>();
  const blocked: StatefulFinding[] = [];
  const allowed: StatefulFinding[] = [];
  for (const finding of findings) {
    const k = key(finding.stackName, finding.logicalId);
    const override = overrides.get(k);
    if (override) {
      used.add(k);
      allowed.push({ ...finding, override });
    } else {
      blocked.push(finding);
    }
  }
  const unusedOverrides = options.overrides.filter((o) => !used.has(key(o.stack, o.logicalId)));
  return { applies: true, overridesFile, blocked, allowed, unusedOverrides };
}
