export * from './CfnTaggability';
export * from './RawResourceTagger';
export * from './ServiceTags';
