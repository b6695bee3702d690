export * from './fixedNameLogGroup';
