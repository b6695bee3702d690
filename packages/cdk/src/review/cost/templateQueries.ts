import { AssemblyStacks, CfnTemplate } from '../assembly/CloudAssembly';

/** A resource of one of an assembly's stacks. */
export interface FoundResource {
  readonly stackName: string;
  readonly logicalId: string;
  readonly resource: CfnTemplate;
  /** `<stack>/<logicalId>`: how the estimate names what it priced. */
  readonly path: string;
}

/** Every resource of `types` in every stack. */
export function resourcesOfType(stacks: AssemblyStacks, ...types: string[]): FoundResource[] {
  return [...stacks].flatMap(([stackName, template]) => Object.entries((template.Resources ?? {}) as Record<string, CfnTemplate>)
    .filter(([, resource]) => types.includes(resource.Type))
    .map(([logicalId, resource]) => ({ stackName, logicalId, resource, path: `${stackName}/${logicalId}` })));
}

/** The resource `logicalId` of `stackName`, if any. */
export function resourceIn(stacks: AssemblyStacks, stackName: string, logicalId: string): FoundResource | undefined {
  const resource = stacks.get(stackName)?.Resources?.[logicalId] as CfnTemplate | undefined;
  return resource ? { stackName, logicalId, resource, path: `${stackName}/${logicalId}` } : undefined;
}

/** The logical ids `value` refers to through `Ref`, `Fn::GetAtt` or `${...}` in `Fn::Sub`, at any depth. */
export function referencedIds(value: unknown): Set<string> {
  const ids = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(walk);
    } else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.Ref === 'string') ids.add(o.Ref);
      const getAtt = o['Fn::GetAtt'];
      if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') ids.add(getAtt[0]);
      if (typeof getAtt === 'string') ids.add(getAtt.split('.')[0]);
      const sub = o['Fn::Sub'];
      const text = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
      for (const m of text?.matchAll(/\$\{([A-Za-z0-9]+)(\.[^}]*)?\}/g) ?? []) ids.add(m[1]);
      Object.values(o).forEach(walk);
    }
  };
  walk(value);
  return ids;
}
