import { AssemblyStacks } from '../assembly/CloudAssembly';
import { FoundResource, referencedIds, resourceIn, resourcesOfType } from './templateQueries';

/**
 * The functions that serve the API's requests: those API Gateway may invoke (a Lambda permission for
 * `apigateway.amazonaws.com`, through an alias or a version) or that have a function URL. Other functions, such as
 * CDK's custom resource handlers, run only during deploys and are not priced.
 */
export function servingFunctions(stacks: AssemblyStacks): FoundResource[] {
  const found = new Map<string, FoundResource>();
  const resolve = (stackName: string, id: string, depth: number): void => {
    const r = resourceIn(stacks, stackName, id);
    if (!r || depth > 3) return;
    if (r.resource.Type === 'AWS::Lambda::Function') {
      found.set(r.path, r);
    } else if (r.resource.Type === 'AWS::Lambda::Alias' || r.resource.Type === 'AWS::Lambda::Version') {
      for (const next of referencedIds(r.resource.Properties?.FunctionName)) resolve(stackName, next, depth + 1);
    }
  };
  for (const permission of resourcesOfType(stacks, 'AWS::Lambda::Permission')) {
    const principal = permission.resource.Properties?.Principal;
    if (typeof principal !== 'string' || !principal.startsWith('apigateway.')) continue;
    for (const id of referencedIds(permission.resource.Properties?.FunctionName)) resolve(permission.stackName, id, 0);
  }
  for (const url of resourcesOfType(stacks, 'AWS::Lambda::Url')) {
    for (const id of referencedIds(url.resource.Properties?.TargetFunctionArn)) resolve(url.stackName, id, 0);
  }
  return [...found.values()].sort((a, b) => a.path.localeCompare(b.path));
}
