import { Aspects, Tags } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { MANAGED_BY } from '../contracts';
import { DeployEnvironment } from '../config/DeployEnvironment';
import { ServiceConfig } from '../config/ServiceConfig';
import { RawResourceTagger } from './RawResourceTagger';

/** Inputs of the tag set of one service environment. */
export interface ServiceTagsProps {
  readonly config: ServiceConfig;
  readonly env: DeployEnvironment;
  /**
   * When a preview may be deleted by the janitor (RFC 3339, UTC).
   * @default - synth time + `config.previewTtlDays` days (previews only)
   */
  readonly expiresAt?: string;
  /**
   * Clock used for the default `expiresAt`.
   * @default - the current time
   */
  readonly now?: Date;
}

const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** The tag set of docs/conventions.md ("Tags") for one service environment. */
export function serviceTags(props: ServiceTagsProps): Record<string, string> {
  const { config, env } = props;
  const tags: Record<string, string> = {
    service: config.service,
    owner: config.owner,
    environment: env.name,
    repository: config.repository,
    'managed-by': MANAGED_BY,
  };
  if (env.kind === 'preview') {
    const expiresAt = props.expiresAt ?? rfc3339(addDays(props.now ?? new Date(), config.previewTtlDays));
    if (!RFC3339_UTC.test(expiresAt) || Number.isNaN(Date.parse(expiresAt))) {
      throw new Error(`expiresAt must be an RFC 3339 UTC time like 2030-01-31T00:00:00Z, got "${expiresAt}"`);
    }
    tags.preview = 'true';
    tags.pr = String(env.pr);
    tags['expires-at'] = expiresAt;
  }
  return tags;
}

/**
 * Applies the tag set once, at the root (the app): CDK's tag Aspect propagates it to every taggable resource, and
 * RawResourceTagger covers the raw resources of CDK's custom resource providers.
 */
export function applyServiceTags(scope: IConstruct, tags: Record<string, string>): void {
  for (const [key, value] of Object.entries(tags)) {
    Tags.of(scope).add(key, value);
  }
  Aspects.of(scope).add(new RawResourceTagger(tags));
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 24 * 3600 * 1000);
}

function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
