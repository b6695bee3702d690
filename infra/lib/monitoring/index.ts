export * from './platformCatalog';
