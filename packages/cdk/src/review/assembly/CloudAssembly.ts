import * as fs from 'fs';
import * as path from 'path';
import { InputError } from '../InputError';
import { readJsonFile } from '../readJsonFile';

/** A CloudFormation template, as `cdk synth` writes it. */
export type CfnTemplate = Record<string, any>;

/** The stacks of a cloud assembly (`cdk.out`), by stack name. */
export type AssemblyStacks = ReadonlyMap<string, CfnTemplate>;

interface ManifestArtifact {
  readonly type: string;
  readonly properties?: { readonly stackName?: string; readonly templateFile?: string; readonly directoryName?: string };
}

/**
 * Reads every stack of the cloud assembly in `dir` from its manifest.json (artifacts of type
 * `aws:cloudformation:stack` and their `templateFile`), including those of nested assemblies (CDK stages).
 * Stacks are keyed by their CloudFormation name: that is what matches a base stack to a head stack.
 */
export function readCloudAssembly(dir: string): AssemblyStacks {
  const stacks = new Map<string, CfnTemplate>();
  readInto(dir, stacks);
  return stacks;
}

function readInto(dir: string, stacks: Map<string, CfnTemplate>): void {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new InputError(`${dir} is not a cloud assembly: it has no manifest.json (run cdk synth)`);
  const manifest = readJsonFile(manifestFile) as { artifacts?: Record<string, ManifestArtifact> };
  for (const [id, artifact] of Object.entries(manifest.artifacts ?? {})) {
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      readInto(path.join(dir, artifact.properties.directoryName), stacks);
    } else if (artifact.type === 'aws:cloudformation:stack') {
      const templateFile = artifact.properties?.templateFile;
      if (!templateFile) throw new InputError(`${manifestFile}: stack artifact ${id} has no templateFile`);
      const name = artifact.properties?.stackName ?? id;
      if (stacks.has(name)) throw new InputError(`${dir}: two stacks named ${name}`);
      stacks.set(name, readJsonFile(path.join(dir, templateFile)) as CfnTemplate);
    }
  }
}
